"""The schedule, declared once, and the APScheduler process that keeps it.

APScheduler is only the clock: every job is a plain function of ``now`` that
reads and writes the database, which holds every planned text. The job store is
in memory, so a restart loses nothing; each job runs once at start, then on
its interval.
"""

import contextlib
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
    # Before dispatch, so a page it queues goes out in the same pass.
    PeriodicJob("page_urgent_items", tasks.page_urgent_items, 15),
    PeriodicJob("dispatch_due_texts", tasks.dispatch_due_texts, 15),
    # Often enough that a killed worker's texts are sent again within about a minute.
    PeriodicJob("reconcile_unknown_texts", tasks.reconcile_unknown_texts, 20),
    PeriodicJob("expire_stale_texts", tasks.expire_stale_texts, 300),
    PeriodicJob("follow_up_silence", tasks.follow_up_silence, 600),
    PeriodicJob("checkpoint_sqlite_wal", tasks.checkpoint_sqlite_wal, 300),
    PeriodicJob("apply_retention", tasks.apply_retention, 6 * 3600),
)
# What run_job returns for a job that raised; `jobs run-once` exits non-zero on it.
FAILED = "failed (see log)"


def run_job(app: Flask, job: PeriodicJob, now: datetime | None = None) -> str:
    """Run one job in an app context; log and swallow its failure so the clock keeps going."""
    with app.app_context():
        try:
            summary = job.run(now or datetime.now(UTC))
        except Exception:
            log.exception("job %s failed", job.name)
            with contextlib.suppress(Exception):  # a lost connection cannot roll back either
                db.session.rollback()
            return FAILED
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
