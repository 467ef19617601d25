"""Visit pages: book, look at, move, and record what happened."""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from clinic.accounts import practitioners
from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.forms import VISIT_FIELDS, MoveForm, VisitForm, add_error, apply_errors, optional_int
from clinic.i18n import format_local, ngettext
from clinic.i18n import gettext as _
from clinic.labels import label
from clinic.models import Message, Patient, ReviewItem, Visit
from clinic.models.visit import VISIT_KINDS
from clinic.outbox import upcoming_texts
from clinic.review import can_resolve, resolve_item
from clinic.timeutil import (
    AmbiguousLocalTime,
    NonexistentLocalTime,
    local_datetime,
    local_today,
)
from clinic.views.auth import EmptyForm
from clinic.views.common import (
    ANY_STAFF,
    clinic,
    commit,
    me,
    now,
    parse_day,
    parse_id,
    roles_required,
)
from clinic.visits import (
    VisitInput,
    book_visit,
    cancel_visit,
    complete_visit,
    confirm_visit,
    get_visit,
    mark_no_show,
    move_visit,
    reopen_visit,
)

bp = Blueprint("visits", __name__)
# Completing a visit further ahead than this asks for confirmation first.
EARLY_COMPLETION = timedelta(minutes=30)


def _when(visit: Visit, settings: ClinicSettings) -> str:
    """The visit's day and times in English, for notes kept in the database."""
    start = visit.starts_at.astimezone(settings.timezone)
    end = visit.ends_at.astimezone(settings.timezone)
    return f"{start:%a %d %b} {start:%H:%M}–{end:%H:%M}"


def _when_local(visit: Visit) -> str:
    """The visit's day and times in the page's language."""
    return (
        f"{format_local(visit.starts_at, 'day')} {format_local(visit.starts_at, 'time')}"
        f"–{format_local(visit.ends_at, 'time')}"
    )


def _pending_texts(visit: Visit) -> list[Message]:
    return [
        m
        for m in upcoming_texts(db.session, visit.patient)
        if m.visit_id == visit.id and m.status == "pending"
    ]


def _texts_planned(count: int) -> str:
    return ngettext("%(num)s text", "%(num)s texts", count)


def _why_no_texts(patient: Patient) -> str:
    if patient.opted_out:
        return _("the patient opted out of texts")
    return _("the patient has not agreed to receive texts")


def _starts_at(form: Any, settings: ClinicSettings) -> datetime | None:
    """Combine the form's clinic-local date and time; a time skipped by DST is an error."""
    day: date = form.date.data
    at: time = form.time.data
    try:
        return local_datetime(day, at, settings.timezone, strict=True)
    except NonexistentLocalTime:
        add_error(
            form,
            "time",
            _(
                "%(time)s does not exist on %(day)s in %(zone)s: the clocks go forward then. "
                "Choose another time.",
                time=f"{at:%H:%M}",
                day=format_local(day, "short_date"),
                zone=settings.timezone.key,
            ),
        )
        return None
    except AmbiguousLocalTime:
        add_error(
            form,
            "time",
            _(
                "%(time)s happens twice on %(day)s in %(zone)s: the clocks go back then. "
                "Choose a time outside that hour.",
                time=f"{at:%H:%M}",
                day=format_local(day, "short_date"),
                zone=settings.timezone.key,
            ),
        )
        return None


def _conflict_to_form(form: Any, exc: Conflict) -> None:
    add_error(form, VISIT_FIELDS.get(exc.field or "", ""), exc.message)
    if exc.next_free is not None:
        form.next_free = exc.next_free


def _override(form: Any) -> bool:
    """Only an admin's override books outside working hours."""
    return bool(form.override.data) and me().role == "admin"


def _all_patients() -> list[Patient]:
    return list(db.session.scalars(sa.select(Patient).order_by(Patient.name, Patient.id)))


