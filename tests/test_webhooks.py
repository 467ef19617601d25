"""Twilio's webhooks, posted with signatures computed by Twilio's own RequestValidator."""

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from twilio.request_validator import RequestValidator

from clinic.dispatch import dispatch_due
from clinic.extensions import db
from clinic.models import Message, Reply, ReviewItem, utcnow
from clinic.sms_setup import gateway
from clinic.timeutil import local_datetime
from clinic.visits import complete_visit
from tests.conftest import NOW, PUBLIC, day
from tests.twilio_standin import TwilioStandin

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return twilio_config


class Twilio:
    """Posts webhooks the way Twilio does: form-encoded and signed."""

    def __init__(self, client: Any, token: str) -> None:
        self.client, self.validator = client, RequestValidator(token)

    def post(
        self, path: str, form: dict[str, str], *, query: str = "", signature: str | None = None
    ) -> Any:
        full = path + (f"?{query}" if query else "")
        signed = self.validator.compute_signature(PUBLIC + full, form)
        return self.client.post(
            full,
            data=form,
            headers={"X-Twilio-Signature": signed if signature is None else signature},
        )

    def text(
        self, patient: Any, body: str, *, sid: str | None = None, media: list[str] | None = None
    ) -> Any:
        form = {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "From": patient.phone,
            "To": "+15005550006",
            "Body": body,
            "NumMedia": str(len(media or [])),
        }
        for i, url in enumerate(media or []):
            form[f"MediaUrl{i}"] = url
        return self.post("/twilio/inbound", form)


@pytest.fixture
def twilio(client: Any, twilio_standin: TwilioStandin) -> Twilio:
    return Twilio(client, twilio_standin.auth_token)


def seoul(day: date, hh: int, mm: int = 0) -> datetime:
    return local_datetime(day, time(hh, mm), SEOUL)


@pytest.fixture
def procedure_texted(session: Any, settings: Any, make_visit: Any, make_patient: Any) -> Any:
    """Complete a procedure and send its texts up to ``step``; return the visit."""

    def run(step: str, **patient: Any) -> Any:
        visit = make_visit(make_patient(**patient), starts_at=seoul(day(4), 14))
        complete_visit(session, settings, visit, None, seoul(day(0), 11))
        session.commit()
        prompt = session.scalars(
            sa.select(Message).where(Message.visit_id == visit.id, Message.step == step)
        ).one()
        dispatch_due(session, gateway(), settings, prompt.send_at)
        just_sent(session, prompt)
        return visit

    return run


def just_sent(session: Any, message: Message) -> None:
    """Make a text look sent a minute ago, so a reply arriving now answers it."""
    session.refresh(message)
    assert message.status == "sent", message.status_note
    message.sent_at = utcnow() - timedelta(minutes=1)
    session.commit()


def replies(session: Any) -> list[Reply]:
    session.expire_all()
    return list(session.scalars(sa.select(Reply).order_by(Reply.id)))


def items(session: Any) -> list[ReviewItem]:
    session.expire_all()
    return list(session.scalars(sa.select(ReviewItem).order_by(ReviewItem.id)))


