"""API: practitioners and visits."""

from typing import Any

from flask import Response, abort, jsonify, request

from clinic.accounts import practitioners
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.timeutil import local_today
from clinic.views.api import allow, body, bp, staff
from clinic.views.api.schemas import VisitIn, VisitPatch
from clinic.views.api.serialize import listed_visits_json, practitioner_json, visit_json
from clinic.views.common import ANY_STAFF, clinic, now, parse_day, parse_id
from clinic.views.pagination import add_paging_headers, api_window
from clinic.visits import (
    ThreadInput,
    VisitInput,
    book_visit,
    cancel_visit,
    complete_visit,
    count_visits_on,
    get_visit,
    listed_visits_on,
    mark_no_show,
    move_visit,
    reopen_visit,
)

# A day is bounded by the clinic's chairs; the cap only keeps one answer a sane size.
DAY_PAGE, DAY_PAGE_MAX = 500, 1000


def _override(asked: bool) -> bool:
    """Only an admin may book outside working hours."""
    if asked and staff().role != "admin":
        abort(403, "Only an admin may book outside working hours (override).")
    return asked


@bp.get("/practitioners")
@allow(*ANY_STAFF)
def practitioners_api() -> Any:
    """List everyone who can be booked."""
    return jsonify([practitioner_json(p) for p in practitioners(db.session)])


@bp.post("/visits")
@allow(*ANY_STAFF)
def book_visit_api() -> Any:
    """Book a visit; 409 when the practitioner is busy, 422 when in the past."""
    data = body(VisitIn)
    procedure = data.procedure
    visit = book_visit(
        db.session,
        clinic(),
        VisitInput(
            patient_id=data.patient_id,
            practitioner_id=data.practitioner_id,
            kind=data.kind,
            starts_at=data.starts_at,
            duration_minutes=data.duration_minutes,
            areas=list(procedure.areas) if procedure else [],
            threads=[
                ThreadInput(type=t.type, material=t.material, count=t.count)
                for t in (procedure.threads if procedure else [])
            ],
            notes=data.notes,
            walk_in=data.walk_in,
        ),
        staff(),
        now(),
        override=_override(data.override),
    )
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone)), 201


@bp.get("/visits")
@allow(*ANY_STAFF)
def visits_api() -> Any:
    """List the visits of a clinic-local day (today by default)."""
    settings = clinic()
    text = request.args.get("date")
    day = local_today(now(), settings.timezone)
    if text is not None:
        try:
            day = parse_day(text)
        except ValueError as exc:
            raise InvalidInput({"date": "Use the form YYYY-MM-DD."}) from exc
    practitioner_id = None
    if "practitioner_id" in request.args:
        practitioner_id = parse_id(request.args["practitioner_id"])
        if practitioner_id is None:
            raise InvalidInput({"practitioner_id": "Must be a practitioner's id."})
    window = api_window(DAY_PAGE, DAY_PAGE_MAX)
    found = listed_visits_on(
        db.session, settings, day, practitioner_id, limit=window.limit, offset=window.offset
    )
    total = count_visits_on(db.session, settings, day, practitioner_id)
    answer = Response(listed_visits_json(found, settings.timezone), mimetype="application/json")
    return add_paging_headers(answer, window, total)


@bp.get("/visits/<int:visit_id>")
@allow(*ANY_STAFF)
def visit_api(visit_id: int) -> Any:
    """Return one visit with its audit trail."""
    return jsonify(visit_json(get_visit(db.session, visit_id), clinic().timezone))


@bp.patch("/visits/<int:visit_id>")
@allow(*ANY_STAFF)
def move_visit_api(visit_id: int) -> Any:
    """Move a visit; its pending texts are re-planned."""
    visit = get_visit(db.session, visit_id)
    patch = body(VisitPatch)
    if not patch.model_fields_set - {"override"}:
        raise InvalidInput({"body": "Give starts_at, duration_minutes or practitioner_id."})
    move_visit(
        db.session,
        clinic(),
        visit,
        staff=staff(),
        now=now(),
        starts_at=patch.starts_at,
        duration_minutes=patch.duration_minutes,
        practitioner_id=patch.practitioner_id,
        override=_override(patch.override),
    )
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone))


@bp.post("/visits/<int:visit_id>/cancel")
@allow(*ANY_STAFF)
def cancel_visit_api(visit_id: int) -> Any:
    """Cancel a visit and its pending texts."""
    visit = get_visit(db.session, visit_id)
    cancel_visit(db.session, clinic(), visit, staff(), now())
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone))


@bp.post("/visits/<int:visit_id>/complete")
@allow(*ANY_STAFF)
def complete_visit_api(visit_id: int) -> Any:
    """Mark a visit done; a procedure's aftercare plan starts now."""
    visit = get_visit(db.session, visit_id)
    complete_visit(db.session, clinic(), visit, staff(), now())
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone))


@bp.post("/visits/<int:visit_id>/reopen")
@allow(*ANY_STAFF)
def reopen_visit_api(visit_id: int) -> Any:
    """Undo a completion the same clinic-local day; unsent aftercare texts are cancelled."""
    visit = get_visit(db.session, visit_id)
    reopen_visit(db.session, clinic(), visit, staff(), now())
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone))


@bp.post("/visits/<int:visit_id>/no-show")
@allow(*ANY_STAFF)
def no_show_api(visit_id: int) -> Any:
    """Record that the patient did not come; 409 before the visit's start."""
    visit = get_visit(db.session, visit_id)
    mark_no_show(db.session, clinic(), visit, staff(), now())
    db.session.commit()
    return jsonify(visit_json(visit, clinic().timezone))
