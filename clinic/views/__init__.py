"""Blueprints, error pages and template helpers."""

from datetime import datetime
from typing import Any

from flask import Flask, abort, jsonify, make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.extensions import db, login_manager
from clinic.inbox import unread_count
from clinic.labels import label
from clinic.models import Staff
from clinic.phones import display_phone
from clinic.review import open_counts
from clinic.views.common import IdConverter, clinic, parse_id
from clinic.views.outage import DB_UNAVAILABLE, database_unavailable


@login_manager.user_loader
def _load_staff(session_id: str) -> Staff | None:
    # "<staff id>:<session version>": a bumped version (sign-out, new password,
    # deactivation) turns every older session cookie away.
    staff_text, _, version = session_id.partition(":")
    staff_id = parse_id(staff_text)
    if staff_id is None or not version.isdigit():
        return None
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.active or str(staff.session_version) != version:
        return None
    return staff


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/twilio/")


def _error(status: int, title: str, message: str) -> Any:
    if _wants_json():
        return jsonify({"error": title, "message": message}), status
    return render_template("error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register every blueprint, error handler and template helper."""
    # Before any blueprint: <int:id> URL parts must fit an id column.
    app.url_map.converters["int"] = IdConverter

    from clinic.views import (
        admin,
        api,
        auth,
        canned,
        conversation,
        desk,
        outcomes,
        patients,
        phone,
        profile,
        review,
        schedule,
        security,
        visits,
        webhooks,
    )

    security.init_app(app)
    for module in (
        auth,
        desk,
        patients,
        visits,
        review,
        outcomes,
        phone,
        webhooks,
        profile,
        admin,
        schedule,
        conversation,
        canned,
    ):
        app.register_blueprint(module.bp)
    api.init_app(app)

    @app.get("/favicon.ico")
    def favicon() -> Any:
        return app.send_static_file("favicon.ico")

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"

    @app.before_request
    def _refuse_nul() -> None:
        # PostgreSQL cannot store NUL in text; no person types one on purpose.
        values = [*request.args.values(), *request.args.keys()]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values += [*request.form.values(), *request.form.keys()]
        if any("\x00" in v for v in values):
            abort(400, "The request contains a NUL character.")

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Any:
        return _error(
            400,
            "Form expired",
            "The form was missing its security token or it "
            "expired. Go back, reload the page and try again.",
        )

    @app.errorhandler(InvalidInput)
    def _invalid(error: InvalidInput) -> Any:
        if _wants_json():
            return jsonify({"errors": error.errors}), 422
        return _error(422, "Check the details", "; ".join(error.errors.values()))

    @app.errorhandler(Conflict)
    def _conflict(error: Conflict) -> Any:
        return _error(409, "Not possible right now", error.message)

    @app.errorhandler(NotFound)
    def _not_found(error: NotFound) -> Any:
        return _error(404, "Not found", str(error))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        if error.response is not None:
            return error.response
        response, status = _error(error.code or 500, error.name, error.description or "")
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response = make_response(response, status)
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response, status

    @app.errorhandler(sa_exc.OperationalError)
    @app.errorhandler(sa_exc.InterfaceError)
    @app.errorhandler(sa_exc.TimeoutError)
    def _database_unavailable(error: Exception) -> Any:
        return database_unavailable(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Any:
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _error(
            500,
            "Something went wrong",
            "Nothing was saved. Try again; if it keeps happening, tell the administrator.",
        )

    @app.template_filter("local")
    def _local(value: datetime | None, fmt: str = "%a %d %b %Y, %H:%M") -> str:
        if value is None:
            return ""
        # The app's own settings, not the current_app proxy: a day view calls this ~900 times.
        zone = app.extensions["clinic_settings"].timezone
        return value.astimezone(zone).strftime(fmt)

    app.add_template_filter(display_phone, "phone")
    app.add_template_filter(label, "label")

    @app.context_processor
    def _globals() -> dict[str, Any]:
        values: dict[str, Any] = {"clinic": clinic(), "sms_backend": app.config["SMS_BACKEND"]}
        try:
            if current_user.is_authenticated:
                count, urgent = open_counts(db.session, current_user.role)
                values.update(open_review_count=count, open_review_urgent=urgent)
                values.update(inbox_unread=unread_count(db.session, current_user.role))
        except DB_UNAVAILABLE:
            pass  # an error page still renders while the database is away
        return values
