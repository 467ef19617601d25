"""Texts staff write to a patient: checked, queued in the outbox, audited.

A staff text is an outbox row like any other (kind "staff"), so the dispatcher
applies the same rules at send time: consent, opt-out, quiet hours (unless marked
urgent), retries and status callbacks. Only the daily cap of automated texts does
not hold it back: a person is answering.
"""

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _

from clinic.audit import record
from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput
from clinic.models import Message, Patient, ReviewItem, Staff
from clinic.models.base import DbSession
from clinic.review import resolve_item
from clinic.segments import SegmentCount, count_segments
from clinic.timeutil import end_of_window

# Longer texts are refused outright; more than CONFIRM_OVER segments need a confirmation.
MAX_SEGMENTS = 10
CONFIRM_OVER = 3
# A text deferred by quiet hours still goes the next morning; after that it is stale.
USEFUL_FOR = timedelta(hours=24)


def check_text(body: str, *, confirm_long: bool) -> SegmentCount:
    """Return a text's segment count, or raise InvalidInput saying what is wrong with it."""
    text = body.strip()
    if not text:
        raise InvalidInput({"body": _("Write the text before sending it.")})
    count = count_segments(text)
    if count.segments > MAX_SEGMENTS:
        raise InvalidInput(
            {
                "body": _(
                    "This text takes %(n)s segments; the most one text may take is %(max)s. "
                    "Shorten it or send it in two parts.",
                    n=count.segments,
                    max=MAX_SEGMENTS,
                )
            }
        )
    if count.segments > CONFIRM_OVER and not confirm_long:
        raise InvalidInput(
            {
                "confirm_long": _(
                    "This text takes %(n)s segments (more than %(limit)s): the patient "
                    "receives it in parts and each part is charged. Confirm to send it anyway.",
                    n=count.segments,
                    limit=CONFIRM_OVER,
                )
            }
        )
    return count


def _check_reachable(patient: Patient) -> None:
    if patient.erased_at is not None:
        raise Conflict(_("This patient's personal data was erased; nothing can be sent."))
    if patient.opted_out:
        raise Conflict(
            _(
                "%(name)s has opted out of texts (texted STOP). Nothing was sent; texts "
                "resume only when the patient texts START.",
                name=patient.name,
            ),
            field="body",
        )
    if not patient.sms_consent:
        raise Conflict(
            _(
                "%(name)s has not agreed to receive texts. Nothing was sent; record their "
                "consent first (Edit on the patient page).",
                name=patient.name,
            ),
            field="body",
        )


def send_staff_text(
    session: DbSession,
    patient: Patient,
    staff: Staff,
    body: str,
    now: datetime,
    *,
    urgent: bool = False,
    confirm_long: bool = False,
    review_item: ReviewItem | None = None,
) -> Message:
    """Queue a text written by ``staff`` to a patient (the caller commits)."""
    count = check_text(body, confirm_long=confirm_long)
    _check_reachable(patient)
    message = Message(
        key=f"staff:{patient.id}:{secrets.token_hex(8)}",
        patient=patient,
        step="staff",
        kind="staff",
        body=body.strip(),
        status="pending",
        urgent=urgent,
        send_at=now,
        expires_at=now + USEFUL_FOR,
        sent_by=staff,
    )
    session.add(message)
    session.flush()
    detail = f"{count.segments} segment(s), {count.encoding}"
    if urgent:
        detail += ", urgent"
    if review_item is not None:
        detail += f", answering review item {review_item.id}"
    record(
        session,
        "message.staff",
        now,
        patient_id=patient.id,
        subject=f"message:{message.id}",
        detail=detail,
    )
    return message


def resolve_and_send(
    session: DbSession,
    item: ReviewItem,
    staff: Staff,
    body: str,
    now: datetime,
    *,
    outcome: str = "reassured",
    urgent: bool = False,
    confirm_long: bool = False,
) -> Message:
    """Resolve a review item and queue the answer to its patient, in one unit of work."""
    if item.patient is None:
        raise Conflict(_("This item has no patient to text."))
    message = send_staff_text(
        session,
        item.patient,
        staff,
        body,
        now,
        urgent=urgent,
        confirm_long=confirm_long,
        review_item=item,
    )
    resolve_item(session, item, staff, outcome=outcome, note=_("Answered by text."), now=now)
    return message


def goes_at(message: Message, clinic: ClinicSettings, now: datetime) -> datetime:
    """When a just-queued text is expected to go: now, or when quiet hours end."""
    if message.urgent:
        return now
    return end_of_window(now, clinic.quiet_start, clinic.quiet_end, clinic.timezone)