def test_forged_unsigned_and_tampered_requests_are_403_and_change_nothing(
    session: Any, twilio: Twilio, make_patient: Any
) -> None:
    patient = make_patient()
    form = {"MessageSid": "SM" + "1" * 32, "From": patient.phone, "Body": "fever and pus"}
    assert twilio.post("/twilio/inbound", form, signature="").status_code == 403
    assert twilio.post("/twilio/inbound", form, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    wrong_key = RequestValidator("not-the-token").compute_signature(
        PUBLIC + "/twilio/inbound", form
    )
    assert twilio.post("/twilio/inbound", form, signature=wrong_key).status_code == 403
    # Signed for one body, sent with another.
    good = twilio.validator.compute_signature(PUBLIC + "/twilio/inbound", form)
    tampered = {**form, "Body": "all good"}
    assert twilio.post("/twilio/inbound", tampered, signature=good).status_code == 403
    assert replies(session) == [] and items(session) == []


def test_webhooks_refuse_everything_without_twilio_settings(
    app: Flask, session: Any, client: Any, make_patient: Any
) -> None:
    app.config["TWILIO_AUTH_TOKEN"] = ""
    patient = make_patient()
    response = client.post("/twilio/inbound", data={"MessageSid": "SMx", "From": patient.phone})
    assert response.status_code == 403 and replies(session) == []


def test_replayed_inbound_text_is_recorded_once(
    procedure_texted: Any, app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    visit = procedure_texted("day1_check")
    sid = "SM" + secrets.token_hex(16)
    first = twilio.text(visit.patient, "I have a fever and pus", sid=sid)
    second = twilio.text(visit.patient, "I have a fever and pus", sid=sid)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert len(replies(session)) == 1 and len(items(session)) == 1
    answers = session.scalars(sa.select(Message).where(Message.kind == "reply")).all()
    assert len(answers) == 1


def test_urgent_reply_answers_with_the_clinic_phone_and_tops_the_queue(
    procedure_texted: Any,
    app: Flask,
    session: Any,
    settings: Any,
    make_visit: Any,
    twilio: Twilio,
    api_as: Any,
) -> None:
    calm = procedure_texted("day3_check")
    twilio.text(calm.patient, "2 there is a small dent on the left")
    worried = procedure_texted("day1_check", language="ko", name="박서연")
    response = twilio.text(worried.patient, "열이 나고 고름이 나와요")
    twiml = response.get_data(as_text=True)
    assert response.mimetype == "text/xml" and "<Message>" in twiml
    assert "+82 2-555-0100" in twiml and "119" in twiml
    reply = replies(session)[-1]
    assert reply.severity == "urgent" and "infection_sign" in reply.findings
    queue = api_as("clinician").get("/review").get_json()
    assert [i["severity"] for i in queue] == ["urgent", "concern"]
    assert queue[0]["patient_id"] == worried.patient_id
    assert queue[0]["findings"] == ["infection_sign"]


def test_numbered_answer_is_read_against_the_prompt_it_answers(
    procedure_texted: Any, app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    visit = procedure_texted("day7_check")
    twilio.text(visit.patient, "3")
    reply = replies(session)[-1]
    assert reply.findings == ["rippling"] and reply.severity == "concern"
    assert reply.message is not None and reply.message.step == "day7_check"
    assert "Reply to the day 7 check" in items(session)[0].reason


def test_all_well_raises_nothing_and_photo_is_a_concern(
    procedure_texted: Any, app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    visit = procedure_texted("day3_check")
    twilio.text(visit.patient, "1")
    assert replies(session)[-1].severity == "none" and items(session) == []
    twilio.text(
        visit.patient,
        "",
        media=["https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"],
    )
    reply = replies(session)[-1]
    assert reply.media and reply.severity == "concern"
    assert items(session)[0].severity == "concern"


def test_reminder_confirmation_confirms_the_visit(
    app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    visit = make_visit(kind="consultation", starts_at=seoul(day(6), 14))
    reminder = session.scalars(sa.select(Message).where(Message.step == "reminder")).one()
    dispatch_due(session, gateway(), settings, reminder.send_at)
    just_sent(session, reminder)
    answer = twilio.text(visit.patient, "네").get_data(as_text=True)
    session.expire_all()
    assert visit.status == "confirmed"
    assert "is confirmed" in answer
    assert items(session) == []
    assert visit.events[-1].action == "confirmed"


def test_request_to_move_goes_to_the_front_desk_and_cancel_is_an_opt_out(
    app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio, api_as: Any
) -> None:
    visit = make_visit(kind="consultation", starts_at=seoul(day(6), 14))
    reminder = session.scalars(sa.select(Message).where(Message.step == "reminder")).one()
    dispatch_due(session, gateway(), settings, reminder.send_at)
    just_sent(session, reminder)
    twilio.text(visit.patient, "2")
    desk = api_as("receptionist").get("/review").get_json()
    assert [i["audience"] for i in desk] == ["front_desk"]
    assert "change the appointment" in desk[0]["reason"]
    twilio.text(visit.patient, "CANCEL")
    session.expire_all()
    assert visit.status == "booked"  # never a visit cancellation
    assert visit.patient.opted_out


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "OPT OUT", "수신거부", "quit"])
def test_opt_out_words_stop_every_pending_text(
    app: Flask, session: Any, make_visit: Any, twilio: Twilio, word: str
) -> None:
    visit = make_visit(starts_at=seoul(day(6), 14))
    answer = twilio.text(visit.patient, word).get_data(as_text=True)
    session.expire_all()
    assert visit.patient.opted_out
    pending = session.scalars(sa.select(Message).where(Message.status == "pending")).all()
    assert pending == []
    # Carriers confirm their own keywords; the clinic confirms the others.
    assert ("<Message>" in answer) == (word in ("OPT OUT", "수신거부"))


def test_start_resubscribes_and_replans_what_is_still_useful(
    app: Flask, session: Any, make_visit: Any, twilio: Twilio
) -> None:
    visit = make_visit(starts_at=seoul(day(6), 14))
    twilio.text(visit.patient, "STOP")
    answer = twilio.text(visit.patient, "START").get_data(as_text=True)
    session.expire_all()
    assert not visit.patient.opted_out
    assert "again" in answer
    pending = {
        m.step for m in session.scalars(sa.select(Message).where(Message.status == "pending"))
    }
    assert {"reminder", "procedure_prep"} <= pending


def test_help_answers_with_the_clinic_name_and_phone(
    session: Any, make_patient: Any, twilio: Twilio
) -> None:
    answer = twilio.text(make_patient(), "HELP").get_data(as_text=True)
    assert "Seoul Thread Clinic" in answer and "+82 2-555-0100" in answer


def test_text_from_an_unknown_number_reaches_the_front_desk(
    session: Any, twilio: Twilio, api_as: Any
) -> None:
    form = {"MessageSid": "SM" + "9" * 32, "From": "+821099998888", "Body": "Is this the clinic?"}
    assert twilio.post("/twilio/inbound", form).status_code == 200
    queue = api_as("receptionist").get("/review").get_json()
    assert queue[0]["patient_id"] is None and "matches no patient" in queue[0]["reason"]


@pytest.mark.parametrize(
    "form",
    [
        {"From": "+821012345678"},
        {"MessageSid": "SMabc"},
        {"MessageSid": "SMabc", "From": "+8210", "NumMedia": "x"},
    ],
)
def test_malformed_inbound_is_400(session: Any, twilio: Twilio, form: dict[str, str]) -> None:
    assert twilio.post("/twilio/inbound", form).status_code == 400
    assert replies(session) == []


def test_oversized_webhook_is_413(twilio: Twilio, make_patient: Any) -> None:
    form = {"MessageSid": "SMbig", "From": make_patient().phone, "Body": "x" * 70_000}
    assert twilio.post("/twilio/inbound", form).status_code == 413


def _callback(twilio: Twilio, message: Message, status: str, code: str = "") -> Any:
    form = {"MessageSid": message.twilio_sid or "", "MessageStatus": status}
    if code:
        form["ErrorCode"] = code
    return twilio.post("/twilio/status", form, query=urlencode({"mid": message.id}))


@pytest.mark.parametrize(
    ("order", "final"),
    [
        (["sent", "delivered"], "delivered"),
        (["delivered", "sent"], "delivered"),
        (["queued", "delivered", "sent", "queued"], "delivered"),
        (["sent", "undelivered", "delivered"], "undelivered"),
        (["failed", "sent"], "failed"),
    ],
)
def test_status_callbacks_in_any_order_end_in_the_right_state(
    app: Flask, session: Any, make_visit: Any, twilio: Twilio, order: list[str], final: str
) -> None:
    make_visit(kind="consultation")
    dispatch_due(session, gateway(), app.extensions["clinic_settings"], NOW)
    message = session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()
    for status in order:
        assert (
            _callback(twilio, message, status, "30003" if status != "sent" else "").status_code
            == 204
        )
        assert _callback(twilio, message, status).status_code == 204  # duplicates change nothing
    session.expire_all()
    assert message.status == final
    flagged = [i for i in items(session) if i.key.startswith("unreachable:")]
    assert len(flagged) == (1 if final in ("undelivered", "failed") else 0)
    if flagged:
        assert "unreachable or switched off" in flagged[0].reason


def test_status_callback_settles_an_unknown_text(
    app: Flask, session: Any, make_visit: Any, twilio: Twilio
) -> None:
    make_visit(kind="consultation")
    message = session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()
    message.status = "unknown"
    session.commit()
    form = {"MessageSid": "SM" + "7" * 32, "MessageStatus": "delivered"}
    twilio.post("/twilio/status", form, query=f"mid={message.id}")
    session.expire_all()
    assert message.status == "delivered" and message.twilio_sid == "SM" + "7" * 32


def test_silence_gets_one_nudge_then_a_review_item(
    procedure_texted: Any, app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    from clinic.followup import flag_silent_patients, nudge_silent_patients

    visit = procedure_texted("day3_check")
    prompt = session.scalars(sa.select(Message).where(Message.step == "day3_check")).one()
    sent = prompt.sent_at
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=47)) == 0
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=48)) == 1
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=49)) == 0
    session.commit()
    dispatch_due(session, gateway(), settings, sent + timedelta(hours=49))
    nudge = session.scalars(sa.select(Message).where(Message.kind == "nudge")).one()
    assert nudge.status == "sent" and nudge.step == "day3_check_nudge"
    assert flag_silent_patients(session, nudge.sent_at + timedelta(hours=23)) == 0
    assert flag_silent_patients(session, nudge.sent_at + timedelta(hours=24)) == 1
    assert flag_silent_patients(session, nudge.sent_at + timedelta(hours=25)) == 0
    session.commit()
    item = items(session)[0]
    assert item.severity == "info" and "No reply" in item.reason
    just_sent(session, nudge)
    # An answer to the nudge is read against the check it repeats.
    twilio.text(visit.patient, "2")
    assert replies(session)[-1].findings == ["dimple"]


