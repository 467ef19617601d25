"""API: the review queue and the outcomes it adds up to."""

from datetime import date, datetime, timedelta
from typing import Any

from flask import jsonify, request

from clinic.errors import InvalidInput, NotFound
from clinic.extensions import db
from clinic.models import ReviewItem
from clinic.outcomes import GROUPINGS
from clinic.paging import acknowledge
from clinic.review import (
    PAGE_SIZE,
    can_resolve,
    get_item,
    list_items,
    resolve_item,
    severity_counts,
)
from clinic.timeutil import local_day_bounds
from clinic.views.api import allow, body, bp, json_error, staff
from clinic.views.api.schemas import OutcomesOut, ResolveIn
from clinic.views.api.serialize import review_json
from clinic.views.common import ANY_STAFF, CLINICAL, clinic, now, parse_day
from clinic.views.outcomes import cached_outcomes
from clinic.views.pagination import add_paging_headers, api_window

MAX_PAGE = 500


def _resolved_between() -> tuple[datetime, datetime] | None:
    """Read optional ``from``/``to`` clinic-local days (inclusive) for resolved items."""
    errors: dict[str, str] = {}
    days: dict[str, date] = {}
    for name in ("from", "to"):
        text = request.args.get(name)
        if text:
            try:
                days[name] = parse_day(text)
            except ValueError:
                errors[name] = "Use the form YYYY-MM-DD."
    if errors:
        raise InvalidInput(errors)
    if not days:
        return None
    tz = clinic().timezone
    start = local_day_bounds(days.get("from", date(1900, 1, 1)), tz)[0]
    end = local_day_bounds(days.get("to", date(2200, 12, 31)), tz)[1]
    return start, end


@bp.get("/review")
@allow(*ANY_STAFF)
def review_api() -> Any:
    """List review items the caller's role handles, most severe first, then oldest; paged."""
    status = request.args.get("status", "open")
    if status not in ("open", "resolved"):
        raise InvalidInput({"status": "Use open or resolved."})
    window = api_window(PAGE_SIZE, MAX_PAGE)
    between = _resolved_between() if status == "resolved" else None
    role = staff().role
    items = list_items(
        db.session,
        role,
        status,
        limit=window.limit,
        offset=window.offset,
        resolved_between=between,
    )
    total = sum(severity_counts(db.session, role, status, resolved_between=between).values())
    return add_paging_headers(jsonify([review_json(i) for i in items]), window, total)


@bp.post("/review/<int:item_id>/resolve")
@allow(*ANY_STAFF)
def resolve_api(item_id: int) -> Any:
    """Record how an item was handled."""
    item = db.session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"No review item {item_id}.")
    if not can_resolve(item, staff()):
        return json_error(403, "forbidden", "Clinical items are resolved by clinicians.")
    data = body(ResolveIn)
    resolve_item(db.session, item, staff(), outcome=data.outcome, note=data.note, now=now())
    db.session.commit()
    return jsonify(review_json(item))


@bp.post("/review/<int:item_id>/acknowledge")
@allow(*CLINICAL)
def acknowledge_api(item_id: int) -> Any:
    """Record who acknowledged an urgent item and when; its paging stops."""
    item = get_item(db.session, item_id, staff().role)
    acknowledge(db.session, item, staff(), "api", now())
    db.session.commit()
    return jsonify(review_json(item))


@bp.get("/outcomes")
@allow(*CLINICAL)
def outcomes_api() -> Any:
    """Side-effect rates after procedures completed in a range of clinic-local days."""
    settings = clinic()
    errors: dict[str, str] = {}
    today = now().astimezone(settings.timezone).date()
    days: dict[str, date] = {}
    for name, default in (("from", today - timedelta(days=90)), ("to", today)):
        text = request.args.get(name)
        try:
            days[name] = parse_day(text) if text else default
        except ValueError:
            errors[name] = "Use the form YYYY-MM-DD."
    by = request.args.get("by") or None
    if by is not None and by not in GROUPINGS:
        errors["by"] = "Group by one of: " + ", ".join(GROUPINGS) + "."
    if not errors and days["from"] > days["to"]:
        errors["from"] = "'from' must not be after 'to'."
    if errors:
        raise InvalidInput(errors)
    report = cached_outcomes(days["from"], days["to"], by)
    return jsonify(OutcomesOut.model_validate(report).model_dump(mode="json", by_alias=True))
