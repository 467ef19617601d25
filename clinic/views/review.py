"""The review queue pages: open items by urgency, one item in context, resolving it."""

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from clinic.audit import record
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.inbox import mark_read
from clinic.need_to_know import shows_clinical, visible_entries
from clinic.paging import acknowledge, pages_of
from clinic.review import (
    PAGE_SIZE,
    can_resolve,
    get_item,
    list_items,
    resolve_item,
    severity_counts,
)
from clinic.timeline import conversation
from clinic.timeutil import local_day_bounds
from clinic.views.common import ANY_STAFF, CLINICAL, clinic, me, now, parse_day, roles_required
from clinic.views.conversation import compose_for
from clinic.views.pagination import page_window

# The resolved list shows a range of days; a month unless the page asks for another.
RESOLVED_DAYS = 30

bp = Blueprint("review", __name__)

OUTCOME_LABELS = {
    "reassured": _l("Reassured the patient"),
    "review_visit_booked": _l("Booked a review visit"),
    "urgent_care": _l("Sent to urgent care"),
    "other": _l("Other (say what in the note)"),
}


ACK_LABELS = {
    "sms": _l("texted ACK"),
    "opened": _l("opened the item"),
    "api": _l("through the API"),
    "resolved": _l("resolved it"),
}


class ResolveForm(FlaskForm):
    outcome = RadioField(
        _l("Outcome"),
        choices=[SelectChoice(k, v) for k, v in OUTCOME_LABELS.items()],
        validators=[DataRequired(_l("Choose what was done."))],
    )
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])


@bp.get("/review")
@roles_required(*ANY_STAFF)
def index() -> Any:
    """List open (or resolved) items the signed-in role handles."""
    status = request.args.get("status", "open")
    if status not in ("open", "resolved"):
        abort(400, _("Show open or resolved items."))
    tz = clinic().timezone
    today = now().astimezone(tz).date()
    start, end = _day("from", today - timedelta(days=RESOLVED_DAYS - 1)), _day("to", today)
    start, end = min(start, end), max(start, end)
    between = None
    if status == "resolved":
        between = (local_day_bounds(start, tz)[0], local_day_bounds(end, tz)[1])
    window = page_window(PAGE_SIZE)
    counts = severity_counts(db.session, me().role, status, resolved_between=between)
    items = list_items(
        db.session,
        me().role,
        status,
        limit=window.limit,
        offset=window.offset,
        resolved_between=between,
    )
    total = sum(counts.values())
    return render_template(
        "review/index.html",
        items=items,
        status=status,
        today=today,
        counts=counts,
        total=total,
        window=window,
        has_next=window.offset + window.limit < total,
        start=start,
        end=end,
    )


def _day(name: str, default: date) -> date:
    try:
        return parse_day(request.args.get(name) or "") if request.args.get(name) else default
    except ValueError:
        return default


@bp.route("/review/<int:item_id>", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def detail(item_id: int) -> Any:
    """Show one item with the patient's procedure, profile and conversation; resolve it."""
    item = get_item(db.session, item_id, me().role)
    if request.method == "GET" and item.severity == "urgent" and me().role in CLINICAL:
        # A clinician has it in front of them: paging stops.
        if acknowledge(db.session, item, me(), "opened", now()):
            db.session.commit()
    form = ResolveForm()
    allowed = can_resolve(item, me())
    if request.method == "POST":
        if not allowed:
            abort(403)
        if form.validate_on_submit():
            try:
                resolve_item(
                    db.session,
                    item,
                    me(),
                    outcome=form.outcome.data,
                    note=form.note.data or "",
                    now=now(),
                )
            except InvalidInput as exc:
                db.session.rollback()
                for field, message in exc.errors.items():
                    getattr(form, field).errors.append(message)
            except Conflict as exc:
                db.session.rollback()
                flash(exc.message, "warning")
                return redirect(url_for("review.detail", item_id=item.id), 303)
            else:
                db.session.commit()
                flash(
                    _(
                        "Resolved: %(outcome)s. Next item below.",
                        outcome=str(OUTCOME_LABELS[item.outcome or "other"]).lower(),
                    ),
                    "success",
                )
                return redirect(url_for("review.index"), 303)
    patient = item.patient
    entries = conversation(db.session, patient, queued=True) if patient else []
    timeline = visible_entries(me().role, entries)
    if patient and (item.audience == "clinical" or shows_clinical(timeline)):
        record(
            db.session, "replies.view", now(), patient_id=patient.id, subject=f"review:{item.id}"
        )
    if patient:
        mark_read(db.session, patient, me().role, now())
    db.session.commit()
    procedure = item.visit if item.visit and item.visit.kind == "procedure" else None
    status = 422 if request.method == "POST" else 200
    return render_template(
        "review/detail.html",
        item=item,
        form=form,
        can_resolve=allowed,
        patient=patient,
        procedure=procedure,
        age=patient.age_in(now().year) if patient else None,
        timeline=timeline,
        outcome_labels=OUTCOME_LABELS,
        pages=pages_of(item),
        ack_labels=ACK_LABELS,
        compose=compose_for(patient, item) if patient and not patient.erased_at else None,
    ), status
