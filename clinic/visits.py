"""Booking: book, move, confirm, cancel and complete visits, never double-booking."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import aliased, selectinload

from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.i18n import format_local
from clinic.i18n import gettext as _
from clinic.labels import english_label
from clinic.models import Message, Patient, Staff, Visit, VisitEvent, VisitThread
from clinic.models.base import DbSession
from clinic.models.visit import (
    AREAS,
    OPEN_STATUSES,
    THREAD_MATERIALS,
    THREAD_TYPES,
    VISIT_KINDS,
)
from clinic.outbox import sync_visit_texts
from clinic.schedule import next_free_slot, outside_hours
from clinic.timeutil import local_day_bounds

MIN_DURATION, MAX_DURATION = 5, 8 * 60
MAX_AHEAD = timedelta(days=3650)
MAX_THREADS = 200


@dataclass
class ThreadInput:
    """Threads of one type placed in a procedure."""

    type: str
    count: int
    material: str | None = None


@dataclass
class VisitInput:
    """What a receptionist enters to book a visit."""

    patient_id: int
    practitioner_id: int
    kind: str
    starts_at: datetime
    duration_minutes: int
    areas: list[str] = field(default_factory=list)
    threads: list[ThreadInput] = field(default_factory=list)
    notes: str = ""
    walk_in: bool = False  # a start earlier today is allowed only for a walk-in


# An undo of a completion cancels the aftercare texts not yet sent.
REOPEN_NOTE = "completion undone"


def get_visit(session: DbSession, visit_id: int) -> Visit:
    """Return a visit by id or raise NotFound."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(_("No visit %(id)s.", id=visit_id))
    return visit


def _practitioner(session: DbSession, practitioner_id: int, errors: dict[str, str]) -> Staff | None:
    staff = session.get(Staff, practitioner_id)
    if staff is None or not staff.is_practitioner or not staff.active:
        errors["practitioner_id"] = _("Choose a practitioner who can be booked.")
        return None
    return staff


def _check_time(
    starts_at: datetime,
    duration: int,
    now: datetime,
    errors: dict[str, str],
    walk_in_zone: ZoneInfo | None = None,
) -> None:
    if starts_at.tzinfo is None:
        errors["starts_at"] = _("Give the time with its offset from UTC.")
    elif starts_at > now + MAX_AHEAD:
        errors["starts_at"] = _("Book at most ten years ahead.")
    elif walk_in_zone is not None and starts_at <= now:
        if starts_at.astimezone(walk_in_zone).date() != now.astimezone(walk_in_zone).date():
            errors["starts_at"] = _("A walk-in can start earlier today, not on an earlier day.")
    elif starts_at <= now:
        errors["starts_at"] = _("This time has already passed; choose a time in the future.")
    if not MIN_DURATION <= duration <= MAX_DURATION:
        errors["duration_minutes"] = _(
            "Duration must be %(low)s to %(high)s minutes.", low=MIN_DURATION, high=MAX_DURATION
        )


def _check_procedure(data: VisitInput, errors: dict[str, str]) -> None:
    if data.kind != "procedure":
        if data.areas or data.threads:
            errors["procedure"] = _("Only a procedure records treated areas and threads.")
        return
    unknown = [a for a in data.areas if a not in AREAS]
    if unknown:
        errors["procedure.areas"] = _("Unknown area: %(areas)s.", areas=", ".join(unknown))
    elif len(set(data.areas)) != len(data.areas):
        errors["procedure.areas"] = _("Each area once, please.")
    for i, thread in enumerate(data.threads):
        where = f"procedure.threads.{i}"
        if thread.type not in THREAD_TYPES:
            errors[f"{where}.type"] = _(
                "Type must be one of: %(types)s.", types=", ".join(THREAD_TYPES)
            )
        if thread.material is not None and thread.material not in THREAD_MATERIALS:
            errors[f"{where}.material"] = _("Material must be PDO, PLLA or PCL.")
        if not 1 <= thread.count <= MAX_THREADS:
            errors[f"{where}.count"] = _("Count must be 1 to %(max)s.", max=MAX_THREADS)