def test_a_reply_stops_the_nudge(
    procedure_texted: Any, app: Flask, session: Any, settings: Any, make_visit: Any, twilio: Twilio
) -> None:
    from clinic.followup import nudge_silent_patients

    visit = procedure_texted("day3_check")
    twilio.text(visit.patient, "1")
    prompt = session.scalars(sa.select(Message).where(Message.step == "day3_check")).one()
    assert nudge_silent_patients(session, settings, prompt.sent_at + timedelta(hours=50)) == 0


def test_a_check_held_back_by_a_newer_one_is_nudged_when_that_one_is_cancelled(
    procedure_texted: Any, app: Flask, session: Any, settings: Any
) -> None:
    from clinic.followup import nudge_silent_patients

    visit = procedure_texted("day3_check")
    prompt = session.scalars(sa.select(Message).where(Message.step == "day3_check")).one()
    sent = prompt.send_at = prompt.sent_at
    newer = Message(
        key="test:newer-check",
        patient=visit.patient,
        visit=visit,
        step="day7_check",
        kind="check",
        body="How are you?",
        status="pending",
        send_at=sent + timedelta(hours=50),
        expires_at=sent + timedelta(hours=60),
    )
    session.add(newer)
    session.commit()
    # The newer check, due within 12 hours, asks afresh: no nudge about the old one...
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=48)) == 0
    session.commit()
    newer.status = "cancelled"
    session.commit()
    # ...until it is cancelled: the old check is still waiting for its follow-up.
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=49)) == 1
    session.commit()
    assert nudge_silent_patients(session, settings, sent + timedelta(hours=50)) == 0


def test_error_21610_on_send_marks_the_patient_opted_out(
    app: Flask, session: Any, make_visit: Any, twilio_standin: TwilioStandin
) -> None:
    visit = make_visit(kind="consultation")
    twilio_standin.fail_next("error_code", code=21610)
    dispatch_due(db.session, gateway(), app.extensions["clinic_settings"], NOW)
    session.expire_all()
    assert visit.patient.opted_out
