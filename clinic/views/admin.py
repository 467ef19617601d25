"""Administration pages: staff accounts, their API tokens, and the audit trail."""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from clinic.accounts import (
    create_staff,
    create_token,
    deactivate,
    list_staff,
    revoke_tokens,
    set_password,
    tokens_of,
)
from clinic.errors import InvalidInput, NotFound
from clinic.extensions import db
from clinic.forms import option
from clinic.labels import english_label, label
from clinic.models import AuditEvent, Staff
from clinic.models.staff import ROLES
from clinic.passwords import MAX_LENGTH
from clinic.timeutil import local_day_bounds
from clinic.views.auth import EmptyForm
from clinic.views.common import clinic, commit, me, now, parse_day, parse_id, roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


class StaffForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(
        _l("Role"),
        choices=[option(r, _l(english_label(r, "role"))) for r in ROLES],
        default="receptionist",
    )
    password = PasswordField(
        _l("Password (at least 10 characters)"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


class ResetForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


def _account(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(_("No staff account %(id)s.", id=staff_id))
    return staff


def _checked_form() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))


@bp.route("/staff", methods=["GET", "POST"])
@roles_required("admin")
def staff() -> Any:
    """List staff accounts and add one."""
    form = StaffForm()
    if form.validate_on_submit():
        try:
            account = create_staff(
                db.session,
                form.email.data,
                role=form.role.data,
                name=form.name.data,
                password=form.password.data,
            )
        except InvalidInput as exc:
            db.session.rollback()
            for key, message in exc.errors.items():
                getattr(form, key).errors.append(message)
        else:
            commit()
            flash(
                _(
                    "Added %(role)s %(name)s <%(email)s>.",
                    role=label(account.role, "role").lower(),
                    name=account.name,
                    email=account.email,
                ),
                "success",
            )
            return redirect(url_for("admin.staff"), 303)
    accounts = list_staff(db.session)
    return render_template(
        "admin/staff.html",
        form=form,
        accounts=accounts,
        tokens={a.id: tokens_of(db.session, a) for a in accounts},
        reset_form=ResetForm(),
        button=EmptyForm(),
    ), (422 if form.is_submitted() else 200)


@bp.post("/staff/<int:staff_id>/deactivate")
@roles_required("admin")
def deactivate_staff(staff_id: int) -> Any:
    """Turn an account off: its sessions and API tokens stop working at once."""
    _checked_form()
    account = _account(staff_id)
    if account.id == me().id:
        flash(_("You cannot deactivate your own account."), "warning")
    elif account.active:
        revoked = deactivate(db.session, account, now())
        commit()
        flash(
            _(
                "%(name)s is deactivated; %(count)s API token(s) revoked.",
                name=account.name,
                count=revoked,
            ),
            "success",
        )
    return redirect(url_for("admin.staff"), 303)


@bp.post("/staff/<int:staff_id>/password")
@roles_required("admin")
def reset_password(staff_id: int) -> Any:
    """Give an account a new password; its sessions end."""
    account = _account(staff_id)
    form = ResetForm()
    if not form.validate_on_submit():
        flash(_("Type a new password of at most 200 characters."), "warning")
        return redirect(url_for("admin.staff"), 303)
    try:
        set_password(db.session, account, form.password.data, now())
    except InvalidInput as exc:
        db.session.rollback()
        flash(
            _(
                "Password for %(email)s not changed: %(why)s",
                email=account.email,
                why=exc.errors["password"],
            ),
            "warning",
        )
    else:
        commit()
        flash(
            _("New password set for %(email)s; their sessions were ended.", email=account.email),
            "success",
        )
    return redirect(url_for("admin.staff"), 303)


@bp.post("/staff/<int:staff_id>/tokens")
@roles_required("admin")
def new_token(staff_id: int) -> Any:
    """Create an API token for an account and show it once."""
    _checked_form()
    account = _account(staff_id)
    if not account.active:
        abort(409, _("This account is deactivated."))
    token = create_token(db.session, account, now())
    commit()
    return render_template("admin/token.html", account=account, token=token)


@bp.post("/staff/<int:staff_id>/tokens/<int:token_id>/revoke")
@roles_required("admin")
def revoke_token(staff_id: int, token_id: int) -> Any:
    """Revoke one API token."""
    _checked_form()
    account = _account(staff_id)
    if revoke_tokens(db.session, account, now(), token_id=token_id):
        commit()
        flash(_("Token #%(id)s of %(email)s revoked.", id=token_id, email=account.email), "success")
    return redirect(url_for("admin.staff"), 303)


@bp.get("/audit")
@roles_required("admin")
def audit() -> Any:
    """List the audit trail, newest first, filtered by actor, patient, action and dates."""
    args = request.args
    actor = args.get("actor", "").strip()[:254]
    action = args.get("action", "").strip()[:40]
    patient_text = args.get("patient", "").strip()
    patient_id = parse_id(patient_text)
    if patient_text and patient_id is None:
        abort(400, _("The patient filter takes a patient number."))
    try:
        since = parse_day(args["from"]) if args.get("from") else None
        until = parse_day(args["to"]) if args.get("to") else None
    except ValueError:
        abort(400, _("Dates look like 2026-12-01."))
    page = parse_id(args.get("page")) or 1
    query = sa.select(AuditEvent)
    if actor:
        query = query.where(AuditEvent.actor.contains(actor.lower(), autoescape=True))
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    tz = clinic().timezone
    if since is not None:
        query = query.where(AuditEvent.at >= local_day_bounds(since, tz)[0])
    if until is not None:
        query = query.where(AuditEvent.at < local_day_bounds(until + timedelta(days=1), tz)[0])
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return render_template(
        "admin/audit.html",
        events=events[:PAGE_SIZE],
        page=page,
        more=len(events) > PAGE_SIZE,
        filters={
            "actor": actor,
            "action": action,
            "patient": patient_text,
            "from": args.get("from", ""),
            "to": args.get("to", ""),
        },
    )