def _lock_schedules(session: DbSession, *practitioner_ids: int) -> None:
    # Writing the practitioner rows first makes concurrent bookings for them
    # take turns: a row lock on PostgreSQL, the database write lock on SQLite.
    for pid in sorted(set(practitioner_ids)):
        session.execute(
            sa.update(Staff)
            .where(Staff.id == pid)
            .values(schedule_version=Staff.schedule_version + 1)
            .execution_options(synchronize_session=False)
        )


def _clash(
    session: DbSession,
    clinic: ClinicSettings,
    *,
    practitioner: Staff,
    patient_id: int,
    starts_at: datetime,
    ends_at: datetime,
    ignore_id: int | None,
) -> None:
    overlapping = sa.select(Visit).where(
        Visit.status.in_(OPEN_STATUSES),
        Visit.starts_at < ends_at,
        Visit.ends_at > starts_at,
    )
    if ignore_id is not None:
        overlapping = overlapping.where(Visit.id != ignore_id)
    busy = session.scalars(
        overlapping.where(Visit.practitioner_id == practitioner.id).order_by(Visit.starts_at)
    ).first()
    if busy is not None:
        raise Conflict(
            _(
                "%(name)s is already booked %(when)s (%(kind)s, visit #%(id)s).",
                name=practitioner.name,
                when=_span_local(busy),
                kind=english_label(busy.kind, "visit_kind").lower(),
                id=busy.id,
            ),
            field="starts_at",
        )
    own = session.scalars(
        overlapping.where(Visit.patient_id == patient_id).order_by(Visit.starts_at)
    ).first()
    if own is not None:
        raise Conflict(
            _(
                "This patient already has a visit %(when)s (visit #%(id)s).",
                when=_span_local(own),
                id=own.id,
            ),
            field="starts_at",
        )


def _span_local(visit: Visit) -> str:
    """The visit's day and times in the request's language (for messages, never stored)."""
    start, end = visit.starts_at, visit.ends_at
    return f"{format_local(start, 'day')} {format_local(start, 'time')}-{format_local(end, 'time')}"


def _span(visit: Visit, clinic: ClinicSettings) -> str:
    start = visit.starts_at.astimezone(clinic.timezone)
    end = visit.ends_at.astimezone(clinic.timezone)
    return f"{start:%a %d %b} {start:%H:%M}-{end:%H:%M}"


def _audit(
    session: DbSession, visit: Visit, staff: Staff | None, action: str, detail: str, now: datetime
) -> None:
    session.add(VisitEvent(visit=visit, staff=staff, action=action, detail=detail, at=now))


def _check_schedule(
    session: DbSession,
    clinic: ClinicSettings,
    *,
    practitioner: Staff,
    patient_id: int,
    starts_at: datetime,
    ends_at: datetime,
    now: datetime,
    ignore_id: int | None,
    override: bool,
    staff: Staff | None,
) -> str:
    """Refuse a clash or a time outside working hours (offering the next free slot).

    Return what an admin's override let through, for the audit trail ("" when nothing).
    """
    try:
        why = outside_hours(session, clinic, practitioner, starts_at, ends_at)
        if why is not None and not override:
            raise Conflict(why + " " + _("An admin can book it anyway."), field="starts_at")
        if why is not None and (staff is None or staff.role != "admin"):
            raise Conflict(
                why + " " + _("Only an admin can book outside working hours."), "starts_at"
            )
        _clash(
            session,
            clinic,
            practitioner=practitioner,
            patient_id=patient_id,
            starts_at=starts_at,
            ends_at=ends_at,
            ignore_id=ignore_id,
        )
    except Conflict as exc:
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        slot = next_free_slot(
            session, clinic, [practitioner], minutes, max(starts_at, now), ignore_id
        )
        if slot is not None:
            exc.next_free = {
                "practitioner_id": practitioner.id,
                "practitioner": practitioner.name,
                "starts_at": slot.starts_at,
            }
        raise
    if not why:
        return ""
    with force_locale("en"):  # the audit trail is kept in English
        why = outside_hours(session, clinic, practitioner, starts_at, ends_at)
    return f"; outside working hours, booked by admin override ({why})"


