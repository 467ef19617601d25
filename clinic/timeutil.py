"""Clinic-local time: plan and show in the clinic's zone, store in UTC."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change."""


class AmbiguousLocalTime(ValueError):
    """A wall-clock time that happens twice in a daylight-saving change."""


def local_datetime(day: date, at: time, tz: ZoneInfo, *, strict: bool = False) -> datetime:
    """Return ``day`` at wall-clock ``at`` in ``tz`` as an aware UTC datetime.

    Times skipped by a spring-forward change move forward by the gap (02:30
    becomes 03:30, as a clock would); with ``strict`` they raise
    NonexistentLocalTime instead.
    Repeated times in a fall-back change take their first occurrence; with
    ``strict`` they raise AmbiguousLocalTime.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if strict and round_trip != naive:
        raise NonexistentLocalTime(f"{naive:%Y-%m-%d %H:%M} does not exist in {tz.key}")
    if strict and first.utcoffset() != naive.replace(tzinfo=tz, fold=1).utcoffset():
        raise AmbiguousLocalTime(f"{naive:%Y-%m-%d %H:%M} happens twice in {tz.key}")
    # PEP 495: fold=0 of a skipped time converts to the moment after the gap.
    return first.astimezone(UTC)


def to_local(moment: datetime, tz: ZoneInfo) -> datetime:
    """Return an aware datetime converted to the clinic's zone."""
    return moment.astimezone(tz)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the UTC start and end of a clinic-local day."""
    return local_datetime(day, time(0), tz), local_datetime(day + timedelta(days=1), time(0), tz)


def local_today(now: datetime, tz: ZoneInfo) -> date:
    """Return the clinic-local date of ``now``."""
    return now.astimezone(tz).date()


def in_window(local: time, start: time, end: time) -> bool:
    """Whether ``local`` falls in [start, end), a window that may wrap midnight."""
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def end_of_window(moment: datetime, start: time, end: time, tz: ZoneInfo) -> datetime:
    """Return the first moment at or after ``moment`` outside the local window."""
    local = moment.astimezone(tz)
    if not in_window(local.time(), start, end):
        return moment
    day = local.date()
    if start > end and local.time() >= start:
        day += timedelta(days=1)
    return local_datetime(day, end, tz)
