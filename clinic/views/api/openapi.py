"""The OpenAPI 3.1 document of the API, built from the same models that validate it."""

from functools import cache
from typing import Any

from flask import jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from clinic.views.api import bp
from clinic.views.api import schemas as s

REF = "#/components/schemas/{model}"
MODELS: tuple[type[BaseModel], ...] = (
    s.PatientIn,
    s.PatientPatch,
    s.VisitIn,
    s.VisitPatch,
    s.ResolveIn,
    s.StaffMessageIn,
    s.PractitionerOut,
    s.PatientOut,
    s.VisitOut,
    s.MessageOut,
    s.ReplyOut,
    s.ReviewOut,
    s.ErrorsOut,
    s.ErrorOut,
    s.OutcomesOut,
    s.HoursIn,
    s.HoursOut,
    s.FreeSlotOut,
    s.NoShowRowOut,
    s.ConflictOut,
)


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _list(model: type[BaseModel]) -> dict[str, Any]:
    return {"type": "array", "items": _ref(model)}


ERRORS = {
    "400": _json(_ref(s.ErrorOut), "Malformed request (for example a NUL character)"),
    "401": _json(_ref(s.ErrorOut), "Missing or invalid token"),
    "403": _json(_ref(s.ErrorOut), "The caller's role may not do this"),
}
BAD_BODY = {
    "400": _json(_ref(s.ErrorOut), "Malformed JSON"),
    "422": _json(_ref(s.ErrorsOut), "Invalid fields, one message per field"),
}
ERASED = {"409": _json(_ref(s.ErrorOut), "The patient's data was erased")}
NOT_FOUND = {"404": _json(_ref(s.ErrorOut), "Unknown id")}
UNREACHABLE = {
    "409": _json(_ref(s.ErrorOut), "The patient opted out, has not consented or was erased")
}
CONFLICT = {"409": _json(_ref(s.ErrorOut), "Clashes with another visit or the visit's state")}
BOOKING_CONFLICT = {
    "409": _json(
        _ref(s.ConflictOut),
        "The practitioner is busy then, or it is outside their working hours or on a closed "
        "day (the message names the hours); next_free offers the next free slot",
    )
}


def _op(
    summary: str,
    ok: dict[str, Any],
    *,
    status: str = "200",
    request: Any = None,
    params: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {status: ok, **ERRORS, **(extra or {})}}
    if request is not None:
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(request)}},
        }
    if params:
        op["parameters"] = params
    return op


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _paging(default: int, maximum: int) -> list[dict[str, Any]]:
    """``limit``/``offset``; answers carry ``X-Total-Count`` and a ``Link`` header."""
    return [
        _query(
            "limit",
            f"items in the answer; {default} by default, a larger one than {maximum} is clamped",
            {"type": "integer", "minimum": 1},
        ),
        _query("offset", "items to skip", {"type": "integer", "minimum": 0}),
    ]