def book_visit(
    session: DbSession,
    clinic: ClinicSettings,
    data: VisitInput,
    staff: Staff | None,
    now: datetime,
    override: bool = False,
) -> Visit:
    """Book a visit and plan its texts; raise InvalidInput or Conflict."""
    errors: dict[str, str] = {}
    patient = session.get(Patient, data.patient_id)
    if patient is None:
        errors["patient_id"] = _("No such patient.")
    practitioner = _practitioner(session, data.practitioner_id, errors)
    if data.kind not in VISIT_KINDS:
        errors["kind"] = _("Kind must be consultation, procedure or follow-up.")
    _check_time(
        data.starts_at,
        data.duration_minutes,
        now,
        errors,
        clinic.timezone if data.walk_in else None,
    )
    _check_procedure(data, errors)
    if errors:
        raise InvalidInput(errors)
    assert patient is not None and practitioner is not None
    ends_at = data.starts_at + timedelta(minutes=data.duration_minutes)
    _lock_schedules(session, practitioner.id)
    overridden = _check_schedule(
        session,
        clinic,
        practitioner=practitioner,
        patient_id=patient.id,
        starts_at=data.starts_at,
        ends_at=ends_at,
        now=now,
        ignore_id=None,
        override=override,
        staff=staff,
    )
    visit = Visit(
        patient=patient,
        practitioner=practitioner,
        kind=data.kind,
        starts_at=data.starts_at,
        ends_at=ends_at,
        duration_minutes=data.duration_minutes,
        areas=list(data.areas),
        notes=data.notes.strip(),
        created_at=now,
        created_by_id=staff.id if staff else None,
        threads=[
            VisitThread(type=t.type, material=t.material, count=t.count) for t in data.threads
        ],
    )
    session.add(visit)
    session.flush()
    _audit(
        session,
        visit,
        staff,
        "booked",
        f"{data.kind.replace('_', '-')} with {practitioner.name}, {_span(visit, clinic)}"
        + (" (walk-in)" if data.walk_in else "")
        + overridden,
        now,
    )
    sync_visit_texts(session, clinic, visit, now)
    return visit


def _require_open(visit: Visit, doing: str) -> None:
    if not visit.is_open:
        raise Conflict(
            _(
                "Visit #%(id)s is %(status)s; it cannot be %(doing)s.",
                id=visit.id,
                status=english_label(visit.status, "visit_status").lower(),
                doing=doing,
            )
        )


def move_visit(
    session: DbSession,
    clinic: ClinicSettings,
    visit: Visit,
    *,
    staff: Staff | None,
    now: datetime,
    starts_at: datetime | None = None,
    duration_minutes: int | None = None,
    practitioner_id: int | None = None,
    override: bool = False,
) -> Visit:
    """Move a visit in time or to another practitioner; its reminders move with it."""
    _require_open(visit, _("moved"))
    errors: dict[str, str] = {}
    new_start = starts_at if starts_at is not None else visit.starts_at
    new_duration = duration_minutes if duration_minutes is not None else visit.duration_minutes
    practitioner: Staff | None = visit.practitioner
    if practitioner_id is not None and practitioner_id != visit.practitioner_id:
        practitioner = _practitioner(session, practitioner_id, errors)
    _check_time(new_start, new_duration, now, errors)
    if errors:
        raise InvalidInput(errors)
    assert practitioner is not None
    before, before_start = _span(visit, clinic), visit.starts_at
    old_practitioner = visit.practitioner
    new_end = new_start + timedelta(minutes=new_duration)
    _lock_schedules(session, practitioner.id, old_practitioner.id)
    overridden = _check_schedule(
        session,
        clinic,
        practitioner=practitioner,
        patient_id=visit.patient_id,
        starts_at=new_start,
        ends_at=new_end,
        now=now,
        ignore_id=visit.id,
        override=override,
        staff=staff,
    )
    visit.starts_at, visit.ends_at, visit.duration_minutes = new_start, new_end, new_duration
    visit.practitioner = practitioner
    if new_start != before_start:
        visit.rescheduled_at = now
    detail = f"from {before} to {_span(visit, clinic)}"
    if practitioner.id != old_practitioner.id:
        detail += f", from {old_practitioner.name} to {practitioner.name}"
    detail += overridden
    if visit.status == "confirmed":
        # The patient confirmed the old time, not this one.
        visit.status, visit.confirmed_at = "booked", None
    _audit(session, visit, staff, "moved", detail, now)
    sync_visit_texts(session, clinic, visit, now)
    return visit


