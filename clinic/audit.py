"""The audit trail: explicit records, and automatic ones for patients, visits and review items.

Changes to patients, consent, visits and review items are recorded by a flush
listener, so no code path that changes them can forget to. Who acted comes from
the session's ``info`` (set per request by the views, or left as "system" for jobs).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from clinic.models import AuditEvent, Patient, ReviewItem, Staff, VisitEvent, utcnow
from clinic.models.base import DbSession

ACTOR_KEY = "audit_actor"
CONSENT_FIELDS = {"sms_consent", "opted_out"}
# Bookkeeping columns whose change is not an action anyone took on the record.
IGNORED_FIELDS = {"consent_recorded_at", "consent_recorded_by_id", "opted_out_at"}


@dataclass(frozen=True)
class Actor:
    """Who is acting in this unit of work."""

    staff_id: int | None = None
    label: str = "system"
    address: str = ""


SYSTEM = Actor()
PATIENT_SMS = Actor(label="patient (SMS)")


def set_actor(session: DbSession, actor: Actor) -> None:
    """Say who acts in ``session`` from now on (until the session ends)."""
    session.info[ACTOR_KEY] = actor


def staff_actor(staff: Staff, address: str = "") -> Actor:
    """Return the actor for a staff member."""
    return Actor(staff.id, staff.email, address)


def current_actor(session: DbSession) -> Actor:
    """Return who acts in ``session``."""
    actor = session.info.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else SYSTEM


def record(
    session: DbSession,
    action: str,
    now: datetime,
    *,
    patient_id: int | None = None,
    subject: str = "",
    detail: str = "",
    actor: Actor | None = None,
) -> AuditEvent:
    """Add one line to the audit trail (the caller commits)."""
    who = actor or current_actor(session)
    entry = AuditEvent(
        at=now,
        staff_id=who.staff_id,
        actor=who.label[:254],
        action=action[:40],
        patient_id=patient_id,
        subject=subject[:80],
        detail=detail[:500],
        address=who.address[:64],
    )
    session.add(entry)
    return entry


def _changed(obj: Any) -> list[str]:
    state = sa.inspect(obj)
    return sorted(
        attr.key
        for attr in state.attrs
        if attr.key not in IGNORED_FIELDS and attr.history.has_changes()
    )


def _collect(session: Session, _context: Any) -> None:
    pending: list[tuple[str, Any, str]] = session.info.setdefault("audit_pending", [])
    for obj in session.new:
        if isinstance(obj, Patient):
            pending.append(("patient.create", obj, ""))
        elif isinstance(obj, VisitEvent):
            pending.append((f"visit.{obj.action}", obj, ""))
        elif isinstance(obj, ReviewItem):
            pending.append(("review.create", obj, f"severity {obj.severity}"))
    for obj in session.dirty:
        if isinstance(obj, Patient) and obj.erased_at is None:
            fields = _changed(obj)
            consent = [f for f in fields if f in CONSENT_FIELDS]
            other = [f for f in fields if f not in CONSENT_FIELDS]
            if consent:
                values = ", ".join(f"{f}={getattr(obj, f)}" for f in consent)
                pending.append(("consent.change", obj, values))
            if other:
                pending.append(("patient.update", obj, "changed " + ", ".join(other)))
        elif isinstance(obj, ReviewItem) and not (obj.patient and obj.patient.erased_at):
            fields = _changed(obj)
            if "status" in fields and obj.status == "resolved":
                pending.append(("review.resolve", obj, f"outcome {obj.outcome}"))
            elif fields:
                pending.append(("review.update", obj, "changed " + ", ".join(fields)))


def _write(session: Session, _context: Any) -> None:
    pending: list[tuple[str, Any, str]] = session.info.pop("audit_pending", [])
    for action, obj, detail in pending:
        actor = current_actor(session)
        if isinstance(obj, Patient):
            patient_id, subject = obj.id, f"patient:{obj.id}"
        elif isinstance(obj, VisitEvent):
            patient_id, subject = obj.visit.patient_id, f"visit:{obj.visit_id}"
            if obj.staff is not None:
                actor = Actor(obj.staff.id, obj.staff.email, actor.address)
        else:
            patient_id, subject = obj.patient_id, f"review:{obj.id}"
        if isinstance(obj, VisitEvent):
            at = obj.at
        elif action.endswith(".create"):
            at = obj.created_at
        else:
            # A flush knows no 'now' of its own; the change happens at this moment.
            at = utcnow()
        record(
            session, action, at, patient_id=patient_id, subject=subject, detail=detail, actor=actor
        )


def install() -> None:
    """Record changes to patients, visits and review items on every flush (idempotent)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_flush_postexec", _write)
