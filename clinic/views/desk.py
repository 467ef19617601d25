"""The front desk's day view: who comes when, one column per practitioner."""

import threading
from datetime import date, timedelta
from typing import Any

from cachetools import LRUCache
from flask import Blueprint, abort, get_template_attribute, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from clinic.accounts import practitioners
from clinic.day_grid import DayGrid, day_grid, grid_visits, week_of
from clinic.extensions import db
from clinic.models import Staff
from clinic.models.visit import VISIT_KINDS, VISIT_STATUSES
from clinic.schedule import next_free_slot, spans_on
from clinic.timeutil import local_day_bounds, local_today
from clinic.views.common import ANY_STAFF, clinic, now, parse_day, parse_id, roles_required
from clinic.visits import visits_on

bp = Blueprint("desk", __name__)

# Rendered day grids by everything they show (see _grid_html); a few days and languages.
_grid_cache: LRUCache[tuple[object, ...], Markup] = LRUCache(maxsize=32)
_grid_lock = threading.Lock()


def _asked_day(text: str | None, today: date) -> date:
    """Return the day asked for in ``?date=``, today when absent; 400 when malformed."""
    if not text:
        return today
    try:
        return parse_day(text)
    except ValueError:
        abort(
            400,
            description=_(
                "“%(text)s” is not a date. Use the form YYYY-MM-DD, for example %(example)s.",
                text=text[:40],
                example=today.isoformat(),
            ),
        )


def _practitioner_filter(text: str | None) -> Staff | None:
    if not text:
        return None
    staff_id = parse_id(text)
    if staff_id is None:
        abort(400, description=_("practitioner_id must be a practitioner's number."))
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.is_practitioner:
        abort(404, description=_("No practitioner %(id)s.", id=text))
    return staff


def _free_slot_asked(people: list[Staff], shown_day: date) -> dict[str, Any] | None:
    """Answer "next free slot" (``?find=MINUTES&kind=``) from the shown day on."""
    minutes = parse_id(request.args.get("find"))
    if minutes is None:
        return None
    settings = clinic()
    kind = request.args.get("kind") if request.args.get("kind") in VISIT_KINDS else None
    if not 5 <= minutes <= 480:
        return {
            "error": _("Choose a length of 5 to 480 minutes."),
            "minutes": minutes,
            "kind": kind,
        }
    after = max(now(), local_day_bounds(shown_day, settings.timezone)[0])
    slot = next_free_slot(db.session, settings, people, minutes, after)
    return {"slot": slot, "minutes": minutes, "kind": kind}


@bp.get("/")
@roles_required(*ANY_STAFF)
def day() -> Any:
    """Show one clinic-local day as a time grid, today unless ``?date=`` says otherwise."""
    settings = clinic()
    today = local_today(now(), settings.timezone)
    shown_day = _asked_day(request.args.get("date"), today)
    only = _practitioner_filter(request.args.get("practitioner_id"))
    visits = grid_visits(db.session, settings, shown_day, only.id if only else None)
    everyone = practitioners(db.session)
    people = [only] if only is not None else everyone
    grid = day_grid(db.session, settings, shown_day, people, visits)
    visit_count = sum(1 for v in visits if v.status != "cancelled")
    return render_template(
        "desk/day.html",
        day=shown_day,
        today=today,
        previous_day=shown_day - timedelta(days=1),
        next_day=shown_day + timedelta(days=1),
        only=only,
        all_practitioners=everyone,
        visit_count=visit_count,
        found=_free_slot_asked(people, shown_day),
        kinds=VISIT_KINDS,
        grid_html=_grid_html(grid, shown_day, today, only, visit_count),
    )


def _grid_html(grid: DayGrid, day: date, today: date, only: Staff | None, count: int) -> Markup:
    """The grid's HTML, rendered once for each content, language and day it shows.

    A day holds hundreds of visits and free slots; rendering them is most of the page's
    time, while the front desk reloads an unchanged day all day long. The key holds
    everything the fragment shows, so a change anywhere in the day renders it anew.
    """
    visit_href = url_for("visits.detail", visit_id=0).removesuffix("0")
    book_href = url_for("visits.new", date=day.isoformat())
    key = (
        str(get_locale()),
        clinic().timezone.key,
        day,
        day == today,
        only.id if only else None,
        visit_href,
        book_href,
        grid.content_key(),
    )
    with _grid_lock:
        html = _grid_cache.get(key)
    if html is None:
        html = Markup(
            render_template(
                "desk/_grid.html",
                day=day,
                today=today,
                only_id=only.id if only else None,
                grid=grid,
                columns=grid.columns,
                visit_count=count,
                # Built once: a day holds hundreds of visits and free slots, each with a
                # link, badges and a label.
                visit_href=visit_href,
                book_href=book_href,
                badges=_badges(),
                # The raw translation, filled in per free slot (the template's _() formats).
                book_label=_("Book %(name)s at %(time)s:"),
            )
        )
        with _grid_lock:
            _grid_cache[key] = html
    return html


def _badges() -> dict[tuple[str, str], str]:
    """Every kind and status badge a visit can show, rendered once by the badge macro."""
    badge = get_template_attribute("macros.html", "badge")
    pairs = [(k, "kind-") for k in VISIT_KINDS] + [(s, "status-") for s in VISIT_STATUSES]
    return {(value, prefix): badge(value, prefix) for value, prefix in pairs}


@bp.get("/week")
@roles_required(*ANY_STAFF)
def week() -> Any:
    """Show one practitioner's week: hours, visits and free time, day by day."""
    settings = clinic()
    today = local_today(now(), settings.timezone)
    shown_day = _asked_day(request.args.get("date"), today)
    people = practitioners(db.session)
    only = _practitioner_filter(request.args.get("practitioner_id"))
    if only is None:
        if not people:
            abort(404, description=_("No practitioners yet."))
        only = people[0]
    days: list[dict[str, Any]] = []
    week_days = week_of(shown_day)
    for d in week_days:
        spans = spans_on(db.session, settings, only.id, d)
        booked = [v for v in visits_on(db.session, settings, d, only.id)]
        busy = sum(
            (v.ends_at - v.starts_at for v in booked if v.status != "cancelled"), timedelta()
        )
        hours = sum((b - a for a, b in spans), timedelta())
        free = max(hours - busy, timedelta())
        days.append({"day": d, "spans": spans, "visits": booked, "free": free})
    monday = week_days[0]
    return render_template(
        "desk/week.html",
        who=only,
        days=days,
        today=today,
        all_practitioners=people,
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
    )
