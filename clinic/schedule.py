"""Working hours and closed days: when each practitioner can be booked, and the next free slot."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.errors import InvalidInput
from clinic.i18n import format_local
from clinic.i18n import gettext as _
from clinic.models import ClosedDay, ScheduleEvent, Staff, Visit, WorkingHours
from clinic.models.base import DbSession
from clinic.models.visit import OPEN_STATUSES
from clinic.timeutil import local_datetime

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
Hours = dict[str, list[list[str]]]
# Until an admin sets them, everyone works every day 08:00-20:00.
DEFAULT_HOURS: Hours = {d: [["08:00", "20:00"]] for d in DAYS}
_HHMM = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
SLOT_STEP = timedelta(minutes=15)
SEARCH_DAYS = 60


def _minutes(text: str) -> int:
    hh, mm = text.split(":")
    return int(hh) * 60 + int(mm)


def parse_hours(data: Any) -> Hours:
    """Check weekly hours as the API and the admin page send them; raise InvalidInput."""
    if not isinstance(data, dict):
        raise InvalidInput({"hours": _("Give an object with mon … sun.")})
    errors: dict[str, str] = {}
    unknown = sorted(set(data) - set(DAYS) - {"override"})
    if unknown:
        errors[unknown[0]] = "Days are mon, tue, wed, thu, fri, sat and sun."
    hours: Hours = {}
    for day in DAYS:
        spans = data.get(day)
        if not isinstance(spans, list):
            errors[day] = _('Give a list of ["HH:MM", "HH:MM"] spans ([] for a day off).')
            continue
        clean: list[list[str]] = []
        for span in spans:
            ok = (
                isinstance(span, list)
                and len(span) == 2
                and all(isinstance(t, str) and _HHMM.match(t) for t in span)
                and span[0] != "24:00"
                and _minutes(span[0]) < _minutes(span[1])
            )
            if not ok:
                errors[day] = f'{span!r} is not a ["HH:MM", "HH:MM"] span ending after it starts.'
                break
            clean.append([span[0], span[1]])
        clean.sort(key=lambda s: s[0])
        if any(_minutes(a[1]) > _minutes(b[0]) for a, b in zip(clean, clean[1:], strict=False)):
            errors.setdefault(day, "Spans overlap.")
        hours[day] = clean
    if errors:
        raise InvalidInput(errors)
    return hours


def hours_of(session: DbSession, practitioner_id: int) -> Hours:
    """Return a practitioner's weekly hours (the default until an admin sets them)."""
    row = session.get(WorkingHours, practitioner_id)
    return dict(row.hours) if row is not None else dict(DEFAULT_HOURS)


def describe_hours(hours: Hours) -> str:
    """Say weekly hours in a line staff read: "Mon 09:00-18:00, …, Sun day off"."""
    parts = []
    for day in DAYS:
        spans = ", ".join(f"{a}–{b}" for a, b in hours[day]) or "day off"
        parts.append(f"{DAY_NAMES[day]} {spans}")
    return "; ".join(parts)


def set_hours(
    session: DbSession, practitioner: Staff, hours: Hours, staff: Staff | None, now: datetime
) -> Hours:
    """Replace a practitioner's weekly hours, audited."""
    row = session.get(WorkingHours, practitioner.id)
    if row is None:
        row = WorkingHours(practitioner_id=practitioner.id, hours=hours)
        session.add(row)
    row.hours, row.updated_at = hours, now
    row.updated_by_id = staff.id if staff else None
    session.add(
        ScheduleEvent(
            staff=staff,
            action="hours_set",
            detail=f"{practitioner.name}: {describe_hours(hours)}",
            at=now,
        )
    )
    session.flush()
    return hours


def closed_days(session: DbSession, start: date, end: date) -> dict[date, str]:
    """Return the clinic's closed days between two dates (inclusive) with their reasons."""
    rows = session.scalars(sa.select(ClosedDay).where(ClosedDay.day >= start, ClosedDay.day <= end))
    return {r.day: r.reason for r in rows}


def close_day(
    session: DbSession, day: date, reason: str, staff: Staff | None, now: datetime
) -> None:
    """Close the clinic on a local day; closing it twice keeps the first reason."""
    if session.get(ClosedDay, day) is None:
        session.add(ClosedDay(day=day, reason=reason.strip()[:120]))
        session.add(
            ScheduleEvent(staff=staff, action="day_closed", detail=f"{day} {reason}", at=now)
        )
        session.flush()


def open_day(session: DbSession, day: date, staff: Staff | None, now: datetime) -> None:
    """Open a closed day again."""
    row = session.get(ClosedDay, day)
    if row is not None:
        session.delete(row)
        session.add(ScheduleEvent(staff=staff, action="day_opened", detail=str(day), at=now))
        session.flush()


