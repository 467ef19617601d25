"""Registering patients, recording consent and finding them again."""

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.i18n import gettext as _
from clinic.models import Patient, Staff
from clinic.models.base import DbSession
from clinic.models.patient import CHEEK_VOLUME, ELASTICITY, LANGUAGES, THICKNESS
from clinic.outbox import cancel_pending_texts, sync_patient_texts
from clinic.phones import BadPhoneNumber, normalise_phone
from clinic.text import clean_name


@dataclass
class PatientInput:
    """What the front desk records about a patient."""

    name: str
    phone: str
    language: str = "en"
    sms_consent: bool = False
    birth_year: int | None = None
    skin_thickness: str | None = None
    cheek_volume: str | None = None
    elasticity: str | None = None
    notes: str = ""


def get_patient(session: DbSession, patient_id: int) -> Patient:
    """Return a patient by id or raise NotFound."""
    patient = session.get(Patient, patient_id)
    if patient is None:
        raise NotFound(_("No patient %(id)s.", id=patient_id))
    return patient


def _validate(
    session: DbSession,
    clinic: ClinicSettings,
    data: PatientInput,
    now: datetime,
    patient_id: int | None,
) -> tuple[dict[str, str], str]:
    errors: dict[str, str] = {}
    if not clean_name(data.name):
        errors["name"] = _("Enter the patient's name (with at least one letter or digit).")
    elif len(clean_name(data.name)) > 120:
        errors["name"] = _("Use at most 120 characters.")
    phone = ""
    try:
        phone = normalise_phone(data.phone, clinic.country)
    except BadPhoneNumber as exc:
        errors["phone"] = str(exc)
    else:
        owner = session.scalar(sa.select(Patient).where(Patient.phone == phone))
        if owner is not None and owner.id != patient_id:
            errors["phone"] = _(
                "This number already belongs to patient #%(id)s, %(name)s.",
                id=owner.id,
                name=owner.name,
            )
    if data.language not in LANGUAGES:
        errors["language"] = _("Language must be en (English) or ko (Korean).")
    if data.birth_year is not None and not 1900 <= data.birth_year <= now.year:
        errors["birth_year"] = _("Birth year must be between 1900 and %(year)s.", year=now.year)
    for key, value, allowed in (
        ("skin.thickness", data.skin_thickness, THICKNESS),
        ("skin.cheek_volume", data.cheek_volume, CHEEK_VOLUME),
        ("skin.elasticity", data.elasticity, ELASTICITY),
    ):
        if value is not None and value not in allowed:
            errors[key] = _("Must be one of: %(values)s.", values=", ".join(allowed))
    return errors, phone


def create_patient(
    session: DbSession,
    clinic: ClinicSettings,
    data: PatientInput,
    staff: Staff | None,
    now: datetime,
) -> Patient:
    """Register a patient; raise InvalidInput with a message per bad field."""
    errors, phone = _validate(session, clinic, data, now, None)
    if errors:
        raise InvalidInput(errors)
    patient = Patient(
        name=clean_name(data.name),
        phone=phone,
        language=data.language,
        birth_year=data.birth_year,
        skin_thickness=data.skin_thickness,
        cheek_volume=data.cheek_volume,
        elasticity=data.elasticity,
        notes=data.notes.strip(),
        created_at=now,
        created_by_id=staff.id if staff else None,
    )
    _set_consent(patient, data.sms_consent, staff, now)
    session.add(patient)
    session.flush()
    return patient


def update_patient(
    session: DbSession,
    clinic: ClinicSettings,
    patient: Patient,
    data: PatientInput,
    staff: Staff | None,
    now: datetime,
) -> Patient:
    """Change a patient's details and re-plan their texts to match."""
    if patient.erased_at is not None:
        raise Conflict(_("This patient's personal data was erased; register them again instead."))
    errors, phone = _validate(session, clinic, data, now, patient.id)
    if errors:
        raise InvalidInput(errors)
    patient.name, patient.phone, patient.language = clean_name(data.name), phone, data.language
    patient.birth_year = data.birth_year
    patient.skin_thickness, patient.cheek_volume = data.skin_thickness, data.cheek_volume
    patient.elasticity, patient.notes = data.elasticity, data.notes.strip()
    _set_consent(patient, data.sms_consent, staff, now)
    session.flush()
    sync_patient_texts(session, clinic, patient, now)
    return patient


def _set_consent(patient: Patient, consent: bool, staff: Staff | None, now: datetime) -> None:
    if bool(patient.sms_consent) == consent and patient.consent_recorded_at is not None:
        return
    patient.sms_consent = consent
    patient.consent_recorded_at = now
    patient.consent_recorded_by = staff


def opt_out(session: DbSession, patient: Patient, now: datetime) -> int:
    """Stop every text to a patient at once; return how many pending texts stopped."""
    if not patient.opted_out:
        patient.opted_out, patient.opted_out_at = True, now
    return cancel_pending_texts(session, patient, "patient opted out")


def opt_in(session: DbSession, clinic: ClinicSettings, patient: Patient, now: datetime) -> bool:
    """Re-subscribe a patient who texted START; plan what is still useful."""
    if not patient.opted_out:
        return False
    patient.opted_out, patient.opted_out_at = False, None
    session.flush()
    sync_patient_texts(session, clinic, patient, now)
    return True


def search_patients(session: DbSession, query: str, limit: int = 50) -> list[Patient]:
    """Find patients by part of the name or by phone digits."""
    text = query.strip()
    statement = sa.select(Patient).order_by(Patient.name, Patient.id).limit(limit)
    if not text:
        return list(session.scalars(statement))
    digits = re.sub(r"\D", "", text)
    conditions = [sa.func.lower(Patient.name).contains(text.lower(), autoescape=True)]
    if len(digits) >= 3:
        # National forms drop the leading 0 of the international one: 010… is +8210….
        conditions.append(Patient.phone.contains(digits.lstrip("0"), autoescape=True))
    # Sorted by lower(name), which no b-tree index gives: PostgreSQL then finds the few
    # matches through the trigram indexes and sorts them, instead of walking the name
    # index through most patients to fill one page.
    found = sa.select(Patient).where(sa.or_(*conditions))
    return list(
        session.scalars(found.order_by(sa.func.lower(Patient.name), Patient.id).limit(limit))
    )


def patient_phone_is(clinic: ClinicSettings, phone: str) -> sa.ColumnElement[bool]:
    """The condition that a patient row has exactly this number (any format)."""
    try:
        e164 = normalise_phone(phone, clinic.country)
    except BadPhoneNumber:
        return sa.false()
    return Patient.phone == e164


def find_by_phone(session: DbSession, clinic: ClinicSettings, phone: str) -> Patient | None:
    """Return the patient with exactly this number (any format), if any."""
    return session.scalar(sa.select(Patient).where(patient_phone_is(clinic, phone)))