def cancel_visit(
    session: DbSession,
    clinic: ClinicSettings,
    visit: Visit,
    staff: Staff | None,
    now: datetime,
    reason: str = "",
) -> Visit:
    """Cancel a visit and its pending texts; cancelling twice changes nothing."""
    if visit.status == "cancelled":
        return visit
    _require_open(visit, _("cancelled"))
    visit.status, visit.cancelled_at = "cancelled", now
    _audit(session, visit, staff, "cancelled", reason.strip(), now)
    sync_visit_texts(session, clinic, visit, now)
    return visit


def complete_visit(
    session: DbSession, clinic: ClinicSettings, visit: Visit, staff: Staff | None, now: datetime
) -> Visit:
    """Mark a visit done now; a procedure's aftercare plan starts from this moment."""
    _require_open(visit, _("completed"))
    visit.status, visit.completed_at = "completed", now
    _audit(session, visit, staff, "completed", "", now)
    sync_visit_texts(session, clinic, visit, now)
    return visit


def reopen_visit(
    session: DbSession, clinic: ClinicSettings, visit: Visit, staff: Staff | None, now: datetime
) -> Visit:
    """Undo a completion made the same clinic-local day; unsent aftercare texts are cancelled."""
    if visit.status != "completed" or visit.completed_at is None:
        raise Conflict(
            f"Visit #{visit.id} is {visit.status.replace('_', '-')}; only a completed visit "
            "can be reopened."
        )
    zone = clinic.timezone
    if visit.completed_at.astimezone(zone).date() != now.astimezone(zone).date():
        raise Conflict(
            "A completion can be undone only on the day it was made "
            f"({visit.completed_at.astimezone(zone):%a %d %b})."
        )
    visit.status, visit.completed_at = "booked", None
    for message in session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.status == "pending")
    ):
        message.status, message.status_note = "cancelled", REOPEN_NOTE
    _audit(session, visit, staff, "reopened", "completion undone; visit booked again", now)
    sync_visit_texts(session, clinic, visit, now)
    return visit


def mark_no_show(
    session: DbSession, clinic: ClinicSettings, visit: Visit, staff: Staff | None, now: datetime
) -> Visit:
    """Record that the patient did not come; only once the visit has started."""
    _require_open(visit, _("marked as a no-show"))
    if now < visit.starts_at:
        raise Conflict(_("A visit can be marked as a no-show only after its start time."))
    visit.status = "no_show"
    _audit(session, visit, staff, "no_show", "", now)
    sync_visit_texts(session, clinic, visit, now)
    return visit


def confirm_visit(
    session: DbSession, visit: Visit, staff: Staff | None, now: datetime, via: str = ""
) -> bool:
    """Mark a booked visit confirmed; return whether anything changed."""
    if visit.status != "booked":
        return False
    visit.status, visit.confirmed_at = "confirmed", now
    _audit(session, visit, staff, "confirmed", via, now)
    return True


