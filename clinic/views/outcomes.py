"""The outcomes page: side-effect rates after the clinic's procedures."""

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from clinic.extensions import db
from clinic.outcomes import GROUPINGS
from clinic.outcomes_cache import OutcomesCache
from clinic.views.common import CLINICAL, clinic, now, parse_day, roles_required

bp = Blueprint("outcomes", __name__)


def _day(name: str, default: date, errors: list[str]) -> date:
    text = request.args.get(name, "")
    try:
        return parse_day(text) if text else default
    except ValueError:
        errors.append(f"'{text}' is not a date; showing {default:%d %b %Y} instead.")
        return default


def cached_outcomes(start: date, end: date, by: str | None) -> dict[str, object]:
    """The outcomes report from this process's cache (recomputed when its data changed)."""
    cache: OutcomesCache = current_app.extensions.setdefault("outcomes_cache", OutcomesCache())
    return cache.report(db.session, clinic(), start, end, by, now())


@bp.get("/outcomes")
@roles_required(*CLINICAL)
def index() -> Any:
    """Show finding rates with 95% intervals beside the published rates."""
    today = now().astimezone(clinic().timezone).date()
    errors: list[str] = []
    start = _day("from", today - timedelta(days=90), errors)
    end = _day("to", today, errors)
    if start > end:
        errors.append(_("The start was after the end; they are swapped."))
        start, end = end, start
    by = request.args.get("by") or None
    if by not in (None, *GROUPINGS):
        errors.append(_("Unknown grouping; showing all procedures together."))
        by = None
    report = cached_outcomes(start, end, by)
    return render_template(
        "outcomes.html",
        report=report,
        start=start,
        end=end,
        by=by,
        groupings=GROUPINGS,
        errors=errors,
    )
