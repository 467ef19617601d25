"""Twilio's webhooks: incoming texts and delivery status callbacks, signed by Twilio."""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy.exc import IntegrityError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from clinic.delivery import advance, explain_error, flag_unreachable, our_status, transition
from clinic.extensions import csrf, db
from clinic.inbound import MAX_MEDIA, InboundText, receive_text
from clinic.models import Message
from clinic.models.message import MESSAGE_STATUSES
from clinic.sms.gateway import mask_number
from clinic.views.common import clinic, now, parse_id

bp = Blueprint("webhooks", __name__, url_prefix="/twilio")
csrf.exempt(bp)
log = logging.getLogger(__name__)
MAX_WEBHOOK_BYTES = 64 * 1024
T = TypeVar("T")


@bp.before_request
def _check_signature() -> None:
    # Refuse before reading anything: a forged request must change nothing.
    if (request.content_length or 0) > MAX_WEBHOOK_BYTES:
        abort(413, "Webhook body too large.")
    token = str(current_app.config.get("TWILIO_AUTH_TOKEN") or "")
    base = str(current_app.config.get("PUBLIC_BASE_URL") or "")
    if not token or not base:
        abort(403, "Twilio webhooks need TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL.")
    url = base + request.full_path.rstrip("?")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not RequestValidator(token).validate(url, request.form, signature):
        log.warning("rejected %s with a missing or wrong Twilio signature", request.path)
        abort(403, "Missing or wrong X-Twilio-Signature.")


def _required(name: str) -> str:
    value = request.form.get(name, "").strip()
    if not value:
        abort(400, f"Missing {name}.")
    return value


def _media() -> list[str]:
    raw = request.form.get("NumMedia", "0").strip() or "0"
    if not raw.isdigit():
        abort(400, "NumMedia must be a whole number.")
    count = min(int(raw), MAX_MEDIA)
    urls = [request.form.get(f"MediaUrl{i}", "").strip() for i in range(count)]
    return [url for url in urls if url.startswith(("https://", "http://"))]


def _twiml(answer: str | None) -> Response:
    twiml = MessagingResponse()
    if answer:
        twiml.message(answer)
    return Response(str(twiml), mimetype="text/xml")


@bp.post("/inbound")
def inbound() -> Any:
    """Receive a patient's text and answer it with TwiML."""
    text = InboundText(
        sid=_required("MessageSid"),
        from_number=_required("From"),
        body=request.form.get("Body", "")[:1600],
        media=_media(),
    )

    def record() -> tuple[str | None, str]:
        result = receive_text(db.session, clinic(), text, now())
        # Read before the commit, which expires the reply: no reload just to log it.
        done = f"{result.reply.action or '-'}{' (duplicate)' if result.duplicate else ''}"
        return result.answer, done

    answer, done = _once(record)
    log.info("inbound %s from %s: %s", text.sid, mask_number(text.from_number), done)
    return _twiml(answer)


def _once(record: Callable[[], T]) -> T:
    """Run ``record`` and commit; a concurrent duplicate that won the race is read back.

    Twilio may post the same webhook twice at once: the unique MessageSid lets
    one request insert, and the other, on the integrity error, runs again and
    finds what the first recorded, so it answers the same (never a 500).
    """
    for attempt in range(3):
        try:
            result = record()
            db.session.commit()
            return result
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
            log.info("webhook raced a duplicate; reading back what it recorded")
    raise AssertionError("unreachable")


def _find_message(sid: str) -> Message | None:
    mid = parse_id(request.args.get("mid"))
    if mid is not None:
        message = db.session.get(Message, mid)
        # The id in the URL must agree with the SID once we know it.
        if message is not None and message.twilio_sid in (None, sid):
            return message
    return db.session.scalar(sa.select(Message).where(Message.twilio_sid == sid))


@bp.post("/status")
def status() -> Any:
    """Move a sent text's delivery status forward (never backward)."""
    sid = _required("MessageSid")
    raw_status = _required("MessageStatus")
    code_text = request.form.get("ErrorCode", "").strip()
    # Twilio's error codes have five digits; a longer one would not fit the column.
    if code_text and not (code_text.isdigit() and len(code_text) <= 9):
        abort(400, "ErrorCode must be a number of at most 9 digits.")
    _once(lambda: _record_status(sid, raw_status, code_text))
    return Response(status=204)


def _record_status(sid: str, raw_status: str, code_text: str) -> None:
    message = _find_message(sid)
    new_status = our_status(raw_status)
    if message is None or new_status is None:
        return
    moment = now()
    if message.twilio_sid is None:
        # Settles a text whose send result was never recorded (status 'unknown').
        transition(db.session, message, MESSAGE_STATUSES, twilio_sid=sid)
    if advance(db.session, message, new_status, moment) and new_status in ("undelivered", "failed"):
        code = int(code_text) if code_text else None
        detail = explain_error(code, f"the text was {new_status}")
        transition(db.session, message, (new_status,), error_code=code, status_note=detail)
        flag_unreachable(db.session, message, moment, detail)
