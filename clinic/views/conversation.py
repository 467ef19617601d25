"""Writing to patients from the pages: the compose form, resolve-and-send, the inbox."""

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from clinic.canned import list_canned
from clinic.conversation import CONFIRM_OVER, goes_at, resolve_and_send, send_staff_text
from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.i18n import format_local
from clinic.inbox import conversations, mark_read, unread_count
from clinic.models import CannedAnswer, Message, Patient, ReviewItem
from clinic.patients import get_patient
from clinic.review import can_resolve, get_item
from clinic.segments import count_segments
from clinic.views.auth import EmptyForm
from clinic.views.common import ANY_STAFF, clinic, me, now, roles_required

bp = Blueprint("conversation", __name__)

OUTCOME_CHOICES = {
    "reassured": _l("Reassured the patient"),
    "review_visit_booked": _l("Booked a review visit"),
    "urgent_care": _l("Sent to urgent care"),
}


class ComposeForm(FlaskForm):
    body = TextAreaField(
        _l("Text to the patient"), validators=[Length(max=5000)], render_kw={"rows": 7}
    )
    urgent = BooleanField(_l("Urgent: send now, even in quiet hours"))
    confirm_long = BooleanField(_l("Send it although it takes more than 3 segments"))
    outcome = SelectField(
        _l("Outcome when resolving"),
        choices=[SelectChoice(k, v) for k, v in OUTCOME_CHOICES.items()],
        default="reassured",
    )


@dataclass(frozen=True)
class Compose:
    """What the compose partial needs: the form, where it posts, the canned answers."""

    form: ComposeForm
    action: str
    patient: Patient
    canned: list[CannedAnswer]
    review: ReviewItem | None
    confirm_over: int = CONFIRM_OVER

    @property
    def resolvable(self) -> bool:
        """Whether "Resolve and send" is offered: an open item this person may resolve."""
        review = self.review
        return review is not None and review.status == "open" and can_resolve(review, me())

    @property
    def counted(self) -> Any:
        """The segment count of what is in the box now (the script keeps it live)."""
        return count_segments((self.form.body.data or "").strip())


def compose_for(patient: Patient, review: ReviewItem | None = None) -> Compose:
    """The compose form for a patient's page or a review item's page."""
    if review is not None:
        action = url_for("conversation.review_text", item_id=review.id)
    else:
        action = url_for("conversation.patient_text", patient_id=patient.id)
    form = ComposeForm(formdata=None)
    return Compose(form, action, patient, list_canned(db.session, active_only=True), review)


def _queued(message: Message, patient: Patient) -> str:
    at = goes_at(message, clinic(), now())
    if at > now():
        local = at.astimezone(clinic().timezone)
        return str(
            _(
                "Text to %(name)s queued. It is quiet hours: it goes at %(time)s.",
                name=patient.name,
                time=local.strftime("%H:%M"),
            )
        )
    return str(_("Text to %(name)s queued; it goes out within a minute.", name=patient.name))


def _refused(compose: Compose, exc: Exception) -> Any:
    """Show the form again with what was typed and why it was not sent."""
    db.session.rollback()
    form = compose.form
    if isinstance(exc, InvalidInput):
        for field, message in exc.errors.items():
            getattr(form, field if field in ("body", "confirm_long") else "body").errors.append(
                message
            )
    elif isinstance(exc, Conflict):
        form.body.errors.append(exc.message)
    return render_template("conversation/compose_page.html", compose=compose), (
        409 if isinstance(exc, Conflict) else 422
    )


def _submitted(patient: Patient, review: ReviewItem | None) -> Compose:
    compose = compose_for(patient, review)
    form = ComposeForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400, _("The form expired; reload the page and try again."))
    return Compose(form, compose.action, patient, compose.canned, review)


def _send(patient: Patient, form: ComposeForm) -> Message:
    return send_staff_text(
        db.session,
        patient,
        me(),
        form.body.data or "",
        now(),
        urgent=bool(form.urgent.data),
        confirm_long=bool(form.confirm_long.data),
    )


@bp.post("/patients/<int:patient_id>/text")
@roles_required(*ANY_STAFF)
def patient_text(patient_id: int) -> Any:
    """Queue a text typed on the patient's page."""
    patient = get_patient(db.session, patient_id)
    compose = _submitted(patient, None)
    form = compose.form
    if form.errors:
        return render_template("conversation/compose_page.html", compose=compose), 422
    try:
        message = _send(patient, form)
    except (InvalidInput, Conflict) as exc:
        return _refused(compose, exc)
    db.session.commit()
    flash(_queued(message, patient), "success")
    return redirect(url_for("patients.detail", patient_id=patient.id, _anchor="conversation"), 303)


@bp.post("/review/<int:item_id>/text")
@roles_required(*ANY_STAFF)
def review_text(item_id: int) -> Any:
    """Queue a text from a review item; "Resolve and send" also resolves the item."""
    item = get_item(db.session, item_id, me().role)
    if item.patient is None:
        abort(404, _("This item has no patient to text."))
    patient = item.patient
    compose = _submitted(patient, item)
    form = compose.form
    if form.errors:
        return render_template("conversation/compose_page.html", compose=compose), 422
    resolving = request.form.get("action") == "resolve"
    if resolving and not can_resolve(item, me()):
        abort(403)
    try:
        if resolving:
            message = resolve_and_send(
                db.session,
                item,
                me(),
                form.body.data or "",
                now(),
                outcome=form.outcome.data or "reassured",
                urgent=bool(form.urgent.data),
                confirm_long=bool(form.confirm_long.data),
            )
        else:
            message = _send(patient, form)
    except (InvalidInput, Conflict) as exc:
        return _refused(compose, exc)
    db.session.commit()
    flash(_queued(message, patient), "success")
    if resolving:
        flash(_("Review item resolved. Next item below."), "success")
        return redirect(url_for("review.index"), 303)
    return redirect(url_for("review.detail", item_id=item.id), 303)


@bp.get("/inbox")
@roles_required(*ANY_STAFF)
def inbox() -> Any:
    """Conversations with patients: unread replies first, then the most recent."""
    return render_template(
        "conversation/inbox.html",
        conversations=conversations(db.session, me().role),
        unread=unread_count(db.session, me().role),
        form=EmptyForm(),
    )


@bp.get("/inbox/unread.json")
@roles_required(*ANY_STAFF)
def inbox_json() -> Any:
    """The unread count and the inbox's rows, for the page's 30-second refresh."""
    rows = conversations(db.session, me().role)
    unread = unread_count(db.session, me().role)
    return jsonify(
        {
            "unread": unread,
            "unread_label": _("%(count)s unread", count=unread),
            "html": render_template("conversation/_inbox_rows.html", conversations=rows),
            "conversations": [
                {
                    "patient_id": c.patient.id,
                    "name": c.patient.name,
                    "url": url_for("patients.detail", patient_id=c.patient.id),
                    "read_url": url_for("conversation.mark_read_view", patient_id=c.patient.id),
                    "unread": c.unread,
                    "last_at": format_local(c.last_at, "datetime"),
                    "preview": c.preview,
                    "inbound": c.preview_inbound,
                }
                for c in rows
            ],
        }
    )


@bp.post("/inbox/<int:patient_id>/read")
@roles_required(*ANY_STAFF)
def mark_read_view(patient_id: int) -> Any:
    """Mark a conversation read without opening it."""
    patient = get_patient(db.session, patient_id)
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    mark_read(db.session, patient, me().role, now())
    db.session.commit()
    return redirect(url_for("conversation.inbox"), 303)
