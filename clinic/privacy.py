"""Patients' rights over their data: export, erasure and the retention rule."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from clinic.audit import Actor, record
from clinic.errors import Conflict
from clinic.models import AuditEvent, Message, Patient, Reply, ReviewItem, Visit
from clinic.models.base import DbSession
from clinic.outbox import cancel_pending_texts

ERASED_NAME = "Erased patient"


@dataclass(frozen=True)
class PatientRecords:
    """Everything the clinic holds about one patient."""

    patient: Patient
    visits: list[Visit]
    texts: list[Message]
    replies: list[Reply]
    review_items: list[ReviewItem]
    audit: list[AuditEvent]

    @property
    def photos(self) -> list[str]:
        """The URLs of every photo the patient sent."""
        return [url for reply in self.replies for url in (reply.media or [])]


def patient_records(session: DbSession, patient: Patient) -> PatientRecords:
    """Collect every row that belongs to ``patient``, oldest first."""
    pid = patient.id
    return PatientRecords(
        patient=patient,
        visits=list(
            session.scalars(sa.select(Visit).where(Visit.patient_id == pid).order_by(Visit.id))
        ),
        texts=list(
            session.scalars(
                sa.select(Message).where(Message.patient_id == pid).order_by(Message.id)
            )
        ),
        replies=list(
            session.scalars(sa.select(Reply).where(Reply.patient_id == pid).order_by(Reply.id))
        ),
        review_items=list(
            session.scalars(
                sa.select(ReviewItem).where(ReviewItem.patient_id == pid).order_by(ReviewItem.id)
            )
        ),
        audit=list(
            session.scalars(
                sa.select(AuditEvent).where(AuditEvent.patient_id == pid).order_by(AuditEvent.id)
            )
        ),
    )


def record_export(session: DbSession, patient: Patient, now: datetime) -> None:
    """Note in the audit trail that a patient's data was exported."""
    record(session, "patient.export", now, patient_id=patient.id, subject=f"patient:{patient.id}")


def erase_patient(
    session: DbSession, patient: Patient, now: datetime, actor: Actor | None = None
) -> list[str]:
    """Remove a patient's personal data, keeping anonymous rows; return the photo URLs dropped.

    Visits, texts, replies and review items stay (with their dates, kinds,
    statuses, findings and severities) so that outcome counts still add up.
    """
    if patient.erased_at is not None:
        raise Conflict(f"Patient {patient.id}'s data was already erased.")
    records = patient_records(session, patient)
    photos = records.photos
    cancel_pending_texts(session, patient, "patient data erased")
    patient.name = ERASED_NAME
    # Unique and never a dialable number, so no inbound text can match it.
    patient.phone = f"erased-{patient.id}"
    patient.notes = ""
    patient.birth_year = None
    patient.sms_consent = False
    patient.opted_out = True
    patient.opted_out_at = patient.opted_out_at or now
    patient.erased_at = now
    for visit in records.visits:
        visit.notes = ""
        for event in visit.events:
            event.detail = ""
    for text in records.texts:
        text.body = ""
        text.error_message = None
        text.status_note = ""
    for reply in records.replies:
        reply.body = ""
        reply.media = []
        reply.from_number = ""
        reply.triage_reason = ""
    for item in records.review_items:
        item.reason = f"{item.severity} item (patient data erased)"
        item.note = ""
    session.flush()
    record(
        session,
        "patient.erase",
        now,
        patient_id=patient.id,
        subject=f"patient:{patient.id}",
        detail=f"{len(records.texts)} texts, {len(records.replies)} replies, {len(photos)} photos",
        actor=actor,
    )
    return photos


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def stale_patients(session: DbSession, now: datetime, years: int) -> list[Patient]:
    """Return patients not yet erased with no visit (and no registration) in ``years`` years."""
    cutoff = _years_before(now, years)
    recent = sa.select(Visit.id).where(Visit.patient_id == Patient.id, Visit.starts_at >= cutoff)
    return list(
        session.scalars(
            sa.select(Patient)
            .where(Patient.erased_at.is_(None), Patient.created_at < cutoff, ~recent.exists())
            .order_by(Patient.id)
        )
    )
