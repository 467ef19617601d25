"""Signing staff in and out."""

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from clinic.accounts import check_login
from clinic.extensions import db

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST-only buttons."""


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an absolute URL here would be an open redirect.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("desk.day")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the sign-in form and sign staff in."""
    form = LoginForm()
    if form.validate_on_submit():
        staff = check_login(db.session, form.email.data, form.password.data)
        if staff is not None:
            login_user(staff)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("Email or password is wrong.")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Any:
    """Sign out."""
    if EmptyForm().validate_on_submit():
        logout_user()
        flash("Signed out.", "info")
        return redirect(url_for("auth.login"))
    return redirect(url_for("desk.day"))
