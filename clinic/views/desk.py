"""The front desk's day view: who comes when, one column per practitioner."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, render_template, request

from clinic.accounts import practitioners
from clinic.extensions import db
from clinic.models import Staff, Visit
from clinic.timeutil import local_today
from clinic.views.common import ANY_STAFF, clinic, now, parse_day, parse_id, roles_required
from clinic.visits import visits_on

bp = Blueprint("desk", __name__)


@dataclass
class Column:
    """One practitioner's visits on the day."""

    practitioner: Staff
    visits: list[Visit] = field(default_factory=list)

    @property
    def active_count(self) -> int:
        """Visits that still take up time (not cancelled)."""
        return sum(1 for v in self.visits if v.status != "cancelled")


def _asked_day(text: str | None, today: date) -> date:
    """Return the day asked for in ``?date=``, today when absent; 400 when malformed."""
    if not text:
        return today
    try:
        return parse_day(text)
    except ValueError:
        abort(
            400,
            description=f"“{text[:40]}” is not a date. Use the form YYYY-MM-DD, "
            f"for example {today.isoformat()}.",
        )


def _practitioner_filter(text: str | None) -> Staff | None:
    if not text:
        return None
    staff_id = parse_id(text)
    if staff_id is None:
        abort(400, description="practitioner_id must be a practitioner's number.")
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.is_practitioner:
        abort(404, description=f"No practitioner {text}.")
    return staff


def _columns(visits: list[Visit], only: Staff | None) -> list[Column]:
    shown = [only] if only is not None else practitioners(db.session)
    columns = {p.id: Column(p) for p in shown}
    for visit in visits:
        # A practitioner who has left still shows on days they had visits.
        column = columns.setdefault(visit.practitioner_id, Column(visit.practitioner))
        column.visits.append(visit)
    return list(columns.values())


@bp.get("/")
@roles_required(*ANY_STAFF)
def day() -> Any:
    """Show the visits of one clinic-local day, today unless ``?date=`` says otherwise."""
    settings = clinic()
    today = local_today(now(), settings.timezone)
    shown_day = _asked_day(request.args.get("date"), today)
    only = _practitioner_filter(request.args.get("practitioner_id"))
    visits = visits_on(db.session, settings, shown_day, only.id if only else None)
    return render_template(
        "desk/day.html",
        day=shown_day,
        today=today,
        previous_day=shown_day - timedelta(days=1),
        next_day=shown_day + timedelta(days=1),
        columns=_columns(visits, only),
        only=only,
        all_practitioners=practitioners(db.session),
        visit_count=sum(1 for v in visits if v.status != "cancelled"),
    )
