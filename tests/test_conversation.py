"""Staff text patients: through the API and the pages, by the outbox's rules, audited."""

import re
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic.dispatch import dispatch_due
from clinic.extensions import db
from clinic.models import AuditEvent, CannedAnswer, Message, ReviewItem, utcnow
from clinic.review import raise_item
from clinic.sms_setup import gateway
from clinic.timeutil import local_datetime
from tests.conftest import NOW, PUBLIC, csrf_token, day, page
from tests.twilio_standin import FROM_NUMBER, TwilioStandin

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return {**twilio_config, "TWILIO_TIMEOUT": "0.5"}


def seoul(on: date, hh: int, mm: int = 0) -> datetime:
    return local_datetime(on, time(hh, mm), SEOUL)


def dispatch(app: Flask, now: datetime | None = None) -> None:
    """Run the dispatcher as the worker would, by default at the (frozen, ticking) clock."""
    dispatch_due(db.session, gateway(), app.extensions["clinic_settings"], now or utcnow())


def staff_texts(session: Any) -> list[Message]:
    session.expire_all()
    return list(session.scalars(sa.select(Message).where(Message.kind == "staff")))


def test_a_staff_text_reaches_twilio_once_from_the_clinics_number(
    app: Flask, session: Any, api_as: Any, make_patient: Any, twilio_standin: TwilioStandin
) -> None:
    patient = make_patient(name="Emma Stone")
    api = api_as("clinician")
    answer = api.post(f"/patients/{patient.id}/messages", {"body": "  Swelling is normal.  "})
    assert answer.status_code == 201, answer.get_json()
    text = answer.get_json()
    assert (text["kind"], text["status"], text["body"]) == (
        "staff",
        "pending",
        "Swelling is normal.",
    )
    assert text["sent_by"].startswith("Clinician")
    dispatch(app)
    dispatch(app)
    sent = twilio_standin.messages
    assert [(m.to, m.body, m.from_) for m in sent] == [
        (patient.phone, "Swelling is normal.", FROM_NUMBER)
    ]
    listed = api.get(f"/patients/{patient.id}/messages").get_json()
    staff = [m for m in listed if m["kind"] == "staff"]
    assert len(staff) == 1 and staff[0]["status"] == "sent"
    assert staff[0]["twilio_sid"] == sent[0].sid


def test_the_status_callback_updates_a_staff_text(
    app: Flask, client: Any, session: Any, api_as: Any, make_patient: Any, twilio_standin: Any
) -> None:
    from twilio.request_validator import RequestValidator

    patient = make_patient()
    api_as("receptionist").post(f"/patients/{patient.id}/messages", {"body": "See you soon."})
    dispatch(app)
    [message] = staff_texts(session)
    form = {"MessageSid": message.twilio_sid or "", "MessageStatus": "delivered"}
    path = f"/twilio/status?mid={message.id}"
    signature = RequestValidator(twilio_standin.auth_token).compute_signature(PUBLIC + path, form)
    assert client.post(path, data=form, headers={"X-Twilio-Signature": signature}).status_code in (
        200,
        204,
    )
    assert staff_texts(session)[0].status == "delivered"


def test_an_opted_out_patient_is_refused_and_nothing_is_queued(
    session: Any, api_as: Any, make_patient: Any
) -> None:
    patient = make_patient()
    patient.opted_out = True
    session.commit()
    answer = api_as("clinician").post(f"/patients/{patient.id}/messages", {"body": "Hello"})
    assert answer.status_code == 409
    assert "opted out" in answer.get_json()["message"]
    assert staff_texts(session) == []


def test_a_patient_without_consent_is_refused(session: Any, api_as: Any, make_patient: Any) -> None:
    patient = make_patient(sms_consent=False)
    answer = api_as("clinician").post(f"/patients/{patient.id}/messages", {"body": "Hello"})
    assert answer.status_code == 409 and "not agreed" in answer.get_json()["message"]
    assert staff_texts(session) == []


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"body": "   "}, "body", "Write the text"),
        ({"body": "a" * 1531, "confirm_long": True}, "body", "11 segments"),
        ({"body": "a" * 500}, "confirm_long", "4 segments"),
        ({"body": "Hi", "urgent": "yes"}, "urgent", ""),
        ({"body": "Hi", "sender": "me"}, "sender", ""),
    ],
)
def test_bad_texts_are_refused_with_a_reason(
    session: Any, api_as: Any, make_patient: Any, payload: dict[str, Any], field: str, words: str
) -> None:
    patient = make_patient()
    answer = api_as("clinician").post(f"/patients/{patient.id}/messages", payload)
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]
    assert field in errors and words in errors[field]
    assert staff_texts(session) == []


