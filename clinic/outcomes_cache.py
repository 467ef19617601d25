"""Outcome reports kept until the rows they add up change, so a page view is no scan."""

import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.models import Message, Reply, ReviewItem, Visit
from clinic.models.base import DbSession
from clinic.outcomes import outcomes
from clinic.timeutil import local_datetime

# Changes the stamp does not see (an opt-out, a reopened visit, a delivery status)
# show after at most this long.
MAX_AGE = timedelta(minutes=10)
MAX_ENTRIES = 64


def data_stamp(session: DbSession, since: datetime, until: datetime) -> tuple[Any, ...]:
    """What a report depends on, in one statement of index look-ups."""

    def latest(column: Any, *where: Any) -> Any:
        return sa.select(sa.func.max(column)).where(*where).scalar_subquery()

    procedures = (Visit.kind == "procedure", Visit.status == "completed")
    return tuple(
        session.execute(
            sa.select(
                sa.select(sa.func.count())
                .select_from(Visit)
                .where(*procedures, Visit.completed_at >= since, Visit.completed_at < until)
                .scalar_subquery(),
                latest(Reply.id),
                latest(ReviewItem.resolved_at, ReviewItem.status == "resolved"),
                # Time to acknowledge is part of the report too.
                latest(ReviewItem.acknowledged_at),
                latest(ReviewItem.id),
                latest(Visit.completed_at, Visit.kind == "procedure", Visit.status == "completed"),
                *(
                    latest(Message.sent_at, Message.kind == kind, Message.status.in_(HANDED))
                    for kind in ("check", "nudge")
                ),
            )
        ).one()
    )


HANDED = ("sent", "delivered")


@dataclass
class _Entry:
    stamp: tuple[Any, ...]
    made_at: datetime
    report: dict[str, object]


class OutcomesCache:
    """Outcome reports by range and grouping, recomputed when the data stamp moves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[date, date, str | None, str], _Entry] = {}

    def report(
        self,
        session: DbSession,
        clinic: ClinicSettings,
        start: date,
        end: date,
        by: str | None,
        now: datetime,
    ) -> dict[str, object]:
        """Return the report for these days, from the cache while it is still true."""
        key = (start, end, by, clinic.timezone.key)
        since = local_datetime(start, time(0), clinic.timezone)
        until = local_datetime(end + timedelta(days=1), time(0), clinic.timezone)
        stamp = data_stamp(session, since, until)
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry.stamp == stamp and now - entry.made_at < MAX_AGE:
            return entry.report
        report = outcomes(session, clinic, start, end, by)
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                oldest = min(self._entries, key=lambda k: self._entries[k].made_at)
                del self._entries[oldest]
            self._entries[key] = _Entry(stamp, now, report)
        return report
