"""API: the review queue."""

from typing import Any

from flask import jsonify, request

from clinic.errors import InvalidInput, NotFound
from clinic.extensions import db
from clinic.models import ReviewItem
from clinic.review import can_resolve, list_items, resolve_item
from clinic.views.api import allow, body, bp, json_error, staff
from clinic.views.api.schemas import ResolveIn
from clinic.views.api.serialize import review_json
from clinic.views.common import ANY_STAFF, now


@bp.get("/review")
@allow(*ANY_STAFF)
def review_api() -> Any:
    """List review items the caller's role handles, most severe first, then oldest."""
    status = request.args.get("status", "open")
    if status not in ("open", "resolved"):
        raise InvalidInput({"status": "Use open or resolved."})
    return jsonify([review_json(i) for i in list_items(db.session, staff().role, status)])


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
