"""The phone simulator: each patient's phone as the console backend "delivers" to it.

Staff only, and only with the console backend. Replies typed here go through
the same inbound pipeline as Twilio's webhook.
"""

import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import TextAreaField
from wtforms.validators import Length

from clinic.audit import record
from clinic.dispatch import send_now
from clinic.errors import Conflict, NotFound
from clinic.extensions import db
from clinic.inbound import InboundText, receive_text
from clinic.labels import label
from clinic.media import media_dir, save_private
from clinic.models import Message, Patient, Reply, Staff
from clinic.need_to_know import shows_clinical, visible_entries
from clinic.patients import get_patient, search_patients
from clinic.sms_setup import gateway
from clinic.timeline import conversation
from clinic.views.auth import EmptyForm
from clinic.views.common import ANY_STAFF, clinic, me, now, roles_required

bp = Blueprint("phone", __name__)
PHOTO_TYPES = ["jpg", "jpeg", "png", "gif", "webp"]


class StaffTextForm(FlaskForm):
    body = TextAreaField(_l("Text from this staff phone"), validators=[Length(max=1600)])


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Reply as the patient"), validators=[Length(max=1600)])
    photo = FileField(
        _l("Photo (optional)"),
        validators=[
            FileAllowed(PHOTO_TYPES, _l("Attach a JPEG, PNG, GIF or WebP photo.")),
            FileSize(5 * 1024 * 1024, message=_l("Photos up to 5 MB, please.")),
        ],
    )


@bp.before_request
def _console_only() -> None:
    if current_app.config["SMS_BACKEND"] != "console":
        abort(404, _("The phone simulator works only with the console SMS backend."))


def _media_dir() -> Path:
    return media_dir(current_app.instance_path)


@bp.get("/phone")
@roles_required(*ANY_STAFF)
def index() -> Any:
    """List patients' phones, those with the latest texts first."""
    query = request.args.get("q", "")
    if query:
        patients = search_patients(db.session, query)
    else:
        latest = sa.func.max(Message.send_at)
        patients = list(
            db.session.scalars(
                sa.select(Patient)
                .join(Message, Message.patient_id == Patient.id)
                .group_by(Patient.id)
                .order_by(latest.desc())
                .limit(50)
            )
        )
    staff_phones = db.session.scalars(
        sa.select(Staff).where(Staff.phone.is_not(None)).order_by(Staff.name)
    ).all()
    return render_template(
        "phone/index.html", patients=patients, query=query, staff_phones=staff_phones
    )


@bp.route("/phone/<int:patient_id>", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def patient_phone(patient_id: int) -> Any:
    """Show one patient's phone; a reply typed here arrives as their text."""
    patient = get_patient(db.session, patient_id)
    form = ReplyForm()
    if form.validate_on_submit():
        body = (form.body.data or "").strip()
        media = _store_photo(form.photo.data)
        if not body and not media:
            form.body.errors.append(_("Type a reply or attach a photo."))
        else:
            result = receive_text(
                db.session,
                clinic(),
                InboundText("SMsim" + secrets.token_hex(15), patient.phone, body, media),
                now(),
            )
            # The simulator's replies are typed by staff: the trail says who.
            record(
                db.session,
                "phone.simulated_reply",
                now(),
                patient_id=patient.id,
                subject=f"reply:{result.reply.id}",
            )
            db.session.commit()
            if result.reply.severity in ("urgent", "concern"):
                flash(
                    _(
                        "Reply flagged as %(severity)s: it is in the review queue.",
                        severity=label(result.reply.severity, "severity").lower(),
                    ),
                    "warning",
                )
            return redirect(url_for("phone.patient_phone", patient_id=patient.id), 303)
    waiting = db.session.scalars(
        sa.select(Message)
        .where(Message.patient_id == patient.id, Message.status == "pending")
        .order_by(Message.send_at, Message.id)
    ).all()
    entries = visible_entries(me().role, conversation(db.session, patient))
    if shows_clinical(entries):
        record(db.session, "replies.view", now(), patient_id=patient.id, subject="phone")
        db.session.commit()
    return render_template(
        "phone/patient.html",
        patient=patient,
        form=form,
        send_form=EmptyForm(),
        entries=entries,
        waiting=waiting,
    ), (422 if form.errors else 200)


@bp.route("/phone/staff/<int:staff_id>", methods=["GET", "POST"])
@roles_required(*ANY_STAFF)
def staff_phone(staff_id: int) -> Any:
    """Show a staff member's phone: the pages it got; a text typed here comes from it."""
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.phone:
        raise NotFound(_("No staff phone %(id)s.", id=staff_id))
    form = StaffTextForm()
    if form.validate_on_submit():
        body = (form.body.data or "").strip()
        if not body:
            form.body.errors.append(_("Type a text."))
        else:
            receive_text(
                db.session,
                clinic(),
                InboundText("SMsim" + secrets.token_hex(15), staff.phone, body),
                now(),
            )
            db.session.commit()
            return redirect(url_for("phone.staff_phone", staff_id=staff.id), 303)
    received = db.session.scalars(
        sa.select(Message).where(
            Message.staff_id == staff.id, Message.status.in_(("sent", "delivered"))
        )
    ).all()
    sent = db.session.scalars(
        sa.select(Reply).where(Reply.from_number == staff.phone, Reply.patient_id.is_(None))
    ).all()
    entries = sorted(
        [(m.sent_at or m.send_at, False, m.body, m.step) for m in received]
        + [(r.received_at, True, r.body, "text") for r in sent],
        key=lambda entry: entry[0],
    )
    return render_template("phone/staff.html", staff=staff, form=form, entries=entries), (
        422 if form.errors else 200
    )


def _store_photo(upload: Any) -> list[str]:
    if not upload or not getattr(upload, "filename", ""):
        return []
    extension = upload.filename.rsplit(".", 1)[-1].lower()
    name = f"{secrets.token_hex(12)}.{extension}"
    save_private(_media_dir() / name, upload.read())
    return [url_for("phone.media", name=name, _external=True)]


@bp.get("/phone/media/<name>")
@roles_required(*ANY_STAFF)
def media(name: str) -> Any:
    """Serve a photo sent from the simulator (staff only)."""
    return send_from_directory(_media_dir(), name)


@bp.post("/phone/texts/<int:message_id>/send-now")
@roles_required(*ANY_STAFF)
def send_text_now(message_id: int) -> Any:
    """Send a waiting text at once, so a trainer need not wait for day 3."""
    if not EmptyForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    message = db.session.get(Message, message_id)
    if message is None:
        raise NotFound(_("No text %(id)s.", id=message_id))
    patient_id = message.patient_id
    try:
        send_now(db.session, gateway(), clinic(), message, now())
    except Conflict as exc:
        db.session.rollback()
        flash(exc.message, "warning")
    else:
        db.session.refresh(message)
        if message.status in ("sent", "delivered"):
            flash(_("Sent the %(step)s now.", step=label(message.step, "step").lower()), "success")
        else:
            flash(
                _(
                    "Not sent: %(why)s.",
                    why=message.status_note or label(message.status, "message_status"),
                ),
                "warning",
            )
    return redirect(url_for("phone.patient_phone", patient_id=patient_id), 303)
