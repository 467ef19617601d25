"""Booking replies (cancel, move, late, "2") reach the front desk, never the clinical queue."""

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic.booking_intent import booking_request
from clinic.dispatch import dispatch_due
from clinic.models import Message, ReviewItem
from clinic.sms_setup import gateway
from tests.conftest import day
from tests.test_webhooks import Twilio, just_sent, seoul
from tests.twilio_standin import TwilioStandin


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return twilio_config


@pytest.fixture
def twilio(client: Any, twilio_standin: TwilioStandin) -> Twilio:
    return Twilio(client, twilio_standin.auth_token)


@pytest.mark.parametrize(
    ("body", "step", "intent"),
    [
        ("I need to cancel my appointment", None, "cancel"),
        ("i'll cancle it sorry", None, "cancel"),
        ("Cancel please", "reminder", "cancel"),
        ("pls cancell tomorrow", None, "cancel"),
        ("예약 취소할게요", None, "cancel"),
        ("내일 못 갈 것 같아요", None, "cancel"),
        ("can I move it to friday", None, "move"),
        ("Can I reschedual?", None, "move"),
        ("I want to change my appointment time", None, "move"),
        ("예약 날짜 변경 가능할까요", None, "move"),
        ("i wont be coming tomorrow", None, "cancel"),
        ("not coming anymore", None, "cancel"),
        ("일이 생겨서 방문이 어렵습니다", None, "cancel"),
        ("예약 취쇼 부탁드려요", None, "cancel"),
        ("could we do next week instead?", None, "move"),
        ("can i come thursday instead", None, "move"),
        ("resceduel please", None, "move"),
        ("목요일로 바꿔주세요", None, "move"),
        ("I'll be there in 20 minutes, traffic", None, "late"),
        ("on my way, bit delayed", None, "late"),
        ("2 일요일 말고 월요일 가능해요?", "confirmation", "change"),
        ("2 please", "reminder", "change"),
        ("2!", "reminder", "change"),
        ("running late, 10 min", None, "late"),
        ("I'm runing late", None, "late"),
        ("running abit late", None, "late"),
        ("Sorry I can't come tomorrow", None, "cancel"),
        ("sorry 15 mins late", None, "late"),
        ("조금 늦을 것 같아요", None, "late"),
        ("10분 늦어요 죄송해요", None, "late"),
    ],
)
def test_booking_requests_are_recognised_in_both_languages_with_typos(
    body: str, step: str | None, intent: str
) -> None:
    found = booking_request(body, step)
    assert found is not None and found.intent == intent


@pytest.mark.parametrize(
    ("body", "step"),
    [
        ("2", "day3_check"),
        ("2 there is a small dent on the left", "day3_check"),
        ("all good thanks", None),
        ("a bit of swelling, nothing else", None),
        ("붓기가 조금 있어요", None),
        ("my face looks different", None),
        ("I have a fever and pus", None),
        ("it won't come out", None),
        ("can't make it go away", None),
        ("I can't come to terms with the bruise", None),
    ],
)
def test_clinical_and_ordinary_replies_are_no_booking_request(body: str, step: str | None) -> None:
    assert booking_request(body, step) is None


def _reminded(session: Any, settings: Any, make_visit: Any, make_patient: Any, **who: Any) -> Any:
    visit = make_visit(make_patient(**who), kind="consultation", starts_at=seoul(day(6), 14))
    reminder = session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.step == "reminder")
    ).one()
    dispatch_due(session, gateway(), settings, reminder.send_at)
    just_sent(session, reminder)
    return visit


def _items(session: Any) -> list[ReviewItem]:
    session.expire_all()
    return list(session.scalars(sa.select(ReviewItem).order_by(ReviewItem.id)))


@pytest.mark.parametrize(
    ("body", "language", "answer_has"),
    [
        ("I need to cancel my appointment", "en", "front desk will contact you"),
        ("2 please", "en", "front desk will contact you"),
        ("2 일요일 말고 월요일 가능할까요", "ko", "안내데스크에서 연락"),
        ("runing late sorry!!", "en", "front desk"),
        ("예약 취소하고 싶어요", "ko", "안내데스크에서 연락"),
    ],
)
def test_booking_reply_makes_one_front_desk_item_and_a_we_will_call_answer(
    app: Flask,
    session: Any,
    settings: Any,
    make_visit: Any,
    make_patient: Any,
    twilio: Twilio,
    api_as: Any,
    body: str,
    language: str,
    answer_has: str,
) -> None:
    visit = _reminded(session, settings, make_visit, make_patient, language=language)
    answer = twilio.text(visit.patient, body).get_data(as_text=True)
    assert answer_has in answer
    assert "glad" not in answer.lower() and "다행" not in answer
    desk = api_as("receptionist").get("/review").get_json()
    assert [i["audience"] for i in desk] == ["front_desk"]
    assert [i["audience"] for i in api_as("clinician").get("/review").get_json()] == ["front_desk"]
    session.expire_all()
    assert visit.status == "booked"  # only staff change the visit


def test_booking_reply_with_a_complaint_also_reaches_clinical_triage_as_urgent(
    app: Flask,
    session: Any,
    settings: Any,
    make_visit: Any,
    make_patient: Any,
    twilio: Twilio,
    api_as: Any,
) -> None:
    visit = _reminded(session, settings, make_visit, make_patient)
    answer = twilio.text(
        visit.patient, "can I move my appointment, I have a fever and pus"
    ).get_data(as_text=True)
    queue = api_as("clinician").get("/review").get_json()
    assert sorted(i["audience"] for i in queue) == ["clinical", "front_desk"]
    clinical = next(i for i in queue if i["audience"] == "clinical")
    assert clinical["severity"] == "urgent"
    assert "+82 2-555-0100" in answer  # the urgent answer: call the clinic


def test_bare_cancel_opts_out_and_asks_the_desk_to_check_the_visit(
    app: Flask,
    session: Any,
    settings: Any,
    make_visit: Any,
    make_patient: Any,
    twilio: Twilio,
    api_as: Any,
) -> None:
    visit = _reminded(session, settings, make_visit, make_patient)
    answer = twilio.text(visit.patient, "CANCEL").get_data(as_text=True)
    assert "<Message>" not in answer  # the carrier confirms its own keyword
    session.expire_all()
    assert visit.patient.opted_out and visit.status == "booked"
    desk = api_as("receptionist").get("/review").get_json()
    assert len(desk) == 1 and desk[0]["audience"] == "front_desk"
    assert desk[0]["reason"].startswith("Opted out by replying CANCEL; call to check")