def visits_on(
    session: DbSession,
    clinic: ClinicSettings,
    day: date,
    practitioner_id: int | None = None,
    *,
    details: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Visit]:
    """Return the visits that start on a clinic-local day, in time order."""
    start, end = local_day_bounds(day, clinic.timezone)
    # ix_visit_starts_at finds the day; everything a day view or the API shows of a
    # visit comes in one statement per relation, however many visits there are.
    query = (
        sa.select(Visit)
        .where(Visit.starts_at >= start, Visit.starts_at < end)
        .options(selectinload(Visit.patient), selectinload(Visit.practitioner))
    )
    if details:
        query = query.options(
            selectinload(Visit.threads), selectinload(Visit.events).selectinload(VisitEvent.staff)
        )
    if practitioner_id is not None:
        query = query.where(Visit.practitioner_id == practitioner_id)
    query = query.order_by(Visit.starts_at, Visit.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query))


@dataclass(frozen=True, slots=True)
class ListedVisit:
    """A visit as the day's API list shows it, read as plain rows: a day holds hundreds."""

    row: Any  # the visit's columns, with patient_name and practitioner_name
    threads: list[Any] = field(default_factory=list)  # type, material, count
    events: list[Any] = field(default_factory=list)  # at, staff_name, action, detail


def listed_visits_on(
    session: DbSession,
    clinic: ClinicSettings,
    day: date,
    practitioner_id: int | None,
    *,
    limit: int,
    offset: int,
) -> list[ListedVisit]:
    """Return a page of a clinic-local day's visits, in time order, in three statements."""
    start, end = local_day_bounds(day, clinic.timezone)
    practitioner = aliased(Staff)
    page = sa.select(Visit.id).where(Visit.starts_at >= start, Visit.starts_at < end)
    if practitioner_id is not None:
        page = page.where(Visit.practitioner_id == practitioner_id)
    page = page.order_by(Visit.starts_at, Visit.id).limit(limit).offset(offset)
    query = (
        sa.select(
            Visit.id,
            Visit.status,
            Visit.kind,
            Visit.patient_id,
            Patient.name.label("patient_name"),
            Visit.practitioner_id,
            practitioner.name.label("practitioner_name"),
            Visit.starts_at,
            Visit.ends_at,
            Visit.duration_minutes,
            Visit.areas,
            Visit.notes,
            Visit.created_at,
            Visit.confirmed_at,
            Visit.completed_at,
            Visit.cancelled_at,
        )
        .join(Patient, Patient.id == Visit.patient_id)
        .join(practitioner, practitioner.id == Visit.practitioner_id)
        .where(Visit.id.in_(page))
        .order_by(Visit.starts_at, Visit.id)
    )
    found = {row.id: ListedVisit(row) for row in session.execute(query)}
    if not found:
        return []
    # The page again as a subquery, not hundreds of bound ids: a statement compiled once.
    threads = sa.select(
        VisitThread.visit_id, VisitThread.type, VisitThread.material, VisitThread.count
    ).where(VisitThread.visit_id.in_(page))
    for thread in session.execute(threads.order_by(VisitThread.id)):
        found[thread.visit_id].threads.append(thread)
    events = (
        sa.select(
            VisitEvent.visit_id,
            VisitEvent.at,
            Staff.name.label("staff_name"),
            VisitEvent.action,
            VisitEvent.detail,
        )
        .outerjoin(Staff, Staff.id == VisitEvent.staff_id)
        .where(VisitEvent.visit_id.in_(page))
    )
    for event in session.execute(events.order_by(VisitEvent.id)):
        found[event.visit_id].events.append(event)
    return list(found.values())


def count_visits_on(
    session: DbSession, clinic: ClinicSettings, day: date, practitioner_id: int | None = None
) -> int:
    """Count the visits that start on a clinic-local day."""
    start, end = local_day_bounds(day, clinic.timezone)
    query = (
        sa.select(sa.func.count())
        .select_from(Visit)
        .where(Visit.starts_at >= start, Visit.starts_at < end)
    )
    if practitioner_id is not None:
        query = query.where(Visit.practitioner_id == practitioner_id)
    return int(session.scalar(query) or 0)
