"""API: patients, their texts and their replies."""

from typing import Any

import sqlalchemy as sa
from flask import current_app, jsonify, request

from clinic.audit import record
from clinic.conversation import send_staff_text
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.media import delete_local_photos
from clinic.models import Reply
from clinic.need_to_know import CLINICAL_SEVERITIES, may_read
from clinic.outbox import upcoming_texts
from clinic.patients import (
    PatientInput,
    create_patient,
    find_by_phone,
    get_patient,
    search_patients,
    update_patient,
)
from clinic.privacy import erase_patient, patient_records, record_export
from clinic.views.api import allow, body, bp, staff
from clinic.views.api.schemas import PatientIn, PatientPatch, StaffMessageIn
from clinic.views.api.serialize import export_json, message_json, patient_json, reply_json
from clinic.views.common import ANY_STAFF, clinic, now


@bp.post("/patients")
@allow(*ANY_STAFF)
def create_patient_api() -> Any:
    """Register a patient."""
    data = body(PatientIn)
    skin = data.skin
    patient = create_patient(
        db.session,
        clinic(),
        PatientInput(
            name=data.name,
            phone=data.phone,
            language=data.language,
            sms_consent=data.sms_consent,
            birth_year=data.birth_year,
            skin_thickness=skin.thickness if skin else None,
            cheek_volume=skin.cheek_volume if skin else None,
            elasticity=skin.elasticity if skin else None,
            notes=data.notes,
        ),
        staff(),
        now(),
    )
    db.session.commit()
    return jsonify(patient_json(patient)), 201


@bp.get("/patients/<int:patient_id>")
@allow(*ANY_STAFF)
def patient_api(patient_id: int) -> Any:
    """Return one patient."""
    return jsonify(patient_json(get_patient(db.session, patient_id)))


@bp.patch("/patients/<int:patient_id>")
@allow(*ANY_STAFF)
def update_patient_api(patient_id: int) -> Any:
    """Change some of a patient's details; their texts are re-planned to match."""
    patient = get_patient(db.session, patient_id)
    patch = body(PatientPatch).model_dump(exclude_unset=True)
    required = ("name", "phone", "language", "sms_consent")
    nulls = {
        k: "May not be null; leave the field out to keep it."
        for k in required
        if k in patch and patch[k] is None
    }
    if nulls:
        raise InvalidInput(nulls)
    if "notes" in patch and patch["notes"] is None:
        patch["notes"] = ""
    skin = patch.get("skin") or {}
    data = PatientInput(
        name=patch.get("name", patient.name),
        phone=patch.get("phone", patient.phone),
        language=patch.get("language", patient.language),
        sms_consent=patch.get("sms_consent", patient.sms_consent),
        birth_year=patch.get("birth_year", patient.birth_year),
        skin_thickness=skin.get("thickness", patient.skin_thickness),
        cheek_volume=skin.get("cheek_volume", patient.cheek_volume),
        elasticity=skin.get("elasticity", patient.elasticity),
        notes=patch.get("notes", patient.notes),
    )
    update_patient(db.session, clinic(), patient, data, staff(), now())
    db.session.commit()
    return jsonify(patient_json(patient))


@bp.get("/patients")
@allow(*ANY_STAFF)
def search_patients_api() -> Any:
    """Find patients by exact phone (any format) or by part of the name or number."""
    phone = request.args.get("phone")
    if phone is not None:
        match = find_by_phone(db.session, clinic(), phone)
        return jsonify([patient_json(match)] if match else [])
    found = search_patients(db.session, request.args.get("q", ""))
    return jsonify([patient_json(p) for p in found])


@bp.get("/patients/<int:patient_id>/messages")
@allow(*ANY_STAFF)
def patient_messages_api(patient_id: int) -> Any:
    """Return a patient's outbound texts, planned and sent, in sending order."""
    patient = get_patient(db.session, patient_id)
    tz = clinic().timezone
    return jsonify([message_json(m, tz) for m in upcoming_texts(db.session, patient)])


@bp.post("/patients/<int:patient_id>/messages")
@allow(*ANY_STAFF)
def send_patient_message_api(patient_id: int) -> Any:
    """Queue a text from the caller to the patient; it goes through the outbox's rules."""
    patient = get_patient(db.session, patient_id)
    data = body(StaffMessageIn)
    message = send_staff_text(
        db.session,
        patient,
        staff(),
        data.body,
        now(),
        urgent=data.urgent,
        confirm_long=data.confirm_long,
    )
    db.session.commit()
    return jsonify(message_json(message, clinic().timezone)), 201


@bp.get("/patients/<int:patient_id>/replies")
@allow(*ANY_STAFF)
def patient_replies_api(patient_id: int) -> Any:
    """Return a patient's inbound texts with their triage, oldest first."""
    patient = get_patient(db.session, patient_id)
    replies = db.session.scalars(
        sa.select(Reply).where(Reply.patient_id == patient.id).order_by(Reply.received_at, Reply.id)
    )
    tz = clinic().timezone
    role = staff().role
    shown = [reply_json(r, tz, withheld=not may_read(role, r)) for r in replies]
    if any(not r["withheld"] and r["severity"] in CLINICAL_SEVERITIES for r in shown):
        record(db.session, "replies.view", now(), patient_id=patient.id, subject="api")
        db.session.commit()
    return jsonify(shown)


@bp.get("/patients/<int:patient_id>/export")
@allow("admin")
def export_patient_api(patient_id: int) -> Any:
    """Return everything held about a patient as one JSON document."""
    patient = get_patient(db.session, patient_id)
    records = patient_records(db.session, patient)
    document = export_json(records, clinic(), now())
    record_export(db.session, patient, now())
    db.session.commit()
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="patient-{patient.id}.json"'
    return response


@bp.post("/patients/<int:patient_id>/erase")
@allow("admin")
def erase_patient_api(patient_id: int) -> Any:
    """Erase a patient's personal data; anonymous rows stay so counts add up."""
    patient = get_patient(db.session, patient_id)
    photos = erase_patient(db.session, patient, now())
    db.session.commit()
    removed = delete_local_photos(current_app.instance_path, photos)
    return jsonify({**patient_json(patient), "photos_removed": removed})
