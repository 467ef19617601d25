"""Staff mobile numbers, who is on call, and texts that come from a staff phone."""

import re
from datetime import datetime

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput
from clinic.i18n import gettext as _
from clinic.models import Message, ReviewItem, Staff
from clinic.models.base import DbSession
from clinic.paging import acknowledge
from clinic.phones import BadPhoneNumber, normalise_phone
from clinic.sms.render import render_sms

STAFF_LANGUAGES = ("en", "ko")
ACK_WORDS = ("ack", "ok", "okay", "확인")
_WORD_RE = re.compile(r"[0-9a-z가-힣]+")
# Pages that reached (or may have reached) the phone.
_SENT = ("sending", "sent", "delivered", "unknown")


def set_phone(session: DbSession, clinic: ClinicSettings, staff: Staff, text: str) -> None:
    """Set (or with empty text, clear) a staff member's mobile number; raise InvalidInput."""
    if not text.strip():
        if staff.on_call:
            raise InvalidInput({"phone": _("Hand over on-call first: pages need a phone.")})
        staff.phone = None
        return
    try:
        phone = normalise_phone(text, clinic.country)
    except BadPhoneNumber as exc:
        raise InvalidInput({"phone": str(exc)}) from exc
    taken = session.scalar(sa.select(Staff.id).where(Staff.phone == phone, Staff.id != staff.id))
    if taken is not None:
        raise InvalidInput({"phone": _("Another staff account has this number.")})
    staff.phone = phone


def set_language(staff: Staff, language: str | None) -> None:
    """Set the language of a staff member's pages (None: the browser's); raise InvalidInput."""
    if language is not None and language not in STAFF_LANGUAGES:
        raise InvalidInput({"language": _("Choose English (en) or Korean (ko).")})
    staff.language = language


def put_on_call(session: DbSession, staff: Staff) -> Staff | None:
    """Put a clinician on call; return who was on call before (no longer), if anyone."""
    if staff.role != "clinician":
        raise Conflict(_("Only a clinician can be on call."))
    if not staff.active:
        raise Conflict(_("%(name)s's account is deactivated.", name=staff.name))
    if not staff.phone:
        raise Conflict(_("%(name)s has no mobile number to page; add one first.", name=staff.name))
    before = session.scalar(sa.select(Staff).where(Staff.on_call.is_(True), Staff.id != staff.id))
    session.execute(
        sa.update(Staff)
        .where(Staff.on_call.is_(True), Staff.id != staff.id)
        .values(on_call=False)
        .execution_options(synchronize_session="fetch")
    )
    staff.on_call = True
    return before


def staff_phone_is(clinic: ClinicSettings, number: str) -> sa.ColumnElement[bool]:
    """The condition that a staff row is the active one whose mobile number this is."""
    try:
        phone = normalise_phone(number, clinic.country)
    except BadPhoneNumber:
        return sa.false()
    return sa.and_(Staff.phone == phone, Staff.active.is_(True))


def staff_by_phone(session: DbSession, clinic: ClinicSettings, number: str) -> Staff | None:
    """Return the active staff member whose mobile number this is, if any."""
    return session.scalar(sa.select(Staff).where(staff_phone_is(clinic, number)))


def is_acknowledgement(body: str) -> tuple[bool, int | None]:
    """Tell whether a staff text acknowledges ("ACK", "ok 12", "확인"), and which item if named."""
    words = _WORD_RE.findall(body.strip().lower())
    if not words or words[0] not in ACK_WORDS or len(words) > 2:
        return False, None
    if len(words) == 2:
        if not words[1].isdigit() or len(words[1]) > 9:
            return False, None
        return True, int(words[1])
    return True, None


def paged_items(session: DbSession, staff: Staff, item_id: int | None) -> list[ReviewItem]:
    """Return the open, unacknowledged items this staff member was paged for."""
    paged = sa.select(Message.review_item_id).where(
        Message.kind == "page", Message.staff_id == staff.id, Message.status.in_(_SENT)
    )
    query = (
        sa.select(ReviewItem)
        .where(
            ReviewItem.id.in_(paged),
            ReviewItem.status == "open",
            ReviewItem.acknowledged_at.is_(None),
        )
        .order_by(ReviewItem.id)
    )
    if item_id is not None:
        query = query.where(ReviewItem.id == item_id)
    return list(session.scalars(query))


def staff_text_answer(
    session: DbSession, clinic: ClinicSettings, staff: Staff, body: str, now: datetime
) -> tuple[str, str]:
    """Act on a text from a staff phone; return (action, answer). Never a patient reply."""
    is_ack, item_id = is_acknowledgement(body)
    language = staff.text_language(clinic.country)
    if not is_ack:
        return "staff_text", render_sms("page_staff_help", language, clinic_name=clinic.name)
    items = paged_items(session, staff, item_id)
    if not items:
        return "staff_ack_none", render_sms("page_nothing", language, clinic_name=clinic.name)
    for item in items:
        acknowledge(session, item, staff, "sms", now)
    listed = ", ".join(f"#{item.id}" for item in items)
    return "staff_ack", render_sms("page_acked", language, clinic_name=clinic.name, items=listed)


def record_staff_answer(
    session: DbSession, staff: Staff, *, key: str, body: str, now: datetime
) -> Message:
    """Record the answer already given (TwiML or simulator) to a staff member's text."""
    message = Message(
        key=key,
        patient_id=None,
        staff=staff,
        to_number=staff.phone,
        step="staff_answer",
        kind="reply",
        body=body,
        status="sent",
        urgent=True,
        send_at=now,
        expires_at=now,
        sent_at=now,
    )
    session.add(message)
    return message