def _prefill(form: VisitForm, today: date) -> None:
    args = request.args
    form.date.data = today
    try:
        form.patient_id.data = optional_int(args.get("patient_id"))
        form.practitioner_id.data = optional_int(args.get("practitioner_id"))
        if args.get("date"):
            form.date.data = parse_day(args["date"])
    except ValueError:
        pass  # a hand-edited link; the form still works without the prefill
    if args.get("kind") in VISIT_KINDS:
        form.kind.data = args["kind"]
        form.duration_minutes.data = 30 if args["kind"] != "procedure" else 60
    _prefill_time(form)


def _prefill_time(form: Any) -> None:
    """Take a suggested slot from the link (``date``, ``time``, ``practitioner_id``)."""
    args = request.args
    try:
        if args.get("date"):
            form.date.data = parse_day(args["date"])
        if args.get("time"):
            form.time.data = time.fromisoformat(args["time"])
        if args.get("practitioner_id"):
            form.practitioner_id.data = optional_int(args["practitioner_id"])
        if args.get("duration_minutes"):
            form.duration_minutes.data = optional_int(args["duration_minutes"])
    except ValueError:
        pass  # a hand-edited link; the form keeps the visit's own values


def _book(form: VisitForm, settings: ClinicSettings) -> Visit | None:
    starts_at = _starts_at(form, settings)
    if starts_at is None:
        return None
    threads, rows = form.thread_inputs()
    data = VisitInput(
        patient_id=form.patient_id.data,
        practitioner_id=form.practitioner_id.data,
        kind=form.kind.data,
        starts_at=starts_at,
        duration_minutes=form.duration_minutes.data,
        areas=list(form.areas.data or []),
        threads=threads,
        notes=form.notes.data or "",
        walk_in=bool(form.walk_in.data),
    )
    try:
        return book_visit(db.session, settings, data, me(), now(), override=_override(form))
    except InvalidInput as exc:
        db.session.rollback()
        apply_errors(form, exc.errors, VISIT_FIELDS, rows)
    except Conflict as exc:
        db.session.rollback()
        _conflict_to_form(form, exc)
    return None


def _resolve_review_item(visit: Visit, settings: ClinicSettings) -> bool:
    """Booked from a review item's "Book a review visit": record that outcome on it."""
    item_id = parse_id(request.args.get("review_item"))
    item = db.session.get(ReviewItem, item_id) if item_id else None
    if item is None or item.status != "open" or item.patient_id != visit.patient_id:
        return False
    if not can_resolve(item, me()):
        return False
    note = f"Booked {visit.kind.replace('_', '-')} visit #{visit.id}, {_when(visit, settings)}."
    resolve_item(db.session, item, me(), outcome="review_visit_booked", note=note, now=now())
    return True


@bp.route("/visits/new", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def new() -> Any:
    """Book a visit; ``?patient_id=``, ``date``, ``practitioner_id`` and ``kind`` prefill."""
    settings = clinic()
    patients = _all_patients()
    form = VisitForm()
    form.setup(practitioners(db.session), settings.timezone.key)
    form.setup_patients(patients)
    if not form.is_submitted():
        _prefill(form, local_today(now(), settings.timezone))
    elif form.validate():
        visit = _book(form, settings)
        if visit is not None:
            planned = len(_pending_texts(visit))
            message = _(
                "Booked %(patient)s: %(kind)s with %(practitioner)s, %(when)s.",
                patient=visit.patient.name,
                kind=label(visit.kind, "visit_kind").lower(),
                practitioner=visit.practitioner.name,
                when=_when_local(visit),
            )
            if _resolve_review_item(visit, settings):
                message += " " + _("The review item is resolved: review visit booked.")
            commit()
            if visit.patient.can_be_texted:
                message += " " + _(
                    "%(texts)s planned (confirmation and reminder).",
                    texts=_texts_planned(planned),
                )
            else:
                message += " " + _("No texts planned: %(why)s.", why=_why_no_texts(visit.patient))
            flash(message, "success")
            return redirect(url_for("visits.detail", visit_id=visit.id), 303)
    # A patient chosen before arriving here stays fixed; the select appears otherwise.
    fixed = next((p for p in patients if str(p.id) == request.args.get("patient_id")), None)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "visits/form.html", form=form, fixed_patient=fixed, has_patients=bool(patients)
    ), status


