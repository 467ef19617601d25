"""Signing staff in and out, and changing one's own password."""

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RequestLimit
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from clinic.accounts import check_login, end_sessions, set_password
from clinic.audit import Actor, record
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.passwords import MAX_LENGTH
from clinic.views.common import ANY_STAFF, me, now, roles_required
from clinic.views.security import (
    LOGIN_LIMIT,
    account_key,
    address_key,
    begin_session,
    limiter,
    login_failed,
    retry_message,
)

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    again = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", _l("The two new passwords differ."))],
    )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST-only buttons."""


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute URL here would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("desk.day")


def _throttled(limit: RequestLimit) -> Any:
    form = LoginForm()
    message = retry_message(limit)
    record(
        db.session,
        "login.throttled",
        now(),
        detail=message,
        actor=Actor(label=request.form.get("email", "")[:254], address=request.remote_addr or ""),
    )
    db.session.commit()
    return make_response(render_template("auth/login.html", form=form, throttled=message), 429)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    LOGIN_LIMIT,
    key_func=address_key,
    methods=["POST"],
    deduct_when=login_failed,
    on_breach=_throttled,
)
@limiter.limit(
    LOGIN_LIMIT,
    key_func=account_key,
    methods=["POST"],
    deduct_when=login_failed,
    on_breach=_throttled,
)
def login() -> Any:
    """Show the sign-in form and sign staff in."""
    form = LoginForm()
    if form.validate_on_submit():
        staff = check_login(db.session, form.email.data, form.password.data)
        address = request.remote_addr or ""
        if staff is not None:
            login_user(staff)
            begin_session()
            record(db.session, "login", now(), actor=Actor(staff.id, staff.email, address))
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        record(
            db.session,
            "login.failed",
            now(),
            actor=Actor(label=form.email.data.strip().lower()[:254], address=address),
        )
        db.session.commit()
        form.password.errors.append(_("Email or password is wrong."))
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Sign out everywhere: every session of this person ends."""
    if EmptyForm().validate_on_submit():
        staff = me()
        end_sessions(staff)
        record(db.session, "logout", now())
        db.session.commit()
        logout_user()
        flash(_("Signed out."), "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("desk.day"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def change_password() -> Any:
    """Change one's own password; every other session of this person ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        staff = me()
        if check_login(db.session, staff.email, form.current.data) is None:
            form.current.errors.append(_("This is not your current password."))
        else:
            try:
                set_password(db.session, staff, form.new.data, now())
            except InvalidInput as exc:
                db.session.rollback()
                form.new.errors.append(exc.errors["password"])
            else:
                db.session.commit()
                # This browser stays signed in under the new session version.
                login_user(staff)
                begin_session()
                flash(_("Password changed. Other sessions were signed out."), "success")
                return redirect(url_for("desk.day"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status