def test_a_long_text_goes_with_the_confirmation(
    session: Any, api_as: Any, make_patient: Any
) -> None:
    patient = make_patient(language="ko")
    body = "가" * 300  # 5 segments of 67
    answer = api_as("clinician").post(
        f"/patients/{patient.id}/messages", {"body": body, "confirm_long": True}
    )
    assert answer.status_code == 201


def test_unknown_patient_and_malformed_body(api_as: Any) -> None:
    api = api_as("clinician")
    assert api.post("/patients/9999/messages", {"body": "Hi"}).status_code == 404
    assert api.client.post(
        "/api/v1/patients/1/messages", data="{", headers=api._headers()
    ).status_code in (400, 404)


def test_quiet_hours_defer_a_staff_text_but_not_an_urgent_one(
    app: Flask, session: Any, api_as: Any, make_patient: Any, twilio_standin: Any, clock: Any
) -> None:
    patient = make_patient()
    late = seoul(day(0), 22, 30)
    clock.move_to(late)
    api = api_as("clinician")
    api.post(f"/patients/{patient.id}/messages", {"body": "Routine answer"})
    api.post(f"/patients/{patient.id}/messages", {"body": "Go to A&E now", "urgent": True})
    dispatch(app)
    assert [m.body for m in twilio_standin.messages] == ["Go to A&E now"]
    waiting = {m.body: m for m in staff_texts(session)}["Routine answer"]
    assert waiting.status == "pending"
    assert waiting.send_at == seoul(day(1), 8)
    dispatch(app, seoul(day(1), 8))
    assert [m.body for m in twilio_standin.messages] == ["Go to A&E now", "Routine answer"]


def test_the_text_is_audited_with_who_wrote_it(
    session: Any, api_as: Any, make_patient: Any
) -> None:
    patient = make_patient()
    api_as("clinician").post(f"/patients/{patient.id}/messages", {"body": "Hello", "urgent": True})
    [event] = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "message.staff"))
    [message] = staff_texts(session)
    assert event.patient_id == patient.id and event.subject == f"message:{message.id}"
    assert event.actor.startswith("clinician") and "urgent" in event.detail
    assert "Hello" not in event.detail


def _clinical_reply_item(session: Any, patient: Any) -> ReviewItem:
    from clinic.models import Reply

    reply = Reply(
        message_sid="SMx" + "1" * 29,
        patient=patient,
        from_number=patient.phone,
        body="There is a dimple on my left cheek",
        received_at=NOW,
        findings=["dimple"],
        severity="concern",
    )
    session.add(reply)
    session.flush()
    item = raise_item(
        session,
        key=f"reply:{reply.id}",
        patient=patient,
        reply=reply,
        reason="Dimple reported.",
        severity="concern",
        findings=["dimple"],
        now=NOW,
    )
    session.commit()
    return item