@bp.get("/visits/<int:visit_id>")
@roles_required(*ANY_STAFF)
def detail(visit_id: int) -> Any:
    """Show a visit with its texts and its audit trail."""
    visit = get_visit(db.session, visit_id)
    texts = [m for m in upcoming_texts(db.session, visit.patient) if m.visit_id == visit.id]
    zone = clinic().timezone
    can_reopen = (
        visit.status == "completed"
        and visit.completed_at is not None
        and visit.completed_at.astimezone(zone).date() == now().astimezone(zone).date()
    )
    return render_template(
        "visits/detail.html",
        visit=visit,
        texts=texts,
        now=now(),
        form=EmptyForm(),
        can_reopen=can_reopen,
    )


@bp.route("/visits/<int:visit_id>/move", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def move(visit_id: int) -> Any:
    """Move a visit to another time, length or practitioner; its reminders follow."""
    settings = clinic()
    visit = get_visit(db.session, visit_id)
    if not visit.is_open:
        flash(
            _(
                "This visit is %(status)s; it cannot be moved. Book a new visit instead.",
                status=label(visit.status, "visit_status").lower(),
            ),
            "error",
        )
        return redirect(url_for("visits.detail", visit_id=visit.id), 303)
    form = MoveForm()
    form.setup(practitioners(db.session), settings.timezone.key)
    if not form.is_submitted():
        local = visit.starts_at.astimezone(settings.timezone)
        form.date.data, form.time.data = local.date(), local.time()
        form.duration_minutes.data = visit.duration_minutes
        form.practitioner_id.data = visit.practitioner_id
        _prefill_time(form)
    elif form.validate():
        starts_at = _starts_at(form, settings)
        if starts_at is not None:
            if (starts_at, form.duration_minutes.data, form.practitioner_id.data) == (
                visit.starts_at,
                visit.duration_minutes,
                visit.practitioner_id,
            ):
                flash(_("Nothing changed: the visit keeps its time."), "info")
                return redirect(url_for("visits.detail", visit_id=visit.id), 303)
            was_confirmed = visit.status == "confirmed"
            try:
                move_visit(
                    db.session,
                    settings,
                    visit,
                    staff=me(),
                    now=now(),
                    starts_at=starts_at,
                    duration_minutes=form.duration_minutes.data,
                    practitioner_id=form.practitioner_id.data,
                    override=_override(form),
                )
            except InvalidInput as exc:
                db.session.rollback()
                apply_errors(form, exc.errors, VISIT_FIELDS)
            except Conflict as exc:
                db.session.rollback()
                _conflict_to_form(form, exc)
            else:
                message = _(
                    "Moved to %(when)s with %(name)s. Its reminders follow the new time.",
                    when=_when_local(visit),
                    name=visit.practitioner.name,
                )
                if was_confirmed:
                    message += " " + _("The patient needs to confirm the new time.")
                commit()
                flash(message, "success")
                return redirect(url_for("visits.detail", visit_id=visit.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("visits/move.html", form=form, visit=visit), status


def _act(visit_id: int, action: Callable[[Visit, ClinicSettings], str]) -> Response:
    """Run a one-click action on a visit, commit, and say what happened."""
    visit = get_visit(db.session, visit_id)
    if EmptyForm().validate_on_submit():
        try:
            message = action(visit, clinic())
        except Conflict as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            commit()
            flash(message, "success")
    return redirect(url_for("visits.detail", visit_id=visit_id), 303)


def _cancel(visit: Visit, settings: ClinicSettings) -> str:
    if visit.status == "cancelled":
        return _("This visit was already cancelled.")
    withdrawn = len(_pending_texts(visit))
    cancel_visit(db.session, settings, visit, me(), now())
    said = _("Cancelled.")
    if withdrawn:
        said += " " + ngettext(
            "%(num)s planned text withdrawn.", "%(num)s planned texts withdrawn.", withdrawn
        )
    if any(m.step == "cancelled" for m in _pending_texts(visit)):
        said += " " + _("The patient gets a text saying so.")
    return said + " " + _("Book a new visit if the patient wants another time.")


def _complete(visit: Visit, settings: ClinicSettings) -> str:
    complete_visit(db.session, settings, visit, me(), now())
    if visit.kind == "consultation":
        return _("Completed. Book a procedure if the patient needs one.")
    if visit.kind != "procedure":
        return _("Completed. Book another visit if the patient needs one.")
    if not visit.patient.can_be_texted:
        return _(
            "Completed. No aftercare texts will go: %(why)s.", why=_why_no_texts(visit.patient)
        )
    planned = len(_pending_texts(visit))
    return _(
        "Completed. The aftercare plan starts now: %(texts)s planned.",
        texts=_texts_planned(planned),
    )


def _no_show(visit: Visit, settings: ClinicSettings) -> str:
    mark_no_show(db.session, settings, visit, me(), now())
    return _("Marked as a no-show. Call the patient to book a new time.")


def _confirm(visit: Visit, settings: ClinicSettings) -> str:
    if not confirm_visit(db.session, visit, me(), now(), via="front desk"):
        raise Conflict(
            _(
                "This visit is %(status)s; only a booked visit can be confirmed.",
                status=label(visit.status, "visit_status").lower(),
            )
        )
    return _("Confirmed: the patient said they will come.")


@bp.post("/visits/<int:visit_id>/cancel")
@roles_required(*ANY_STAFF)
def cancel(visit_id: int) -> Response:
    """Cancel a visit and withdraw its planned texts."""
    return _act(visit_id, _cancel)


@bp.post("/visits/<int:visit_id>/complete")
@roles_required(*ANY_STAFF)
def complete(visit_id: int) -> Any:
    """Mark a visit done; one more than 30 minutes ahead asks first (aftercare starts now)."""
    visit = get_visit(db.session, visit_id)
    ahead = visit.starts_at - now()
    if visit.is_open and ahead > EARLY_COMPLETION and request.form.get("confirmed") != "yes":
        if not EmptyForm().validate_on_submit():
            return redirect(url_for("visits.detail", visit_id=visit_id), 303)
        return render_template(
            "visits/confirm_complete.html",
            visit=visit,
            ahead=_duration_words(ahead),
            form=EmptyForm(),
        )
    return _act(visit_id, _complete)


def _duration_words(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    if minutes < 120:
        return ngettext("%(num)s minute", "%(num)s minutes", minutes)
    if minutes < 48 * 60:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s day", "%(num)s days", minutes // (24 * 60))


def _reopen(visit: Visit, settings: ClinicSettings) -> str:
    reopen_visit(db.session, settings, visit, me(), now())
    return _(
        "Completion undone: the visit is booked again and its unsent aftercare texts are cancelled."
    )


@bp.post("/visits/<int:visit_id>/reopen")
@roles_required(*ANY_STAFF)
def reopen(visit_id: int) -> Response:
    """Undo a completion made today."""
    return _act(visit_id, _reopen)


@bp.post("/visits/<int:visit_id>/no-show")
@roles_required(*ANY_STAFF)
def no_show(visit_id: int) -> Response:
    """Record that the patient did not come."""
    return _act(visit_id, _no_show)


@bp.post("/visits/<int:visit_id>/confirm")
@roles_required(*ANY_STAFF)
def confirm(visit_id: int) -> Response:
    """Record that the patient confirmed they will come."""
    return _act(visit_id, _confirm)
