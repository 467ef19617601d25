"""Small helpers every view module shares."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, current_app
from flask_login import current_user, login_required

from clinic.config import ClinicSettings
from clinic.extensions import db
from clinic.models import Staff, utcnow

F = TypeVar("F", bound=Callable[..., Any])


def clinic() -> ClinicSettings:
    """Return the clinic's settings for this app."""
    return cast(ClinicSettings, current_app.extensions["clinic_settings"])


def now() -> datetime:
    """Return the current time (UTC); one place to read the clock in views."""
    return utcnow()


def me() -> Staff:
    """Return the signed-in staff member."""
    return cast(Staff, current_user._get_current_object())


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow a page only to signed-in staff with one of ``roles`` (403 otherwise)."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if me().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


ANY_STAFF = ("receptionist", "clinician", "admin")
CLINICAL = ("clinician", "admin")


def commit() -> None:
    """Commit the request's unit of work."""
    db.session.commit()
