"""The signed-in staff member's own page: mobile number for pages, their language, on call."""

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.paging import on_call_clinician
from clinic.staff_phones import put_on_call, set_language, set_phone
from clinic.views.auth import EmptyForm
from clinic.views.common import ANY_STAFF, clinic, me, roles_required

bp = Blueprint("profile", __name__)


class ProfileForm(FlaskForm):
    phone = StringField(
        _l("Mobile number for on-call pages"),
        validators=[Length(max=40)],
        description=_l(
            "Urgent replies page this phone when you are on call. Leave empty for none."
        ),
    )
    # Each language is named in itself, so a person can find their own on a page they can't read.
    language = SelectField(
        _l("Language of your pages"),
        choices=[
            SelectChoice("", _l("As my browser is set")),
            SelectChoice("en", "English"),
            SelectChoice("ko", "한국어"),
        ],
    )


def _render(form: ProfileForm, status: int = 200) -> Any:
    return render_template(
        "profile/me.html",
        form=form,
        on_call_form=EmptyForm(),
        on_call=on_call_clinician(db.session),
    ), status


@bp.route("/me", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def me_page() -> Any:
    """Show and change the signed-in person's phone and page language."""
    staff = me()
    form = ProfileForm(data={"phone": staff.phone or "", "language": staff.language or ""})
    if form.validate_on_submit():
        try:
            set_phone(db.session, clinic(), staff, form.phone.data or "")
            set_language(staff, form.language.data or None)
        except InvalidInput as exc:
            db.session.rollback()
            for field, message in exc.errors.items():
                getattr(form, field).errors.append(message)
            return _render(form, 422)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("profile.me_page"), 303)
    return _render(form, 422 if form.errors else 200)


@bp.post("/me/on-call")
@roles_required("clinician")
def go_on_call() -> Any:
    """Put the signed-in clinician on call (whoever was on call is not any more)."""
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    try:
        before = put_on_call(db.session, me())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        db.session.commit()
        said = _("You are on call: urgent replies page your phone.")
        if before:
            said += " " + _("%(name)s is no longer on call.", name=before.name)
        flash(said, "success")
    return redirect(url_for("profile.me_page"), 303)


@bp.post("/me/off-call")
@roles_required("clinician")
def go_off_call() -> Any:
    """Step down from on call; urgent items then page every clinician with a phone."""
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    me().on_call = False
    db.session.commit()
    flash(_("You are no longer on call: urgent replies page every clinician with a phone."), "info")
    return redirect(url_for("profile.me_page"), 303)
