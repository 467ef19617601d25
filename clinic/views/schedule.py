"""Admin pages: practitioners' working hours, the clinic's closed days, and the no-show report."""

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, Length

from clinic.accounts import practitioners
from clinic.errors import InvalidInput
from clinic.extensions import db
from clinic.i18n import format_local
from clinic.models import Staff
from clinic.no_shows import no_show_report
from clinic.schedule import (
    DAY_NAMES,
    DAYS,
    Hours,
    close_day,
    closed_days,
    hours_of,
    open_day,
    parse_hours,
    set_hours,
)
from clinic.timeutil import local_today
from clinic.views.auth import EmptyForm
from clinic.views.common import clinic, commit, me, now, parse_day, parse_id, roles_required

bp = Blueprint("schedule", __name__)


class HoursForm(FlaskForm):
    """One practitioner's week: "09:00-18:00", "09:00-12:00, 13:00-18:00", or blank (day off)."""

    mon = StringField(_l("Mon"), validators=[Length(max=100)])
    tue = StringField(_l("Tue"), validators=[Length(max=100)])
    wed = StringField(_l("Wed"), validators=[Length(max=100)])
    thu = StringField(_l("Thu"), validators=[Length(max=100)])
    fri = StringField(_l("Fri"), validators=[Length(max=100)])
    sat = StringField(_l("Sat"), validators=[Length(max=100)])
    sun = StringField(_l("Sun"), validators=[Length(max=100)])


class ClosedDayForm(FlaskForm):
    """Close the clinic on a day."""

    day = DateField(_l("Day"), validators=[InputRequired(_l("Choose a day."))])
    reason = StringField(_l("Reason (shown to staff)"), validators=[Length(max=120)])


def _as_text(hours: Hours) -> dict[str, str]:
    return {d: ", ".join(f"{a}-{b}" for a, b in hours[d]) for d in DAYS}


def _from_text(form: HoursForm) -> Hours:
    raw: dict[str, Any] = {}
    for d in DAYS:
        text = (form[d].data or "").replace("–", "-").strip()
        raw[d] = [
            [part.strip() for part in span.split("-", 1)]
            for span in text.replace(";", ",").split(",")
            if span.strip()
        ]
    return parse_hours(raw)


def _page(forms: dict[int, HoursForm] | None = None, closed_form: Any = None) -> Any:
    today = local_today(now(), clinic().timezone)
    people = practitioners(db.session)
    forms = forms or {}
    for person in people:
        if person.id not in forms:
            form = HoursForm(formdata=None, prefix=f"p{person.id}")
            for d, text in _as_text(hours_of(db.session, person.id)).items():
                form[d].data = text
            forms[person.id] = form
    return render_template(
        "admin/schedule.html",
        people=people,
        forms=forms,
        day_names=DAY_NAMES,
        days=DAYS,
        closed=sorted(closed_days(db.session, today, today + timedelta(days=730)).items()),
        closed_form=closed_form or ClosedDayForm(formdata=None),
        button=EmptyForm(),
    )


@bp.get("/admin/schedule")
@roles_required("admin")
def index() -> Any:
    """Show every practitioner's weekly hours and the clinic's closed days."""
    return _page()


@bp.post("/admin/schedule/<int:staff_id>/hours")
@roles_required("admin")
def hours(staff_id: int) -> Any:
    """Replace one practitioner's weekly hours."""
    person = db.session.get(Staff, staff_id)
    if person is None or not person.is_practitioner:
        return _page(), 404
    form = HoursForm(prefix=f"p{staff_id}")
    if form.validate_on_submit():
        try:
            set_hours(db.session, person, _from_text(form), me(), now())
        except InvalidInput as exc:
            db.session.rollback()
            for d, message in exc.errors.items():
                if d in DAYS:
                    form[d].errors = [
                        *form[d].errors,
                        message
                        + " "
                        + _("Write it as 09:00-18:00, or leave it blank for a day off."),
                    ]
        else:
            commit()
            flash(_("Working hours of %(name)s saved.", name=person.name), "success")
            return redirect(url_for("schedule.index"), 303)
    return _page({staff_id: form}), 422


@bp.post("/admin/schedule/closed")
@roles_required("admin")
def close() -> Any:
    """Close the clinic on a day."""
    form = ClosedDayForm()
    if form.validate_on_submit():
        close_day(db.session, form.day.data, form.reason.data or "", me(), now())
        commit()
        flash(
            _("The clinic is closed on %(day)s.", day=format_local(form.day.data, "date")),
            "success",
        )
        return redirect(url_for("schedule.index"), 303)
    return _page(closed_form=form), 422


@bp.post("/admin/schedule/closed/<day>/open")
@roles_required("admin")
def reopen_day(day: str) -> Response:
    """Open a closed day again."""
    if EmptyForm().validate_on_submit():
        try:
            open_day(db.session, parse_day(day), me(), now())
        except ValueError:
            flash(_("That is not a day."), "error")
        else:
            commit()
            flash(_("The day is open again."), "success")
    return redirect(url_for("schedule.index"), 303)


@bp.get("/admin/no-shows")
@roles_required("admin")
def no_shows() -> Any:
    """Show no-shows by month and practitioner, with their rate."""
    today = local_today(now(), clinic().timezone)
    start: date = today.replace(day=1) - timedelta(days=335)
    rows = no_show_report(db.session, clinic(), start, today)
    months = sorted({r.month for r in rows}, reverse=True)
    person = parse_id(request.args.get("practitioner_id"))
    if person is not None:
        rows = [r for r in rows if r.practitioner_id == person]
    return render_template("admin/no_shows.html", rows=rows, months=months, start=start, end=today)
