"""Planning the outbox: keep a visit's planned texts in step with the visit.

``sync_visit_texts`` is the one way texts get planned, moved or cancelled: it
works out which steps the visit owes now and makes the rows say so. It runs in
the same transaction as the change to the visit, and running it twice changes
nothing the second time.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import object_session, selectinload

from clinic.config import ClinicSettings
from clinic.models import Message, Patient, PlanAdjustment, PlanStep, PlanVersion, Visit
from clinic.models.base import DbSession
from clinic.plans import ALL_STEPS, CANCEL_PLAN, VISIT_PLAN, Step, applies, profile_of
from clinic.plans.store import step_of, visit_version
from clinic.plans.text import render_text
from clinic.sms.render import format_local_date, format_local_time, render_sms
from clinic.timeutil import in_window, local_datetime

# The note on a text a clinician skipped for one patient.
SKIPPED_NOTE = "skipped for this patient"
# Rows in these states may still be changed by planning.
PLANNABLE = ("pending", "cancelled")


@dataclass(frozen=True)
class PlannedText:
    """A step placed in time for one visit."""

    step: Step
    key: str
    send_at: datetime
    expires_at: datetime
    # The aftercare plan step it comes from (None for the visit's own texts).
    source: PlanStep | None = None


def step_key(visit_id: int, step: str, planned_for: datetime) -> str:
    """Return the business key of a step planned for a given moment."""
    return f"v{visit_id}:{step}:{planned_for.astimezone(UTC):%Y%m%dT%H%MZ}"


# A same-day reminder this soon after the booking (or the last move) only repeats it.
SAME_DAY_MIN_NOTICE = timedelta(minutes=30)


def _anchor(step: Step, visit: Visit) -> datetime | None:
    if step.anchor == "booking":
        return visit.created_at
    if step.anchor == "rescheduling":
        return visit.rescheduled_at
    if step.anchor in ("visit_start", "before_visit"):
        return visit.starts_at
    if step.anchor == "cancellation":
        return visit.cancelled_at
    return visit.completed_at


def place_step(step: Step, visit: Visit, clinic: ClinicSettings) -> PlannedText | None:
    """Place a step in time for a visit, or None when its anchor has not happened."""
    anchor = _anchor(step, visit)
    if anchor is None:
        return None
    if step.anchor == "before_visit":
        send_at = anchor - clinic.same_day_reminder
    elif step.at is None:
        send_at = anchor + timedelta(days=step.day)
    else:
        day = anchor.astimezone(clinic.timezone).date() + timedelta(days=step.day)
        send_at = local_datetime(day, step.at, clinic.timezone)
    expires_at = send_at + step.useful_for
    if step.until_visit_start:
        expires_at = min(expires_at, visit.starts_at)
    return PlannedText(step, step_key(visit.id, step.name, send_at), send_at, expires_at)


def adjustments(session: DbSession, visit: Visit) -> dict[str, str]:
    """Return the clinicians' last word on each adjusted step of a visit: add or skip."""
    rows = session.scalars(
        sa.select(PlanAdjustment)
        .where(PlanAdjustment.visit_id == visit.id)
        .order_by(PlanAdjustment.id)
    )
    return {row.step: row.action for row in rows}


def _aftercare(
    visit: Visit, clinic: ClinicSettings, version: PlanVersion | None
) -> list[tuple[Step, PlanStep | None]]:
    session = object_session(visit)
    if session is None:
        return []
    version = version or visit_version(session, visit)
    if version is None:
        return []
    on = (visit.completed_at or visit.starts_at).astimezone(clinic.timezone).date()
    profile = profile_of(visit.patient, visit, on)
    adjusted = adjustments(session, visit)
    steps: list[tuple[Step, PlanStep | None]] = []
    for row in version.steps:
        step, action = step_of(row), adjusted.get(row.name)
        if action == "skip" or (action != "add" and not applies(step, profile)):
            continue
        steps.append((step, row))
    return steps


def owed_texts(
    visit: Visit, clinic: ClinicSettings, version: PlanVersion | None = None
) -> list[PlannedText]:
    """Return every text the visit owes its patient in the visit's present state.

    Aftercare follows the plan version the visit was planned with, or ``version``.
    """
    if visit.status in ("booked", "confirmed"):
        on = visit.starts_at.astimezone(clinic.timezone).date()
        profile = profile_of(visit.patient, visit, on)
        steps: list[tuple[Step, PlanStep | None]] = [
            (step, None)
            for step in VISIT_PLAN
            if visit.kind in step.visit_kinds and applies(step, profile)
        ]
    elif visit.status == "completed" and visit.kind == "procedure":
        steps = _aftercare(visit, clinic, version)
    elif visit.status == "cancelled":
        steps = [(step, None) for step in CANCEL_PLAN]
    else:
        return []
    owed = []
    for step, source in steps:
        planned = place_step(step, visit, clinic)
        if planned is None:
            continue
        # A reminder due before the booking (or the last move) would only repeat it.
        told = visit.rescheduled_at or visit.created_at
        if step.anchor == "visit_start" and planned.send_at <= told:
            continue
        if step.anchor == "before_visit" and not _same_day_reminder_useful(planned, told, clinic):
            continue
        owed.append(PlannedText(step, planned.key, planned.send_at, planned.expires_at, source))
    return owed


