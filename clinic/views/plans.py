"""Aftercare plan pages: list plans, edit a step with a live preview, adjust one patient's plan."""

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from clinic.checks import FINDING_CODES
from clinic.errors import InvalidInput, NotFound
from clinic.extensions import db
from clinic.patients import get_patient
from clinic.plans import CONDITIONS
from clinic.plans.adjust import EDITORS, adjust_step, replan_pending
from clinic.plans.store import StepChange, current_version, get_plan, list_plans, save_step
from clinic.plans.text import PLACEHOLDERS, format_options, parse_options, preview, sample
from clinic.views.auth import EmptyForm
from clinic.views.common import clinic, commit, me, now, roles_required

bp = Blueprint("plans", __name__)

CONDITION_LABELS = {
    "age_50_plus": _l("Age 50 or over"),
    "thin_skin": _l("Thin skin"),
    "low_elasticity": _l("Low skin elasticity"),
    "low_cheek_volume": _l("Low cheek volume"),
    "barbed_threads": _l("Barbed threads (cog or screw)"),
    "low_volume_midface": _l("Low cheek volume, mid-face treated"),
}
PLACEHOLDER_LABELS = {
    "clinic_name": _l("the clinic's name"),
    "clinic_phone": _l("the clinic's phone number (may be empty)"),
    "first_name": _l("the patient's first name"),
}
# How the history names what a save changed.
FIELD_LABELS = {
    "text_en": _l("English text"),
    "text_ko": _l("Korean text"),
    "day": _l("day"),
    "at": _l("time"),
    "useful_hours": _l("how long it stays useful"),
    "conditions": _l("conditions"),
    "options": _l("numbered answers"),
}
assert set(CONDITION_LABELS) == set(CONDITIONS), "every condition needs a label"
assert set(PLACEHOLDER_LABELS) == set(PLACEHOLDERS), "every placeholder needs a label"


class StepForm(FlaskForm):
    text_en = TextAreaField(
        _l("Text in English"), validators=[Length(max=2000)], render_kw={"rows": 9}
    )
    text_ko = TextAreaField(
        _l("Text in Korean"), validators=[Length(max=2000)], render_kw={"rows": 9}
    )
    day = IntegerField(_l("Day after the procedure"), validators=[InputRequired()])
    at = StringField(_l("Local time (HH:MM; empty: when the procedure is completed)"))
    useful_hours = IntegerField(_l("Useful for (hours)"), validators=[InputRequired()])
    conditions = SelectMultipleField(
        _l("Only when (any of these; none: always)"),
        choices=[SelectChoice(k, v) for k, v in CONDITION_LABELS.items()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    options = TextAreaField(
        _l("Numbered answers: number | findings | severity, one a line"),
        validators=[Length(max=2000)],
        render_kw={"rows": 6},
    )


def _samples() -> dict[str, dict[str, str]]:
    settings = clinic()
    return {lang: sample(lang, settings.name, settings.phone or "") for lang in ("en", "ko")}


@bp.get("/plans")
@roles_required(*EDITORS)
def index() -> Any:
    """List every aftercare plan with its current version."""
    return render_template("plans/index.html", plans=list_plans(db.session))


@bp.get("/plans/<int:plan_id>")
@roles_required(*EDITORS)
def detail(plan_id: int) -> Any:
    """Show a plan's steps and the history of its versions."""
    plan = get_plan(db.session, plan_id)
    return render_template(
        "plans/detail.html",
        plan=plan,
        version=current_version(plan),
        conditions=CONDITION_LABELS,
        fields=FIELD_LABELS,
    )


@bp.route("/plans/<int:plan_id>/steps/<name>", methods=["GET", "POST"])
@roles_required(*EDITORS)
def edit_step(plan_id: int, name: str) -> Any:
    """Edit one step's wording, timing, condition and answers; saving makes a new version."""
    plan = get_plan(db.session, plan_id)
    step = next((s for s in current_version(plan).steps if s.name == name), None)
    if step is None:
        abort(404)
    form = StepForm(obj=step)
    if not form.is_submitted():
        form.options.data = format_options(step.options)
    if form.validate_on_submit():
        options, problem = parse_options(form.options.data or "")
        if problem:
            form.options.errors = [problem]
        else:
            change = StepChange(
                text_en=form.text_en.data or "",
                text_ko=form.text_ko.data or "",
                day=form.day.data or 0,
                at=(form.at.data or "").strip() or None,
                useful_hours=form.useful_hours.data or 0,
                conditions=list(form.conditions.data or []),
                options=options,
            )
            try:
                version = save_step(
                    db.session, plan, name, change, samples=_samples(), staff=me(), now=now()
                )
            except InvalidInput as exc:
                db.session.rollback()
                for field, message in exc.errors.items():
                    getattr(form, field).errors = [message]
            else:
                commit()
                flash(_("Saved as version %(number)s.", number=version.number), "success")
                return redirect(url_for("plans.detail", plan_id=plan.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "plans/step.html",
        plan=plan,
        step=step,
        form=form,
        placeholders=PLACEHOLDER_LABELS,
        findings=FINDING_CODES,
        previews={
            lang: preview(
                (form.text_en.data if lang == "en" else form.text_ko.data) or "",
                lang,
                _samples()[lang],
            )
            for lang in ("en", "ko")
        },
    ), status


@bp.post("/plans/preview")
@roles_required(*EDITORS)
def preview_text() -> Any:
    """Render a step text for the sample patient: text, segments and what is wrong."""
    data = request.get_json(silent=True) or {}
    language = data.get("language")
    text = data.get("text")
    if language not in ("en", "ko") or not isinstance(text, str) or len(text) > 2000:
        return jsonify({"error": _("Send a text and its language (en or ko).")}), 400
    shown = preview(text, language, _samples()[language])
    return jsonify(
        {
            "text": shown.text,
            "characters": shown.characters,
            "encoding": shown.encoding,
            "segments": shown.segments,
            "error": shown.error,
        }
    )


@bp.post("/patients/<int:patient_id>/plan")
@roles_required(*EDITORS)
def adjust(patient_id: int) -> Any:
    """Add a check to one patient's plan or skip one, with a reason."""
    patient = get_patient(db.session, patient_id)
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    visit_id = request.form.get("visit_id", "")
    try:
        adjust_step(
            db.session,
            clinic(),
            patient,
            int(visit_id) if visit_id.isdigit() else 0,
            step=request.form.get("step", ""),
            action=request.form.get("action", ""),
            reason=request.form.get("reason", ""),
            staff=me(),
            now=now(),
        )
    except (InvalidInput, NotFound) as exc:
        db.session.rollback()
        message = "; ".join(exc.errors.values()) if isinstance(exc, InvalidInput) else str(exc)
        flash(message, "error")
    else:
        commit()
        flash(_("The patient's plan is changed."), "success")
    return redirect(url_for("patients.detail", patient_id=patient.id) + "#plan-h", 303)


@bp.post("/patients/<int:patient_id>/plan/replan")
@roles_required(*EDITORS)
def replan(patient_id: int) -> Any:
    """Re-plan the patient's pending aftercare texts with the current plan version."""
    patient = get_patient(db.session, patient_id)
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    replan_pending(db.session, clinic(), patient, me(), now())
    commit()
    flash(_("Pending texts now follow the current plan version."), "success")
    return redirect(url_for("patients.detail", patient_id=patient.id) + "#plan-h", 303)
