"""Web security: session lifetimes, sign-in throttling, response headers, secure cookies."""

import time
from datetime import UTC, datetime
from typing import Any

from flask import (
    Flask,
    current_app,
    flash,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask.wrappers import Response
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from clinic.audit import PATIENT_SMS, SYSTEM, set_actor, staff_actor
from clinic.extensions import db
from clinic.i18n import gettext as _
from clinic.views.common import clinic, me

ABSOLUTE_HOURS = 12
LOGIN_LIMIT = "5 per 15 minutes"
STARTED, SEEN = "_started", "_seen"
# Requests a page makes on its own (the inbox's refresh): they do not count as activity,
# so a page left open still ends its session after SESSION_IDLE_MINUTES.
BACKGROUND_ENDPOINTS = ("conversation.inbox_json",)

# Failed sign-ins are counted in memory, per process (Flask-Limiter's memory://
# storage): right for `serve` and one web process. RATELIMIT_STORAGE_URI may
# name a shared store (redis://...) for several.
limiter = Limiter(
    key_func=get_remote_address,
    strategy="moving-window",
    headers_enabled=True,
    default_limits=[],
)

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Patients' MMS photos are Twilio media URLs.
        "img-src 'self' data: https:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


class _SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS (also via a proxy)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = bool(app.config["SESSION_COOKIE_SECURE"])
        return configured or (has_request_context() and request.is_secure)


def login_failed(response: Response) -> bool:
    """Whether a sign-in attempt failed (counted towards the throttle)."""
    return response.status_code == 400


def account_key() -> str:
    """The throttle key for the account a sign-in names."""
    return "account:" + (request.form.get("email", "").strip().lower()[:254] or "-")


def address_key() -> str:
    """The throttle key for the client's address."""
    return "address:" + (get_remote_address() or "-")


def begin_session() -> None:
    """Start the idle and absolute clocks of a newly signed-in session."""
    session.permanent = True
    session[STARTED] = session[SEEN] = time.time()


def _session_expired() -> bool:
    idle = int(_config("SESSION_IDLE_MINUTES")) * 60
    moment = time.time()
    started, seen = session.get(STARTED), session.get(SEEN)
    if not isinstance(started, float | int) or not isinstance(seen, float | int):
        return True
    return moment - seen > idle or moment - started > ABSOLUTE_HOURS * 3600


def _config(key: str) -> Any:
    return current_app.config[key]


def retry_message(limit: RequestLimit) -> str:
    """Say when sign-in may be tried again, in clinic-local time."""
    at = datetime.fromtimestamp(limit.reset_at, UTC).astimezone(clinic().timezone)
    return _("Too many failed sign-ins. Try again after %(time)s.", time=f"{at:%H:%M}")


def init_app(app: Flask) -> None:
    """Install the session interface, the limiter, the session clock and the headers."""
    app.session_interface = _SessionInterface()
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", ABSOLUTE_HOURS * 3600)
    limiter.init_app(app)

    @app.before_request
    def _session_clock() -> Any:
        if request.endpoint == "static" or request.path.startswith(("/api/", "/twilio/")):
            set_actor(db.session, PATIENT_SMS if request.path.startswith("/twilio/") else SYSTEM)
            return None
        if not current_user.is_authenticated:
            return None
        if _session_expired():
            logout_user()
            session.clear()
            flash(_("Your session ended. Please sign in again."), "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if request.endpoint not in BACKGROUND_ENDPOINTS:
            session[SEEN] = time.time()
        set_actor(db.session, staff_actor(me(), request.remote_addr or ""))
        return None

    @app.teardown_request
    def _forget_actor(_error: BaseException | None) -> None:
        set_actor(db.session, SYSTEM)

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Shared front-desk PCs: nothing with patient data stays in a browser cache.
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        return response
