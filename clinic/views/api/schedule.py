"""API: working hours, the next free slot and the no-show report."""

from datetime import datetime, timedelta
from typing import Any

from flask import jsonify, request

from clinic.accounts import practitioners
from clinic.errors import InvalidInput, NotFound
from clinic.extensions import db
from clinic.models import Staff, WorkingHours
from clinic.no_shows import no_show_report
from clinic.schedule import hours_of, next_free_slot, parse_hours, set_hours
from clinic.timeutil import local_today
from clinic.views.api import allow, body, bp, staff
from clinic.views.api.schemas import HoursIn
from clinic.views.common import ANY_STAFF, clinic, now, parse_day, parse_id


def _practitioner(practitioner_id: int) -> Staff:
    found = db.session.get(Staff, practitioner_id)
    if found is None or not found.is_practitioner:
        raise NotFound(f"No practitioner {practitioner_id}.")
    return found


def _hours_json(practitioner: Staff) -> dict[str, Any]:
    hours = hours_of(db.session, practitioner.id)
    default = db.session.get(WorkingHours, practitioner.id) is None
    return {"practitioner_id": practitioner.id, "default": default, **hours}


@bp.get("/practitioners/<int:practitioner_id>/hours")
@allow(*ANY_STAFF)
def hours_api(practitioner_id: int) -> Any:
    """Return a practitioner's weekly hours (every day 08:00-20:00 until set)."""
    return jsonify(_hours_json(_practitioner(practitioner_id)))


@bp.put("/practitioners/<int:practitioner_id>/hours")
@allow("admin")
def set_hours_api(practitioner_id: int) -> Any:
    """Replace a practitioner's weekly hours; audited."""
    practitioner = _practitioner(practitioner_id)
    data = body(HoursIn)
    set_hours(db.session, practitioner, parse_hours(data.model_dump()), staff(), now())
    db.session.commit()
    return jsonify(_hours_json(practitioner))


@bp.get("/free-slot")
@allow(*ANY_STAFF)
def free_slot_api() -> Any:
    """Return the next free slot of a length, for one practitioner or any."""
    settings = clinic()
    errors: dict[str, str] = {}
    minutes = parse_id(request.args.get("duration_minutes", "30"))
    if minutes is None or not 5 <= minutes <= 480:
        errors["duration_minutes"] = "Must be 5 to 480 minutes."
    after = now()
    if request.args.get("after"):
        try:
            asked = datetime.fromisoformat(request.args["after"])
            if asked.tzinfo is None:
                raise ValueError("no offset")
            after = max(after, asked)
        except ValueError:
            errors["after"] = "Give a time with its offset, e.g. 2026-12-01T09:00:00+09:00."
    who = practitioners(db.session)
    if "practitioner_id" in request.args:
        pid = parse_id(request.args["practitioner_id"])
        who = [p for p in who if p.id == pid]
        if not who:
            errors["practitioner_id"] = "Must be a practitioner's id."
    if errors:
        raise InvalidInput(errors)
    assert minutes is not None
    slot = next_free_slot(db.session, settings, who, minutes, after)
    if slot is None:
        raise NotFound("No free slot of that length in the next 60 days.")
    return jsonify(free_slot_json(slot.practitioner, slot.starts_at))


def free_slot_json(practitioner: Staff, starts_at: datetime) -> dict[str, Any]:
    """Serialise a free slot with its clinic-local time."""
    return {
        "practitioner_id": practitioner.id,
        "practitioner_name": practitioner.name,
        "starts_at": starts_at.isoformat().replace("+00:00", "Z"),
        "starts_at_local": starts_at.astimezone(clinic().timezone).isoformat(),
    }


@bp.get("/reports/no-shows")
@allow("admin")
def no_shows_api() -> Any:
    """No-shows by month and practitioner between two local days (the last 12 months)."""
    settings = clinic()
    today = local_today(now(), settings.timezone)
    start, end = today.replace(day=1) - timedelta(days=335), today
    try:
        if request.args.get("from"):
            start = parse_day(request.args["from"])
        if request.args.get("to"):
            end = parse_day(request.args["to"])
    except ValueError as exc:
        raise InvalidInput({"from": "Use the form YYYY-MM-DD for from and to."}) from exc
    if end < start:
        raise InvalidInput({"to": "Must not be before from."})
    rows = no_show_report(db.session, settings, start, end)
    return jsonify(
        [
            {
                "month": r.month,
                "practitioner_id": r.practitioner_id,
                "practitioner_name": r.practitioner,
                "visits": r.visits,
                "no_shows": r.no_shows,
                "rate": round(r.rate, 4),
            }
            for r in rows
        ]
    )