def test_receptionists_may_text_but_never_read_clinical_replies(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    patient = make_patient(name="Emma Stone")
    _clinical_reply_item(session, patient)
    login_as("receptionist")
    url = f"/patients/{patient.id}"
    shown = page(client, url)
    assert "dimple on my left cheek" not in shown
    assert "A clinical reply arrived" in shown
    token = csrf_token(client, url)
    answer = client.post(
        f"/patients/{patient.id}/text", data={"csrf_token": token, "body": "Your visit is at 3."}
    )
    assert answer.status_code == 303
    shown = page(client, url)
    assert "Your visit is at 3." in shown and "Receptionist" in shown
    assert "dimple on my left cheek" not in shown


def test_clinician_resolves_and_answers_in_one_step(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    patient = make_patient(name="Emma Stone")
    item = _clinical_reply_item(session, patient)
    session.add(CannedAnswer(title="Dimples fade", body="Dimples fade in weeks.", language="en"))
    session.commit()
    doctor = login_as("clinician")
    url = f"/review/{item.id}"
    shown = page(client, url)
    assert "Resolve and send" in shown and "Dimples fade" in shown
    token = csrf_token(client, url)
    answer = client.post(
        f"/review/{item.id}/text",
        data={
            "csrf_token": token,
            "body": "A small dimple is common and fades.",
            "outcome": "reassured",
            "action": "resolve",
        },
    )
    assert answer.status_code == 303
    session.expire_all()
    item = session.get(ReviewItem, item.id)
    assert item.status == "resolved" and item.outcome == "reassured"
    assert item.resolved_by_id == doctor.id
    [message] = staff_texts(session)
    assert message.sent_by_id == doctor.id and message.body == "A small dimple is common and fades."
    shown = page(client, f"/patients/{patient.id}")
    assert re.search(r"Clinician \d+</strong>", shown)
    assert "A small dimple is common and fades." in shown


def test_a_refused_text_keeps_what_was_typed_and_resolves_nothing(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    patient = make_patient()
    item = _clinical_reply_item(session, patient)
    login_as("clinician")
    token = csrf_token(client, f"/review/{item.id}")
    long_text = "Please read carefully. " * 30  # 690 GSM characters: 5 segments
    answer = client.post(
        f"/review/{item.id}/text",
        data={"csrf_token": token, "body": long_text, "outcome": "reassured", "action": "resolve"},
    )
    assert answer.status_code == 422
    shown = answer.get_data(as_text=True)
    assert "5 segments" in shown and "Please read carefully." in shown
    session.expire_all()
    assert session.get(ReviewItem, item.id).status == "open"
    assert staff_texts(session) == []
    answer = client.post(
        f"/review/{item.id}/text",
        data={
            "csrf_token": token,
            "body": long_text,
            "confirm_long": "y",
            "outcome": "reassured",
            "action": "resolve",
        },
    )
    assert answer.status_code == 303
    assert len(staff_texts(session)) == 1


def test_an_opted_out_patient_on_the_page_gets_a_clear_refusal(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    patient = make_patient(name="Emma Stone")
    patient.opted_out = True
    session.commit()
    login_as("clinician")
    url = f"/patients/{patient.id}"
    assert "opted out of texts" in page(client, url)
    answer = client.post(
        f"/patients/{patient.id}/text", data={"csrf_token": csrf_token(client, url), "body": "Hi"}
    )
    assert answer.status_code == 409
    assert "Nothing was sent" in answer.get_data(as_text=True)
    assert staff_texts(session) == []


def test_the_text_form_needs_its_csrf_token(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    patient = make_patient()
    login_as("clinician")
    assert client.post(f"/patients/{patient.id}/text", data={"body": "Hi"}).status_code == 400
    assert staff_texts(session) == []


def test_resolve_and_send_on_a_resolved_item_sends_nothing(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    item = _clinical_reply_item(session, make_patient())
    login_as("clinician")
    token = csrf_token(client, f"/review/{item.id}")
    data = {"csrf_token": token, "body": "Fine.", "outcome": "reassured", "action": "resolve"}
    assert client.post(f"/review/{item.id}/text", data=data).status_code == 303
    again = client.post(f"/review/{item.id}/text", data={**data, "body": "Twice?"})
    assert again.status_code == 409 and "already resolved" in again.get_data(as_text=True)
    assert [m.body for m in staff_texts(session)] == ["Fine."]


def test_the_daily_cap_of_automated_texts_does_not_hold_a_staff_text(
    session: Any, settings: Any, api_as: Any, make_patient: Any
) -> None:
    from clinic.dispatch import gate

    patient = make_patient()
    api_as("clinician").post(f"/patients/{patient.id}/messages", {"body": "Answer"})
    [message] = staff_texts(session)
    moment = utcnow()
    assert gate(message, settings, moment, sent_today=settings.daily_cap)[0] == "send"
    message.kind = "check"  # an automated text at the cap waits for tomorrow
    assert gate(message, settings, moment, sent_today=settings.daily_cap)[0] == "defer"
