"""Small helpers every view module shares."""

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, current_app
from flask_login import current_user, login_required
from werkzeug.routing import IntegerConverter, Map

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


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on PostgreSQL
FIRST_YEAR, LAST_YEAR = 1900, 2200


def parse_id(text: str | None) -> int | None:
    """Return a record id from text, or None when it cannot be one."""
    value = (text or "").strip()
    if not value.isdigit() or len(value) > 10 or not 0 < int(value) <= MAX_ID:
        return None
    return int(value)


def parse_day(text: str) -> date:
    """Parse an ISO date within the years a clinic works in; raise ValueError otherwise."""
    day = date.fromisoformat(text.strip())
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year {day.year} is out of range")
    return day


class IdConverter(IntegerConverter):
    """``<int:…>`` URL parts that fit a database id; larger numbers are simply not found."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
