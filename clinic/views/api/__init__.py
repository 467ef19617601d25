"""The JSON API under /api/v1: bearer tokens, roles, JSON errors."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, abort, g, jsonify, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from clinic.accounts import staff_for_token
from clinic.audit import set_actor, staff_actor
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.extensions import csrf, db
from clinic.models import Staff

bp = Blueprint("api", __name__, url_prefix="/api/v1")
M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[..., Any])


def staff() -> Staff:
    """Return the account the request's token belongs to."""
    return cast(Staff, g.api_staff)


@bp.before_request
def _authenticate() -> Any:
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    found = None
    if scheme.lower() == "bearer" and token.strip():
        found = staff_for_token(db.session, token.strip())
    if found is None:
        response = jsonify(
            {
                "error": "unauthorized",
                "message": "Send a valid API token as 'Authorization: Bearer <token>'.",
            }
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="threadcare"'
        return response, 401
    g.api_staff = found
    set_actor(db.session, staff_actor(found, request.remote_addr or ""))
    return None


def allow(*roles: str) -> Callable[[F], F]:
    """Let only these roles call an endpoint (403 for the others)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if staff().role not in roles:
                return json_error(403, "forbidden", f"A {staff().role} may not do this.")
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def body(model: type[M]) -> M:
    """Parse the request's JSON body into ``model``; abort with 400 or 422."""
    if _too_deep(request.get_data(cache=True)):
        abort(400, f"The body nests deeper than {MAX_DEPTH} levels.")
    data = request.get_json(silent=True, force=True)
    if data is None:
        abort(400, "The body must be a JSON object (Content-Type: application/json).")
    if not isinstance(data, dict):
        abort(400, "The body must be a JSON object.")
    problem = _unstorable_text(data)
    if problem:
        abort(400, f"The body contains {problem}.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(_field_errors(exc)) from exc


MAX_DEPTH = 32


def _too_deep(raw: bytes) -> bool:
    """Whether JSON text nests arrays and objects past MAX_DEPTH (checked before parsing)."""
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _unstorable_text(value: Any) -> str | None:
    """Say what in a JSON value no database can store as text, if anything."""
    if isinstance(value, dict):
        items: list[Any] = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    elif isinstance(value, str):
        if "\x00" in value:
            return "a NUL character"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text that is not valid Unicode (a lone surrogate)"
        return None
    else:
        return None
    return next((p for p in map(_unstorable_text, items) if p), None)


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        # Literal choices report a path like ("kind",); unions add the type name.
        loc = [str(part) for part in error["loc"] if not str(part).startswith("function-")]
        key = ".".join(loc) or "body"
        errors.setdefault(key, error["msg"])
    return errors


def json_error(status: int, code: str, message: str) -> Any:
    return jsonify({"error": code, "message": message}), status


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput) -> Any:
    db.session.rollback()
    return jsonify({"errors": error.errors}), 422


@bp.errorhandler(Conflict)
def _conflict(error: Conflict) -> Any:
    db.session.rollback()
    payload: dict[str, Any] = {"error": "conflict", "message": error.message}
    if error.field:
        payload["errors"] = {error.field: error.message}
    if error.next_free is not None:
        from clinic.views.api.schedule import free_slot_json

        slot = error.next_free
        who = db.session.get(Staff, slot["practitioner_id"])
        if who is not None:
            payload["next_free"] = free_slot_json(who, slot["starts_at"])
    return jsonify(payload), 409


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Any:
    db.session.rollback()
    return json_error(404, "not_found", str(error))


@bp.errorhandler(HTTPException)
def _http(error: HTTPException) -> Any:
    code = (error.name or "error").lower().replace(" ", "_")
    response, status = json_error(error.code or 500, code, error.description or "")
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response, status


def init_app(app: Flask) -> None:
    """Register the API blueprint (CSRF does not apply: it uses bearer tokens)."""
    from clinic.views.api import openapi, patients, review, schedule, visits  # noqa: F401

    csrf.exempt(bp)
    app.register_blueprint(bp)
