"""Admin pages for canned answers: list, add, edit, deactivate."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from clinic.canned import get_canned, list_canned, save_canned, set_active
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.models import CannedAnswer
from clinic.views.auth import EmptyForm
from clinic.views.common import commit, me, now, roles_required

bp = Blueprint("canned", __name__, url_prefix="/admin/canned")

LANGUAGE_CHOICES = {"en": _l("English"), "ko": _l("Korean (한국어)")}


class CannedForm(FlaskForm):
    title = StringField(_l("Title (what staff pick from)"), validators=[Length(max=200)])
    language = SelectField(
        _l("Language"), choices=[SelectChoice(k, v) for k, v in LANGUAGE_CHOICES.items()]
    )
    body = TextAreaField(_l("Text"), validators=[Length(max=5000)])


def _save(form: CannedForm, answer: CannedAnswer | None) -> CannedAnswer | None:
    """Save the form's answer; put the domain's complaints on the form's fields."""
    try:
        saved = save_canned(
            db.session,
            answer,
            title=form.title.data or "",
            body=form.body.data or "",
            language=form.language.data or "",
            staff=me(),
            now=now(),
        )
    except InvalidInput as exc:
        db.session.rollback()
        for field, message in exc.errors.items():
            getattr(form, field).errors.append(message)
        return None
    commit()
    return saved


@bp.route("", methods=["GET", "POST"])
@roles_required("admin")
def index() -> Any:
    """List every canned answer and add one."""
    form = CannedForm()
    if form.validate_on_submit() and _save(form, None):
        flash(_("Canned answer added."), "success")
        return redirect(url_for("canned.index"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "conversation/canned.html",
        answers=list_canned(db.session),
        form=form,
        languages=LANGUAGE_CHOICES,
        toggle=EmptyForm(),
    ), status


@bp.route("/<int:answer_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(answer_id: int) -> Any:
    """Change a canned answer's title, language or text."""
    answer = get_canned(db.session, answer_id)
    form = CannedForm(obj=answer)
    if form.validate_on_submit() and _save(form, answer):
        flash(_("Canned answer saved."), "success")
        return redirect(url_for("canned.index"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("conversation/canned_edit.html", answer=answer, form=form), status


@bp.post("/<int:answer_id>/active")
@roles_required("admin")
def toggle(answer_id: int) -> Any:
    """Deactivate an active canned answer, or bring a deactivated one back."""
    answer = get_canned(db.session, answer_id)
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    set_active(db.session, answer, not answer.active, me(), now())
    commit()
    if answer.active:
        flash(_("“%(title)s” is offered again.", title=answer.title), "success")
    else:
        flash(_("“%(title)s” is no longer offered.", title=answer.title), "success")
    return redirect(url_for("canned.index"), 303)
