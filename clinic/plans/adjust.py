"""One patient's plan: a clinician adds a check or skips one, or re-plans pending texts."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from clinic.audit import record
from clinic.config import ClinicSettings
from clinic.errors import InvalidInput, NotFound
from clinic.models import Message, Patient, PlanAdjustment, PlanStep, PlanVersion, Staff, Visit
from clinic.models.base import DbSession
from clinic.outbox import SKIPPED_NOTE, sync_visit_texts
from clinic.plans.store import current_version, plan_for, visit_version

# Who may edit plans and adjust a patient's plan.
EDITORS = ("admin", "clinician")
# Aftercare visits still worth adjusting: their last check is four weeks out.
RECENT = timedelta(days=40)


@dataclass(frozen=True)
class StepState:
    """One step of a visit's plan version, and the text planned from it, if any."""

    step: PlanStep
    message: Message | None

    @property
    def skipped(self) -> bool:
        return self.message is not None and self.message.status_note == SKIPPED_NOTE


@dataclass(frozen=True)
class VisitPlan:
    """A completed procedure's aftercare as the patient page shows it."""

    visit: Visit
    version_number: int
    steps: list[StepState]


def aftercare_visits(session: DbSession, patient: Patient, now: datetime) -> list[Visit]:
    """Return the patient's procedures completed in the last 40 days, newest first."""
    return list(
        session.scalars(
            sa.select(Visit)
            .where(
                Visit.patient_id == patient.id,
                Visit.kind == "procedure",
                Visit.status == "completed",
                Visit.completed_at >= now - RECENT,
            )
            .order_by(Visit.completed_at.desc())
        )
    )


def visit_plans(session: DbSession, texts: list[Message], now: datetime) -> list[VisitPlan]:
    """Describe each recent procedure's plan from the patient's texts (one query)."""
    by_visit: dict[int, dict[str, Message]] = {}
    version_of: dict[int, int] = {}
    for m in sorted(texts, key=lambda m: m.id):
        if m.plan_version_id is None or m.visit_id is None or m.kind == "nudge":
            continue
        by_visit.setdefault(m.visit_id, {})[m.step] = m
        version_of[m.visit_id] = max(version_of.get(m.visit_id, 0), m.plan_version_id)
    if not version_of:
        return []
    steps: dict[int, list[PlanStep]] = {}
    numbers: dict[int, int] = {}
    for step, number in session.execute(
        sa.select(PlanStep, PlanVersion.number)
        .join(PlanStep.version)
        .where(PlanStep.version_id.in_(set(version_of.values())))
        .order_by(PlanStep.position)
    ):
        steps.setdefault(step.version_id, []).append(step)
        numbers[step.version_id] = number
    plans = []
    for visit_id, version_id in version_of.items():
        messages = by_visit[visit_id]
        visit = next(iter(messages.values())).visit
        if visit is None or visit.completed_at is None or visit.completed_at < now - RECENT:
            continue
        states = [StepState(s, messages.get(s.name)) for s in steps.get(version_id, [])]
        plans.append(VisitPlan(visit, numbers.get(version_id, 0), states))
    return sorted(plans, key=lambda p: p.visit.completed_at or now, reverse=True)


def _aftercare_visit(session: DbSession, patient: Patient, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.patient_id != patient.id:
        raise NotFound(f"No visit {visit_id} for this patient.")
    if visit.kind != "procedure" or visit.status != "completed":
        raise InvalidInput({"visit": _("Only a completed procedure has an aftercare plan.")})
    return visit


def adjust_step(
    session: DbSession,
    clinic: ClinicSettings,
    patient: Patient,
    visit_id: int,
    *,
    step: str,
    action: str,
    reason: str,
    staff: Staff,
    now: datetime,
) -> PlanAdjustment:
    """Add a step of the plan to this patient's texts, or skip one, with a reason."""
    visit = _aftercare_visit(session, patient, visit_id)
    version = visit_version(session, visit)
    names = {s.name for s in version.steps} if version else set()
    reason = reason.strip()
    errors: dict[str, str] = {}
    if action not in ("add", "skip"):
        errors["action"] = _("Choose to add or to skip a text.")
    if step not in names:
        errors["step"] = _("Choose a text of this patient's plan.")
    if not reason or len(reason) > 300:
        errors["reason"] = _("Give a reason (up to 300 characters).")
    if errors:
        raise InvalidInput(errors)
    adjustment = PlanAdjustment(
        visit=visit, step=step, action=action, reason=reason, author=staff, created_at=now
    )
    session.add(adjustment)
    session.flush()
    sync_visit_texts(session, clinic, visit, now)
    record(
        session,
        f"plan.{action}_step",
        now,
        patient_id=patient.id,
        subject=f"visit:{visit.id}",
        detail=f"{step}: {reason}",
    )
    return adjustment


def replan_pending(
    session: DbSession, clinic: ClinicSettings, patient: Patient, staff: Staff, now: datetime
) -> int:
    """Re-plan the patient's pending aftercare texts with each plan's current version."""
    replanned = 0
    for visit in aftercare_visits(session, patient, now):
        plan = plan_for(session, visit)
        if plan is None:
            continue
        sync_visit_texts(session, clinic, visit, now, current_version(plan))
        replanned += 1
    record(
        session,
        "plan.replan",
        now,
        patient_id=patient.id,
        subject=f"patient:{patient.id}",
        detail=f"{replanned} procedure(s) re-planned by {staff.name}",
    )
    return replanned
