"""Patient pages: find, register, look at and edit patients."""

from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from clinic.audit import record
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.forms import PATIENT_FIELDS, PatientForm, apply_errors
from clinic.inbox import mark_read, reads_clinical
from clinic.media import delete_local_photos
from clinic.models import Patient, Visit
from clinic.models.visit import OPEN_STATUSES
from clinic.need_to_know import may_read_item, visible_entries
from clinic.outbox import upcoming_texts
from clinic.patients import create_patient, get_patient, search_patients, update_patient
from clinic.plans.adjust import EDITORS, visit_plans
from clinic.privacy import erase_patient, patient_records, record_export
from clinic.review import items_for_patient
from clinic.timeline import conversation
from clinic.timeutil import local_today
from clinic.views.api.serialize import export_json
from clinic.views.auth import EmptyForm
from clinic.views.common import ANY_STAFF, clinic, commit, me, now, roles_required
from clinic.views.conversation import compose_for

bp = Blueprint("patients", __name__)


def _next_visits(patients: list[Patient]) -> dict[int, Visit]:
    """Return each patient's next open visit, in one query."""
    if not patients:
        return {}
    upcoming = db.session.scalars(
        sa.select(Visit)
        .where(
            Visit.patient_id.in_([p.id for p in patients]),
            Visit.status.in_(OPEN_STATUSES),
            Visit.starts_at >= now(),
        )
        .order_by(Visit.starts_at.desc())
    )
    # Latest first, so the earliest visit of each patient is written last and wins.
    return {visit.patient_id: visit for visit in upcoming}


def _visits_of(patient: Patient) -> list[Visit]:
    return list(
        db.session.scalars(
            sa.select(Visit).where(Visit.patient_id == patient.id).order_by(Visit.starts_at)
        )
    )


@bp.get("/patients")
@roles_required(*ANY_STAFF)
def index() -> Any:
    """List patients, or those matching ``?q=`` by name or phone digits."""
    query = request.args.get("q", "").strip()[:100]
    found = search_patients(db.session, query)
    return render_template(
        "patients/index.html", patients=found, q=query, next_visits=_next_visits(found)
    )


@bp.route("/patients/new", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def new() -> Any:
    """Register a patient."""
    form = PatientForm()
    if form.validate_on_submit():
        try:
            patient = create_patient(db.session, clinic(), form.to_input(), me(), now())
        except InvalidInput as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, PATIENT_FIELDS)
        else:
            commit()
            said = _("%(name)s is registered. Book their first visit next.", name=patient.name)
            if not patient.sms_consent:
                said += " " + _("No texts will go until consent is recorded.")
            flash(said, "success")
            return redirect(url_for("patients.detail", patient_id=patient.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("patients/form.html", form=form, patient=None), status


@bp.get("/patients/<int:patient_id>")
@roles_required(*ANY_STAFF)
def detail(patient_id: int) -> Any:
    """Show a patient: details, consent, visits, texts and open review items."""
    patient = get_patient(db.session, patient_id)
    settings, moment = clinic(), now()
    # Opening the patient shows their conversation: the replies shown are now read.
    mark_read(db.session, patient, me().role, moment)
    if reads_clinical(db.session, patient, me().role):
        record(db.session, "replies.view", moment, patient_id=patient.id, subject="patient page")
    visits = _visits_of(patient)
    texts = upcoming_texts(db.session, patient)
    timeline = visible_entries(me().role, conversation(db.session, patient, queued=True))
    page = render_template(
        "patients/detail.html",
        patient=patient,
        age=patient.age_in(local_today(moment, settings.timezone).year),
        upcoming=[v for v in visits if v.starts_at >= moment],
        past=[v for v in reversed(visits) if v.starts_at < moment],
        texts=texts,
        open_items=[i for i in items_for_patient(db.session, patient) if i.status == "open"],
        may_read_item=lambda item: may_read_item(me().role, item),
        admin_form=EmptyForm() if me().role == "admin" else None,
        now=moment,
        timeline=timeline,
        compose=compose_for(patient) if not patient.erased_at else None,
        plan_panel=visit_plans(db.session, texts, moment) if me().role in EDITORS else None,
    )
    # After rendering: a commit expires every loaded row, and the page would load each again.
    commit()
    return page


@bp.get("/patients/<int:patient_id>/export.json")
@roles_required("admin")
def export(patient_id: int) -> Any:
    """Download everything held about a patient as one JSON file."""
    patient = get_patient(db.session, patient_id)
    document = export_json(patient_records(db.session, patient), clinic(), now())
    record_export(db.session, patient, now())
    commit()
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="patient-{patient.id}.json"'
    return response


@bp.post("/patients/<int:patient_id>/erase")
@roles_required("admin")
def erase(patient_id: int) -> Any:
    """Erase a patient's personal data (after the page asked for confirmation)."""
    patient = get_patient(db.session, patient_id)
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    try:
        photos = erase_patient(db.session, patient, now())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        commit()
        delete_local_photos(current_app.instance_path, photos)
        flash(
            _(
                "Patient #%(id)s's personal data was erased; the anonymous record stays.",
                id=patient.id,
            ),
            "success",
        )
    return redirect(url_for("patients.detail", patient_id=patient.id), 303)


@bp.route("/patients/<int:patient_id>/edit", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def edit(patient_id: int) -> Any:
    """Change a patient's details; their planned texts follow."""
    patient = get_patient(db.session, patient_id)
    form = PatientForm()
    if not form.is_submitted():
        form.fill_from(patient)
    elif form.validate():
        try:
            update_patient(db.session, clinic(), patient, form.to_input(), me(), now())
        except InvalidInput as exc:
            db.session.rollback()
            apply_errors(form, exc.errors, PATIENT_FIELDS)
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message, "warning")
            return redirect(url_for("patients.detail", patient_id=patient.id), 303)
        else:
            commit()
            flash(_("Saved. Planned texts were updated to match."), "success")
            return redirect(url_for("patients.detail", patient_id=patient.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("patients/form.html", form=form, patient=patient), status