def spans_on(
    session: DbSession, clinic: ClinicSettings, practitioner_id: int, day: date
) -> list[tuple[datetime, datetime]]:
    """Return the practitioner's working spans on a local day, as aware datetimes."""
    if closed_days(session, day, day):
        return []
    return _spans(hours_of(session, practitioner_id), clinic, day)


def spans_for(
    session: DbSession, clinic: ClinicSettings, practitioner_ids: list[int], day: date
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Return several practitioners' working spans on a local day, in two statements."""
    if closed_days(session, day, day):
        return {pid: [] for pid in practitioner_ids}
    set_hours = {
        row.practitioner_id: dict(row.hours)
        for row in session.scalars(
            sa.select(WorkingHours).where(WorkingHours.practitioner_id.in_(practitioner_ids))
        )
    }
    return {
        pid: _spans(set_hours.get(pid, dict(DEFAULT_HOURS)), clinic, day)
        for pid in practitioner_ids
    }


def _spans(hours: Hours, clinic: ClinicSettings, day: date) -> list[tuple[datetime, datetime]]:
    spans = []
    for a, b in hours[DAYS[day.weekday()]]:
        start = local_datetime(day, time.fromisoformat(a), clinic.timezone)
        end = (
            local_datetime(day + timedelta(days=1), time(0), clinic.timezone)
            if b == "24:00"
            else local_datetime(day, time.fromisoformat(b), clinic.timezone)
        )
        spans.append((start, end))
    return spans


def outside_hours(
    session: DbSession,
    clinic: ClinicSettings,
    practitioner: Staff,
    starts_at: datetime,
    ends_at: datetime,
) -> str | None:
    """Say why a time is outside the practitioner's hours, or None when it is inside."""
    day = starts_at.astimezone(clinic.timezone).date()
    closed = closed_days(session, day, day)
    if closed:
        if closed[day]:
            return _(
                "The clinic is closed on %(day)s (%(reason)s).",
                day=format_local(day, "day"),
                reason=closed[day],
            )
        return _("The clinic is closed on %(day)s.", day=format_local(day, "day"))
    spans = spans_on(session, clinic, practitioner.id, day)
    if any(a <= starts_at and ends_at <= b for a, b in spans):
        return None
    weekday = DAYS[day.weekday()]
    hours = hours_of(session, practitioner.id)[weekday]
    if not hours:
        return _(
            "%(name)s works on %(day)s not at all (day off); this time is outside.",
            name=practitioner.name,
            day=_(DAY_NAMES[weekday]),
        )
    return _(
        "%(name)s works on %(day)s %(hours)s; this time is outside.",
        name=practitioner.name,
        day=_(DAY_NAMES[weekday]),
        hours=", ".join(f"{a}–{b}" for a, b in hours),
    )


@dataclass(frozen=True)
class FreeSlot:
    """A time at which a practitioner is free for the asked length."""

    practitioner: Staff
    starts_at: datetime


def _busy(session: DbSession, practitioner_id: int, start: datetime, end: datetime) -> list[Visit]:
    return list(
        session.scalars(
            sa.select(Visit).where(
                Visit.practitioner_id == practitioner_id,
                Visit.status.in_(OPEN_STATUSES),
                Visit.starts_at < end,
                Visit.ends_at > start,
            )
        )
    )


def next_free_slot(
    session: DbSession,
    clinic: ClinicSettings,
    practitioners: list[Staff],
    duration_minutes: int,
    after: datetime,
    ignore_visit_id: int | None = None,
) -> FreeSlot | None:
    """Return the earliest free slot of this length at or after ``after``, within 60 days."""
    length = timedelta(minutes=duration_minutes)
    first_day = after.astimezone(clinic.timezone).date()
    for offset in range(SEARCH_DAYS):
        day = first_day + timedelta(days=offset)
        best: FreeSlot | None = None
        for practitioner in practitioners:
            slot = _first_on(session, clinic, practitioner, day, length, after, ignore_visit_id)
            if slot is not None and (best is None or slot.starts_at < best.starts_at):
                best = slot
        if best is not None:
            return best
    return None


def _first_on(
    session: DbSession,
    clinic: ClinicSettings,
    practitioner: Staff,
    day: date,
    length: timedelta,
    after: datetime,
    ignore_visit_id: int | None,
) -> FreeSlot | None:
    for span_start, span_end in spans_on(session, clinic, practitioner.id, day):
        busy = [
            v
            for v in _busy(session, practitioner.id, span_start, span_end)
            if v.id != ignore_visit_id
        ]
        at = span_start
        while at < after:
            at += SLOT_STEP
        while at + length <= span_end:
            clash = next((v for v in busy if v.starts_at < at + length and v.ends_at > at), None)
            if clash is None:
                return FreeSlot(practitioner, at)
            at = max(at + SLOT_STEP, clash.ends_at)
        continue
    return None