def _same_day_reminder_useful(planned: PlannedText, told: datetime, clinic: ClinicSettings) -> bool:
    """Skip it when switched off, in quiet hours, or within 30 minutes of the booking."""
    if not clinic.same_day_reminder:
        return False
    local = planned.send_at.astimezone(clinic.timezone).time()
    if in_window(local, clinic.quiet_start, clinic.quiet_end):
        return False
    return planned.send_at >= told + SAME_DAY_MIN_NOTICE


def _context(patient: Patient, visit: Visit | None, clinic: ClinicSettings) -> dict[str, object]:
    context: dict[str, object] = {
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "first_name": patient.first_name,
    }
    if visit is not None:
        local_start = visit.starts_at.astimezone(clinic.timezone)
        context["date"] = format_local_date(local_start, patient.language)
        context["time"] = format_local_time(local_start, patient.language)
    return context


def render_step(step: str, patient: Patient, visit: Visit | None, clinic: ClinicSettings) -> str:
    """Render a step's text for this patient in their language."""
    return render_sms(step, patient.language, **_context(patient, visit, clinic))


def render_planned(
    planned: PlannedText, patient: Patient, visit: Visit, clinic: ClinicSettings
) -> str:
    """Render a planned text: from its plan step when it has one, else its template."""
    if planned.source is None:
        return render_step(planned.step.name, patient, visit, clinic)
    source = planned.source.text_ko if patient.language == "ko" else planned.source.text_en
    context = _context(patient, None, clinic)
    return render_text(source, **context)


def sync_visit_texts(
    session: DbSession,
    clinic: ClinicSettings,
    visit: Visit,
    now: datetime,
    version: PlanVersion | None = None,
) -> None:
    """Make the visit's planned texts match what the visit owes now.

    Pending aftercare texts keep the plan version they were planned with, unless
    ``version`` re-plans them with another.
    """
    patient = visit.patient
    existing = {
        m.key: m for m in session.scalars(sa.select(Message).where(Message.visit_id == visit.id))
    }
    owed = {p.key: p for p in owed_texts(visit, clinic, version)} if patient.can_be_texted else {}
    why_not = _why_not_owed(visit, patient)
    skipped = adjustments(session, visit) if visit.status == "completed" else {}
    for key, message in existing.items():
        # A nudge carries its prompt's plan version but is never planned by the plan.
        from_plan = message.plan_version_id is not None and message.kind != "nudge"
        planned_step = message.step in ALL_STEPS or from_plan
        if key not in owed and message.status == "pending" and planned_step:
            message.status = "cancelled"
            message.status_note = why_not
            if skipped.get(message.step) == "skip":
                message.status_note = SKIPPED_NOTE
    for key, planned in owed.items():
        row = existing.get(key)
        if row is None:
            if now < planned.expires_at:
                session.add(_new_message(planned, patient, visit, clinic))
            continue
        if row.status not in PLANNABLE:
            continue
        if row.status == "cancelled" and now >= planned.expires_at:
            continue
        row.status = "pending"
        row.status_note = ""
        row.expires_at = planned.expires_at
        row.body = render_planned(planned, patient, visit, clinic)
        row.plan_version_id = planned.source.version_id if planned.source else None


def _why_not_owed(visit: Visit, patient: Patient) -> str:
    if patient.opted_out:
        return "patient opted out"
    if not patient.sms_consent:
        return "no SMS consent"
    if visit.status == "completed":
        return "visit completed"
    if visit.status in ("cancelled", "no_show"):
        return f"visit {visit.status.replace('_', '-')}"
    return "visit moved or changed"


def _new_message(
    planned: PlannedText, patient: Patient, visit: Visit, clinic: ClinicSettings
) -> Message:
    return Message(
        key=planned.key,
        patient=patient,
        visit=visit,
        step=planned.step.name,
        kind=planned.step.kind,
        body=render_planned(planned, patient, visit, clinic),
        plan_version_id=planned.source.version_id if planned.source else None,
        status="pending",
        send_at=planned.send_at,
        expires_at=planned.expires_at,
    )


def sync_patient_texts(
    session: DbSession, clinic: ClinicSettings, patient: Patient, now: datetime
) -> None:
    """Re-plan every visit of a patient (after consent, opt-out or profile changes)."""
    recent = now - timedelta(days=40)
    visits = session.scalars(
        sa.select(Visit).where(
            Visit.patient_id == patient.id,
            sa.or_(Visit.status.in_(("booked", "confirmed")), Visit.completed_at >= recent),
        )
    )
    for visit in visits:
        sync_visit_texts(session, clinic, visit, now)


def cancel_pending_texts(session: DbSession, patient: Patient, note: str) -> int:
    """Cancel every text still waiting to go to a patient; return how many."""
    result = session.execute(
        sa.update(Message)
        .where(Message.patient_id == patient.id, Message.status == "pending")
        .values(status="cancelled", status_note=note)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def record_reply_text(
    session: DbSession,
    patient: Patient,
    *,
    key: str,
    body: str,
    now: datetime,
    visit: Visit | None = None,
) -> Message:
    """Record an answer already given to a patient's text (TwiML or simulator)."""
    message = Message(
        key=key,
        patient=patient,
        visit=visit,
        step="reply",
        kind="reply",
        body=body,
        status="sent",
        urgent=True,
        send_at=now,
        expires_at=now,
        sent_at=now,
    )
    session.add(message)
    return message


def upcoming_texts(session: DbSession, patient: Patient) -> list[Message]:
    """Return a patient's texts in the order they go (or went) out."""
    return list(
        session.scalars(
            sa.select(Message)
            .where(Message.patient_id == patient.id)
            .order_by(Message.send_at, Message.id)
            .options(selectinload(Message.sent_by))
        )
    )
