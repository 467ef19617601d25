"""The schedule, declared once, and the APScheduler process that keeps it.

APScheduler is only the clock: every job is a plain function of ``now`` that
reads and writes the database, which holds every planned text. The job store is
in memory, so a restart loses nothing; each job runs once at start, then on
its interval.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from flask import Flask

from clinic.extensions import db
from jobs import tasks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """A job function and how often it runs."""

    name: str
    run: Callable[[datetime], str]
    every_seconds: int


SCHEDULE: tuple[PeriodicJob, ...] = (
    PeriodicJob("dispatch_due_texts", tasks.dispatch_due_texts, 15),
    PeriodicJob("reconcile_unknown_texts", tasks.reconcile_unknown_texts, 60),
    PeriodicJob("expire_stale_texts", tasks.expire_stale_texts, 300),
    PeriodicJob("follow_up_silence", tasks.follow_up_silence, 600),
    PeriodicJob("apply_retention", tasks.apply_retention, 6 * 3600),
)


def run_job(app: Flask, job: PeriodicJob, now: datetime | None = None) -> str:
    """Run one job in an app context; log and swallow its failure so the clock keeps going."""
    with app.app_context():
        try:
            summary = job.run(now or datetime.now(UTC))
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", job.name)
            return "failed (see log)"
        finally:
            db.session.remove()
    log.info("%s: %s", job.name, summary)
    return summary


def run_all_once(app: Flask, now: datetime | None = None) -> dict[str, str]:
    """Run every job once as of ``now``; return each job's summary."""
    moment = now or datetime.now(UTC)
    return {job.name: run_job(app, job, moment) for job in SCHEDULE}


def build_scheduler(app: Flask) -> BackgroundScheduler:
    """Create an APScheduler with every job of SCHEDULE, each also due at once."""
    options = {
        "jobstores": {"default": MemoryJobStore()},
        "executors": {"default": ThreadPoolExecutor(max_workers=len(SCHEDULE))},
        # One run of each job at a time; a late run is merged, never doubled.
        "job_defaults": {"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        "timezone": UTC,
    }
    scheduler = BackgroundScheduler(**options)
    start = datetime.now(UTC)
    for job in SCHEDULE:
        scheduler.add_job(
            run_job,
            "interval",
            seconds=job.every_seconds,
            args=(app, job),
            id=job.name,
            name=job.name,
            next_run_time=start,
        )
    return scheduler


def run_forever(app: Flask, stop: threading.Event) -> None:
    """Run the scheduler in the background until ``stop`` is set, then shut it down."""
    scheduler = build_scheduler(app)
    scheduler.start()
    stop.wait()
    scheduler.shutdown(wait=True)