@cache
def document() -> dict[str, Any]:
    """Return the OpenAPI document."""
    _, definitions = models_json_schema(
        [
            (m, "validation" if m.__name__.endswith(("In", "Patch")) else "serialization")
            for m in MODELS
        ],
        ref_template=REF,
    )
    pid, vid, rid = _path_id("patient_id"), _path_id("visit_id"), _path_id("item_id")
    paths: dict[str, Any] = {
        "/practitioners": {
            "get": _op("Practitioners who can be booked", _json(_list(s.PractitionerOut)))
        },
        "/patients": {
            "get": _op(
                "Find patients by phone or name",
                _json(_list(s.PatientOut)),
                params=[
                    _query("phone", "Exact number in any format"),
                    _query("q", "Part of the name or phone digits"),
                ],
            ),
            "post": _op(
                "Register a patient",
                _json(_ref(s.PatientOut), "Created"),
                status="201",
                request=s.PatientIn,
                extra=BAD_BODY,
            ),
        },
        "/patients/{patient_id}": {
            "get": _op("A patient", _json(_ref(s.PatientOut)), params=[pid], extra=NOT_FOUND),
            "patch": _op(
                "Change a patient's details",
                _json(_ref(s.PatientOut)),
                request=s.PatientPatch,
                params=[pid],
                extra={**BAD_BODY, **NOT_FOUND, **UNREACHABLE},
            ),
        },
        "/patients/{patient_id}/export": {
            "get": _op(
                "Everything held about a patient (admin): profile, visits, texts, replies, "
                "photos' URLs, review items and audit trail",
                _json({"type": "object"}),
                params=[pid],
                extra=NOT_FOUND,
            )
        },
        "/patients/{patient_id}/erase": {
            "post": _op(
                "Erase a patient's personal data (admin); anonymous rows stay",
                _json(_ref(s.PatientOut)),
                params=[pid],
                extra={**NOT_FOUND, **ERASED},
            )
        },
        "/patients/{patient_id}/messages": {
            "get": _op(
                "The patient's outbound texts",
                _json(_list(s.MessageOut)),
                params=[pid],
                extra=NOT_FOUND,
            ),
            "post": _op(
                "Text the patient as the caller (kind 'staff'): consent, opt-out and quiet "
                "hours apply unless urgent; over 3 segments needs confirm_long, over 10 is refused",
                _json(_ref(s.MessageOut), "Created"),
                status="201",
                request=s.StaffMessageIn,
                params=[pid],
                extra={**BAD_BODY, **NOT_FOUND, **UNREACHABLE},
            ),
        },
        "/patients/{patient_id}/replies": {
            "get": _op(
                "The patient's replies with their triage",
                _json(_list(s.ReplyOut)),
                params=[pid],
                extra=NOT_FOUND,
            )
        },
        "/visits": {
            "get": _op(
                "Visits of a clinic-local day",
                _json(_list(s.VisitOut)),
                params=[
                    _query(
                        "date",
                        "YYYY-MM-DD, clinic-local; today by default",
                        {"type": "string", "format": "date"},
                    ),
                    _query("practitioner_id", "Only this practitioner", {"type": "integer"}),
                    *_paging(500, 1000),
                ],
                extra={"422": BAD_BODY["422"]},
            ),
            "post": _op(
                "Book a visit",
                _json(_ref(s.VisitOut), "Created"),
                status="201",
                request=s.VisitIn,
                extra={**BAD_BODY, **BOOKING_CONFLICT},
            ),
        },
        "/visits/{visit_id}": {
            "get": _op(
                "A visit with its audit trail",
                _json(_ref(s.VisitOut)),
                params=[vid],
                extra=NOT_FOUND,
            ),
            "patch": _op(
                "Move a visit; its texts are re-planned",
                _json(_ref(s.VisitOut)),
                request=s.VisitPatch,
                params=[vid],
                extra={**BAD_BODY, **NOT_FOUND, **BOOKING_CONFLICT},
            ),
        },
        "/visits/{visit_id}/cancel": {
            "post": _op(
                "Cancel a visit and its pending texts",
                _json(_ref(s.VisitOut)),
                params=[vid],
                extra={**NOT_FOUND, **CONFLICT},
            )
        },
        "/visits/{visit_id}/complete": {
            "post": _op(
                "Complete a visit; a procedure's aftercare starts now",
                _json(_ref(s.VisitOut)),
                params=[vid],
                extra={**NOT_FOUND, **CONFLICT},
            )
        },
        "/visits/{visit_id}/reopen": {
            "post": _op(
                "Undo a completion the same clinic-local day: the visit is booked again and "
                "its unsent aftercare texts are cancelled (audited)",
                _json(_ref(s.VisitOut)),
                params=[vid],
                extra={**NOT_FOUND, **CONFLICT},
            )
        },
        "/visits/{visit_id}/no-show": {
            "post": _op(
                "Record a no-show once the visit's start has passed (409 before); pending "
                "texts are cancelled",
                _json(_ref(s.VisitOut)),
                params=[vid],
                extra={**NOT_FOUND, **CONFLICT},
            )
        },
        "/practitioners/{practitioner_id}/hours": {
            "get": _op(
                "Weekly working hours, clinic-local (every day 08:00-20:00 until set)",
                _json(_ref(s.HoursOut)),
                params=[_path_id("practitioner_id")],
                extra=NOT_FOUND,
            ),
            "put": _op(
                "Replace the weekly working hours (admin); [] is a day off",
                _json(_ref(s.HoursOut)),
                request=s.HoursIn,
                params=[_path_id("practitioner_id")],
                extra={**BAD_BODY, **NOT_FOUND},
            ),
        },
        "/free-slot": {
            "get": _op(
                "The next free slot of a length within working hours (next 60 days)",
                _json(_ref(s.FreeSlotOut)),
                params=[
                    _query("duration_minutes", "5-480, default 30", {"type": "integer"}),
                    _query("practitioner_id", "Only this practitioner", {"type": "integer"}),
                    _query("after", "ISO 8601 with an offset; now by default"),
                ],
                extra={"422": BAD_BODY["422"], **NOT_FOUND},
            )
        },
        "/reports/no-shows": {
            "get": _op(
                "No-shows by clinic-local month and practitioner among completed and missed "
                "visits (admin); rate is a fraction 0-1",
                _json(_list(s.NoShowRowOut)),
                params=[
                    _query("from", "First clinic-local day", {"type": "string", "format": "date"}),
                    _query("to", "Last clinic-local day", {"type": "string", "format": "date"}),
                ],
                extra={"422": BAD_BODY["422"]},
            )
        },
        "/review": {
            "get": _op(
                "Review items, most severe first, then oldest",
                _json(_list(s.ReviewOut)),
                params=[
                    _query(
                        "status",
                        "open (default) or resolved",
                        {"type": "string", "enum": ["open", "resolved"]},
                    ),
                    _query(
                        "from",
                        "resolved items: first clinic-local day resolved",
                        {"type": "string", "format": "date"},
                    ),
                    _query(
                        "to",
                        "resolved items: last clinic-local day resolved",
                        {"type": "string", "format": "date"},
                    ),
                    *_paging(50, 500),
                ],
                extra={"422": BAD_BODY["422"]},
            )
        },
        "/review/{item_id}/resolve": {
            "post": _op(
                "Resolve a review item",
                _json(_ref(s.ReviewOut)),
                request=s.ResolveIn,
                params=[rid],
                extra={**BAD_BODY, **NOT_FOUND, **CONFLICT},
            )
        },
        "/review/{item_id}/acknowledge": {
            "post": _op(
                "Acknowledge a review item (who and when); its paging stops",
                _json(_ref(s.ReviewOut)),
                params=[rid],
                extra=NOT_FOUND,
            )
        },
        "/outcomes": {
            "get": _op(
                "Side-effect rates after procedures, with 95% intervals and published rates",
                _json(_ref(s.OutcomesOut)),
                params=[
                    _query("from", "First clinic-local day", {"type": "string", "format": "date"}),
                    _query("to", "Last clinic-local day", {"type": "string", "format": "date"}),
                    _query(
                        "by",
                        "Group by",
                        {
                            "type": "string",
                            "enum": ["practitioner", "thread_type", "area", "skin", "age_band"],
                        },
                    ),
                ],
                extra={"422": BAD_BODY["422"]},
            )
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "threadcare API",
            "version": "1.0.0",
            "description": "Book thread-lift visits, follow aftercare texts and replies, "
            "and work the review queue.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@bp.get("/openapi.json")
def openapi() -> Any:
    """Serve the OpenAPI document (no token needed)."""
    return jsonify(document())
