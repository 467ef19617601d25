"""Turn models into the API's answers."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from clinic.config import ClinicSettings
from clinic.models import AuditEvent, Message, Patient, Reply, ReviewItem, Staff, Visit
from clinic.paging import pages_of
from clinic.privacy import PatientRecords
from clinic.views.api.schemas import (
    AuditOut,
    MessageOut,
    PageOut,
    PatientOut,
    PractitionerOut,
    ProcedureOut,
    ReplyOut,
    ReviewOut,
    Skin,
    ThreadOut,
    VisitOut,
)
from clinic.visits import ListedVisit


def practitioner_json(staff: Staff) -> dict[str, Any]:
    """Serialise a bookable practitioner."""
    return PractitionerOut(id=staff.id, name=staff.name).model_dump(mode="json")


def patient_json(patient: Patient) -> dict[str, Any]:
    """Serialise a patient."""
    return PatientOut(
        id=patient.id,
        name=patient.name,
        phone=patient.phone,
        language=patient.language,  # type: ignore[arg-type]
        sms_consent=patient.sms_consent,
        consent_recorded_at=patient.consent_recorded_at,
        opted_out=patient.opted_out,
        opted_out_at=patient.opted_out_at,
        birth_year=patient.birth_year,
        skin=Skin(
            thickness=patient.skin_thickness,  # type: ignore[arg-type]
            cheek_volume=patient.cheek_volume,  # type: ignore[arg-type]
            elasticity=patient.elasticity,  # type: ignore[arg-type]
        ),
        notes=patient.notes,
        created_at=patient.created_at,
        erased_at=patient.erased_at,
    ).model_dump(mode="json")


def visit_json(visit: Visit, tz: ZoneInfo) -> dict[str, Any]:
    """Serialise a visit with its local times and audit trail."""
    procedure = None
    if visit.kind == "procedure":
        procedure = ProcedureOut(
            areas=list(visit.areas or []),  # type: ignore[arg-type]
            threads=[
                ThreadOut(type=t.type, material=t.material, count=t.count)  # type: ignore[arg-type]
                for t in visit.threads
            ],
        )
    return VisitOut(
        id=visit.id,
        status=visit.status,  # type: ignore[arg-type]
        kind=visit.kind,  # type: ignore[arg-type]
        patient_id=visit.patient_id,
        patient_name=visit.patient.name,
        practitioner_id=visit.practitioner_id,
        practitioner_name=visit.practitioner.name,
        starts_at=visit.starts_at,
        starts_at_local=visit.starts_at.astimezone(tz),
        ends_at=visit.ends_at,
        ends_at_local=visit.ends_at.astimezone(tz),
        duration_minutes=visit.duration_minutes,
        procedure=procedure,
        notes=visit.notes,
        created_at=visit.created_at,
        confirmed_at=visit.confirmed_at,
        completed_at=visit.completed_at,
        cancelled_at=visit.cancelled_at,
        audit=[
            AuditOut(
                at=e.at, staff=e.staff.name if e.staff else None, action=e.action, detail=e.detail
            )
            for e in visit.events
        ],
    ).model_dump(mode="json")


_VISIT_LIST = TypeAdapter(list[VisitOut])


def listed_visits_json(visits: list[ListedVisit], tz: ZoneInfo) -> bytes:
    """Serialise a page of listed visits as ``visit_json`` does each, as one JSON array."""
    out = []
    for item in visits:
        v = item.row
        procedure = None
        if v.kind == "procedure":
            procedure = {
                "areas": list(v.areas or []),
                "threads": [
                    {"type": t.type, "material": t.material, "count": t.count} for t in item.threads
                ],
            }
        out.append(
            {
                "id": v.id,
                "status": v.status,
                "kind": v.kind,
                "patient_id": v.patient_id,
                "patient_name": v.patient_name,
                "practitioner_id": v.practitioner_id,
                "practitioner_name": v.practitioner_name,
                "starts_at": v.starts_at,
                "starts_at_local": v.starts_at.astimezone(tz),
                "ends_at": v.ends_at,
                "ends_at_local": v.ends_at.astimezone(tz),
                "duration_minutes": v.duration_minutes,
                "procedure": procedure,
                "notes": v.notes,
                "created_at": v.created_at,
                "confirmed_at": v.confirmed_at,
                "completed_at": v.completed_at,
                "cancelled_at": v.cancelled_at,
                "audit": [
                    {"at": e.at, "staff": e.staff_name, "action": e.action, "detail": e.detail}
                    for e in item.events
                ],
            }
        )
    return _VISIT_LIST.dump_json(_VISIT_LIST.validate_python(out))


def message_json(message: Message, tz: ZoneInfo) -> dict[str, Any]:
    """Serialise an outbound text."""
    return MessageOut(
        id=message.id,
        visit_id=message.visit_id,
        step=message.step,
        kind=message.kind,  # type: ignore[arg-type]
        status=message.status,  # type: ignore[arg-type]
        send_at=message.send_at,
        send_at_local=message.send_at.astimezone(tz),
        expires_at=message.expires_at,
        sent_at=message.sent_at,
        body=message.body,
        twilio_sid=message.twilio_sid,
        error_code=message.error_code,
        note=message.status_note or (message.error_message or ""),
        urgent=message.urgent,
        sent_by=message.sent_by.name if message.sent_by else None,
    ).model_dump(mode="json")


def reply_json(reply: Reply, tz: ZoneInfo, *, withheld: bool = False) -> dict[str, Any]:
    """Serialise an inbound text with its triage; ``withheld`` keeps only its id and time."""
    if withheld:
        return ReplyOut(
            id=reply.id,
            body="",
            media=[],
            received_at=reply.received_at,
            received_at_local=reply.received_at.astimezone(tz),
            findings=[],
            severity=None,
            reason="",
            message_id=reply.message_id,
            withheld=True,
        ).model_dump(mode="json")
    return ReplyOut(
        id=reply.id,
        body=reply.body,
        media=list(reply.media or []),
        received_at=reply.received_at,
        received_at_local=reply.received_at.astimezone(tz),
        findings=list(reply.findings or []),
        severity=reply.severity,  # type: ignore[arg-type]
        reason=reply.triage_reason,
        message_id=reply.message_id,
    ).model_dump(mode="json")


def review_json(item: ReviewItem) -> dict[str, Any]:
    """Serialise a review item."""
    return ReviewOut(
        id=item.id,
        patient_id=item.patient_id,
        patient_name=item.patient.name if item.patient else None,
        visit_id=item.visit_id,
        reply_id=item.reply_id,
        message_id=item.message_id,
        reason=item.reason,
        severity=item.severity,  # type: ignore[arg-type]
        audience=item.audience,  # type: ignore[arg-type]
        findings=list(item.findings or []),
        evidence=list(item.evidence or []),
        created_at=item.created_at,
        status=item.status,  # type: ignore[arg-type]
        outcome=item.outcome,  # type: ignore[arg-type]
        note=item.note,
        resolved_at=item.resolved_at,
        resolved_by=item.resolved_by.name if item.resolved_by else None,
        minutes_to_review=item.minutes_to_review,
        acknowledged_at=item.acknowledged_at,
        acknowledged_by=item.acknowledged_by.name if item.acknowledged_by else None,
        acknowledged_via=item.acknowledged_via,  # type: ignore[arg-type]
        pages=[PageOut(**vars(page)) for page in pages_of(item)],
    ).model_dump(mode="json")


def audit_json(event: AuditEvent) -> dict[str, Any]:
    """Serialise one line of the audit trail."""
    return {
        "at": event.at.isoformat().replace("+00:00", "Z"),
        "actor": event.actor,
        "action": event.action,
        "patient_id": event.patient_id,
        "subject": event.subject,
        "detail": event.detail,
    }


def export_json(records: PatientRecords, clinic: ClinicSettings, now: datetime) -> dict[str, Any]:
    """Serialise everything held about one patient as one document."""
    tz = clinic.timezone
    return {
        "exported_at": now.isoformat().replace("+00:00", "Z"),
        "clinic": clinic.name,
        "profile": patient_json(records.patient),
        "visits": [visit_json(v, tz) for v in records.visits],
        "texts": [message_json(m, tz) for m in records.texts],
        "replies": [reply_json(r, tz) for r in records.replies],
        "photos": records.photos,
        "review_items": [review_json(i) for i in records.review_items],
        "audit": [audit_json(e) for e in records.audit],
    }
