"""A patient's text arrives: record it once, act on keywords, triage it, answer it.

Twilio's webhook and the phone simulator both come through ``receive_text``,
so a trainer sees exactly what a real reply would do.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from clinic.booking_intent import REASONS as BOOKING_REASONS
from clinic.booking_intent import BookingRequest, booking_request
from clinic.checks import FOLLOWUP_STEPS, REMINDER_STEPS
from clinic.config import ClinicSettings
from clinic.labels import english_label as label
from clinic.models import Message, Patient, Reply, Staff, Visit
from clinic.models.base import DbSession
from clinic.models.visit import OPEN_STATUSES
from clinic.outbox import record_reply_text, render_step
from clinic.patients import opt_in, opt_out, patient_phone_is
from clinic.plans.store import prompt_options
from clinic.review import raise_item
from clinic.sms.render import render_sms
from clinic.staff_phones import record_staff_answer, staff_phone_is, staff_text_answer
from clinic.triage import Keyword, Triage, detect_keyword, triage_reply
from clinic.visits import confirm_visit

# A reply answers the latest prompt sent within this window.
ANSWER_WINDOW = timedelta(days=14)
MAX_MEDIA = 10
# Only these opt-out words are handled by carriers and Twilio themselves (which
# confirm the opt-out); for the others the clinic confirms it.
CARRIER_OPT_OUT = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit"}
ANSWER_FOR_SEVERITY = {
    "urgent": "reply_urgent",
    "concern": "reply_concern",
    "expected": "reply_expected",
    "none": "reply_fine",
}
BOOKING_ANSWERS = {
    "cancel": "reply_cancel_request",
    "move": "reply_move_request",
    "change": "reply_move_request",
    "late": "reply_late_request",
}
REVIEW_SEVERITY = {"urgent": "urgent", "concern": "concern", "expected": "expected"}


@dataclass(frozen=True)
class InboundText:
    """One incoming SMS or MMS, as the provider described it."""

    sid: str
    from_number: str
    body: str
    media: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InboundResult:
    """What was recorded, and the answer to send back (None: stay silent)."""

    reply: Reply
    answer: str | None
    duplicate: bool = False


def receive_text(
    session: DbSession, clinic: ClinicSettings, text: InboundText, now: datetime
) -> InboundResult:
    """Record and act on one inbound text; the same SID twice changes nothing."""
    seen, staff_id, patient = _look_up(session, clinic, text)
    if seen:
        existing = session.scalars(sa.select(Reply).where(Reply.message_sid == text.sid)).one()
        answered = session.scalar(sa.select(Message).where(Message.key == f"reply:{text.sid}"))
        return InboundResult(existing, answered.body if answered else None, duplicate=True)
    if staff_id is not None:
        # Classified before the patient: a staff phone never sends a patient reply.
        staff = session.get(Staff, staff_id)
        assert staff is not None
        return _from_staff(session, clinic, staff, text, now)
    prompt = _latest_prompt(session, patient, now) if patient else None
    reply = Reply(
        message_sid=text.sid,
        patient=patient,
        message=prompt,
        from_number=text.from_number,
        body=text.body,
        media=list(text.media[:MAX_MEDIA]),
        received_at=now,
    )
    # Inserted once its triage is known (at the first flush), not inserted then updated.
    session.add(reply)
    if patient is None:
        answer = _from_stranger(session, clinic, reply, now)
        session.flush()
        return InboundResult(reply, answer)
    answer = _act(session, clinic, patient, prompt, reply, now)
    if answer is not None:
        record_reply_text(
            session,
            patient,
            key=f"reply:{text.sid}",
            body=answer,
            now=now,
            visit=prompt.visit if prompt else None,
        )
    session.flush()
    return InboundResult(reply, answer)


def _look_up(
    session: DbSession, clinic: ClinicSettings, text: InboundText
) -> tuple[bool, int | None, Patient | None]:
    """In one statement: whether this SID was recorded, the staff phone, the patient."""
    seen = sa.select(Reply.id).where(Reply.message_sid == text.sid).exists()
    staff = sa.select(Staff.id).where(staff_phone_is(clinic, text.from_number)).limit(1)
    one_row = sa.select(sa.literal(1).label("one")).subquery()
    row = session.execute(
        sa.select(seen.label("seen"), staff.scalar_subquery().label("staff_id"), Patient)
        .select_from(one_row)
        .outerjoin(Patient, patient_phone_is(clinic, text.from_number))
        .limit(1)
    ).one()
    return bool(row.seen), row.staff_id, row.Patient


def _reply_key(session: DbSession, reply: Reply, prefix: str = "reply") -> str:
    """The key of an item raised for ``reply`` (inserting the reply to learn its id)."""
    if reply.id is None:
        session.flush()
    return f"{prefix}:{reply.id}"


def _from_staff(
    session: DbSession, clinic: ClinicSettings, staff: Staff, text: InboundText, now: datetime
) -> InboundResult:
    reply = Reply(
        message_sid=text.sid,
        patient=None,
        from_number=text.from_number,
        body=text.body,
        media=list(text.media[:MAX_MEDIA]),
        received_at=now,
    )
    session.add(reply)
    session.flush()
    reply.action, answer = staff_text_answer(session, clinic, staff, text.body, now)
    record_staff_answer(session, staff, key=f"reply:{text.sid}", body=answer, now=now)
    return InboundResult(reply, answer)


def _latest_prompt(session: DbSession, patient: Patient, now: datetime) -> Message | None:
    return session.scalars(
        sa.select(Message)
        .where(
            Message.patient_id == patient.id,
            Message.kind != "reply",
            Message.status.in_(("sent", "delivered")),
            Message.sent_at <= now,
            Message.sent_at >= now - ANSWER_WINDOW,
        )
        .order_by(Message.sent_at.desc(), Message.id.desc())
        .limit(1)
        .options(joinedload(Message.visit))
    ).first()


def _from_stranger(
    session: DbSession, clinic: ClinicSettings, reply: Reply, now: datetime
) -> str | None:
    keyword = detect_keyword(reply.body)
    reply.action = keyword.value if keyword else "unknown_sender"
    if keyword == Keyword.HELP:
        return render_sms("reply_help", "en", clinic_name=clinic.name, clinic_phone=clinic.phone)
    if keyword in (Keyword.OPT_OUT, Keyword.OPT_IN):
        return None
    triage = _triage_into(reply, None, now)
    raise_item(
        session,
        key=_reply_key(session, reply),
        patient=None,
        reply=reply,
        reason=f"Text from a number that matches no patient ({reply.from_number}). "
        + triage.reason,
        severity="urgent" if triage.severity == "urgent" else "info",
        audience="front_desk",
        findings=list(triage.findings),
        evidence=list(triage.evidence),
        now=now,
        clinic=clinic,
    )
    return None


def _triage_into(reply: Reply, prompt: Message | None, now: datetime) -> Triage:
    """Triage a reply as an answer to ``prompt`` and record the result on it."""
    visit = prompt.visit if prompt else None
    done = visit.completed_at if visit is not None and visit.status == "completed" else None
    triage = triage_reply(
        reply.body,
        step=prompt.step if prompt else None,
        num_media=len(reply.media),
        days_since=(now - done).days if done is not None and done <= now else None,
        options=prompt_options(prompt) if prompt else None,
    )
    reply.findings = list(triage.findings)
    reply.severity = triage.severity
    reply.triage_reason = triage.reason[:300]
    reply.evidence = list(triage.evidence)
    return triage


def _act(
    session: DbSession,
    clinic: ClinicSettings,
    patient: Patient,
    prompt: Message | None,
    reply: Reply,
    now: datetime,
) -> str | None:
    keyword = detect_keyword(reply.body)
    step = prompt.step if prompt else None
    words = reply.body.strip().strip(".!").lower()
    if keyword == Keyword.OPT_OUT:
        reply.action = "opt_out"
        opt_out(session, patient, now)
        if words == "cancel":
            _cancel_word(session, reply, patient, _open_visit(session, patient, prompt), now)
        return None if words in CARRIER_OPT_OUT else _say(clinic, patient, "reply_optout")
    if keyword == Keyword.OPT_IN or (patient.opted_out and words in ("yes", "y")):
        reply.action = "opt_in"
        opt_in(session, clinic, patient, now)
        return _say(clinic, patient, "reply_optin")
    if keyword == Keyword.HELP:
        reply.action = "help"
        return _say(clinic, patient, "reply_help")
    confirms = step in REMINDER_STEPS and keyword == Keyword.CONFIRM
    # A bare "2" asks to move only when the prompt offered that; on a check it is an answer.
    asks_to_move = keyword == Keyword.MOVE and (step in REMINDER_STEPS or not words.isdigit())
    request = booking_request(reply.body, step)
    # The open visit matters only to a confirmation or a booking request: a plain answer
    # to a check is triaged without looking it up.
    needs_visit = confirms or asks_to_move or request is not None
    visit = _open_visit(session, patient, prompt) if needs_visit else None
    if confirms and visit is not None:
        reply.action = "confirm"
        confirm_visit(session, visit, None, now, via="patient replied by text")
        return render_step("reply_confirmed", patient, visit, clinic)
    if request is None and asks_to_move and visit is not None:
        request = BookingRequest("move", BOOKING_REASONS["move"])
    if request is not None:
        return _booking_request(session, clinic, patient, prompt, reply, visit, request, now)
    if step in FOLLOWUP_STEPS and keyword == Keyword.CONFIRM:
        reply.action = "follow_up"
        _front_desk(
            session,
            reply,
            patient,
            prompt.visit if prompt else None,
            now,
            "Would like to book the follow-up visit; call them to book it.",
        )
        return _say(clinic, patient, "reply_followup_request")
    return _triage(session, clinic, patient, prompt, reply, now)


def _triage(
    session: DbSession,
    clinic: ClinicSettings,
    patient: Patient,
    prompt: Message | None,
    reply: Reply,
    now: datetime,
) -> str | None:
    step = prompt.step if prompt else None
    triage = _triage_into(reply, prompt, now)
    reply.action = triage.severity
    severity = REVIEW_SEVERITY.get(triage.severity)
    if severity is not None:
        asked = f"Reply to the {label(step, 'step').lower()}: " if step else "Unprompted text: "
        raise_item(
            session,
            key=_reply_key(session, reply),
            patient=patient,
            visit=prompt.visit if prompt else None,
            reply=reply,
            message=prompt,
            reason=asked + triage.reason,
            severity=severity,
            audience="clinical",
            findings=list(triage.findings),
            evidence=list(triage.evidence),
            now=now,
            clinic=clinic,
        )
    if patient.opted_out:
        return None  # Twilio would refuse to deliver it; the review item is what matters.
    if triage.severity == "urgent" and triage.emergency:
        return _say(clinic, patient, "reply_emergency")
    return _say(clinic, patient, ANSWER_FOR_SEVERITY[triage.severity])


def _booking_request(
    session: DbSession,
    clinic: ClinicSettings,
    patient: Patient,
    prompt: Message | None,
    reply: Reply,
    visit: Visit | None,
    request: BookingRequest,
    now: datetime,
) -> str | None:
    """Hand a booking request to the front desk; a complaint in it still reaches triage."""
    reply.action = request.intent
    _front_desk(
        session,
        reply,
        patient,
        visit,
        now,
        request.reason,
        key=_reply_key(session, reply, "booking"),
    )
    clinical = triage_reply(reply.body, step=None, num_media=len(reply.media))
    if clinical.findings or clinical.severity == "urgent":
        answer = _triage(session, clinic, patient, prompt, reply, now)
        reply.action = request.intent
        return answer
    if patient.opted_out:
        return None
    return _say(clinic, patient, BOOKING_ANSWERS[request.intent])


def _cancel_word(
    session: DbSession, reply: Reply, patient: Patient, visit: Visit | None, now: datetime
) -> None:
    # Carriers take a bare CANCEL as an opt-out, but the patient may have meant the visit.
    if visit is not None:
        reason = "Opted out by replying CANCEL; call to check whether the visit stands."
        _front_desk(
            session, reply, patient, visit, now, reason, key=_reply_key(session, reply, "booking")
        )


def _open_visit(session: DbSession, patient: Patient, prompt: Message | None) -> Visit | None:
    if prompt is not None and prompt.visit is not None and prompt.visit.is_open:
        return prompt.visit
    # No autoflush: the reply is inserted once, when its triage is known.
    with session.no_autoflush:
        return session.scalars(
            sa.select(Visit)
            .where(Visit.patient_id == patient.id, Visit.status.in_(OPEN_STATUSES))
            .order_by(Visit.starts_at)
            .limit(1)
        ).first()


def _front_desk(
    session: DbSession,
    reply: Reply,
    patient: Patient,
    visit: Visit | None,
    now: datetime,
    reason: str,
    key: str | None = None,
) -> None:
    raise_item(
        session,
        key=key or _reply_key(session, reply),
        patient=patient,
        visit=visit,
        reply=reply,
        message=reply.message,
        reason=reason,
        severity="info",
        audience="front_desk",
        now=now,
    )


def _say(clinic: ClinicSettings, patient: Patient, template: str) -> str:
    if template in ("reply_urgent", "reply_emergency"):
        return render_sms(
            template,
            patient.language,
            clinic_name=clinic.name,
            clinic_phone=clinic.phone,
            first_name=patient.first_name,
            emergency_number=clinic.emergency_number,
        )
    return render_step(template, patient, None, clinic)
