"""On-call paging: urgent items page a clinician through the outbox until someone acknowledges."""

import os
import secrets
import subprocess
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from twilio.request_validator import RequestValidator

from clinic.accounts import create_token
from clinic.models import Message, ReviewItem, Staff, utcnow
from clinic.staff_phones import put_on_call, set_language, set_phone
from clinic.timeutil import local_datetime
from jobs.cli import jobs_cli
from tests import frozen
from tests.conftest import PUBLIC, Api, day, login
from tests.twilio_standin import TwilioStandin

ROOT = Path(__file__).resolve().parents[1]
SEOUL = ZoneInfo("Asia/Seoul")
URGENT = "I have a fever and pus is coming out of my cheek"
PHONES = {
    "on_call": "+82 10-7000-0001",
    "other": "+82 10-7000-0002",
    "admin": "+82 10-7000-0003",
    "desk": "+82 10-7000-0004",
}


def e164(phone: str) -> str:
    return "+" + "".join(c for c in phone if c.isdigit())


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    # The default quiet hours (21:00-08:00) stay on: pages must ignore them.
    return twilio_config


@pytest.fixture
def team(session: Any, settings: Any, make_staff: Any) -> dict[str, Staff]:
    """Clinicians (one on call), a clinician without a phone, an admin and a receptionist."""
    people = {
        "on_call": make_staff("clinician", name="Dr Park"),
        "other": make_staff("clinician", name="Dr Lee"),
        "no_phone": make_staff("clinician", name="Dr Choi"),
        "admin": make_staff("admin", name="Admin Han"),
        "desk": make_staff("receptionist", name="Mina"),
    }
    for key, phone in PHONES.items():
        set_phone(session, settings, people[key], phone)
    put_on_call(session, people["on_call"])
    session.commit()
    return people


class Twilio:
    """Posts inbound texts the way Twilio does: form-encoded and signed."""

    def __init__(self, client: Any, token: str) -> None:
        self.client, self.validator = client, RequestValidator(token)

    def text(self, from_number: str, body: str, sid: str | None = None) -> Any:
        form = {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "From": from_number,
            "To": "+15005550006",
            "Body": body,
            "NumMedia": "0",
        }
        signed = self.validator.compute_signature(PUBLIC + "/twilio/inbound", form)
        response = self.client.post(
            "/twilio/inbound", data=form, headers={"X-Twilio-Signature": signed}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response


@pytest.fixture
def twilio(client: Any, twilio_standin: TwilioStandin) -> Twilio:
    return Twilio(client, twilio_standin.auth_token)


def run_once(app: Flask) -> str:
    """One pass of every job, through the real worker command."""
    result = app.test_cli_runner().invoke(jobs_cli, ["run-once"])
    assert result.exit_code == 0, result.output
    return str(result.output)


def pages_to(standin: TwilioStandin, who: str) -> list[str]:
    return [m.body for m in standin.messages if m.to == e164(PHONES[who])]


def urgent_item(session: Any) -> ReviewItem:
    session.expire_all()
    return session.scalars(sa.select(ReviewItem).where(ReviewItem.severity == "urgent")).one()


def api_for(client: Any, session: Any, staff: Staff) -> Api:
    token = create_token(session, staff)
    session.commit()
    return Api(client, token)


def test_urgent_reply_pages_the_on_call_clinician_in_one_worker_pass(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    patient = make_patient(name="Hana Lee")
    twiml = twilio.text(patient.phone, URGENT).get_data(as_text=True)
    assert "+82 2-555-0100" in twiml  # the patient is still told to call
    item = urgent_item(session)
    summary = run_once(app)
    assert "dispatch_due_texts: 1 sent" in summary
    [page] = pages_to(twilio_standin, "on_call")
    assert f"{PUBLIC}/review/{item.id}" in page and "ACK" in page
    # Minimal health information: no reply text, no patient name.
    assert "pus" not in page and "fever" not in page and "Hana" not in page
    assert len(twilio_standin.messages) == 1  # nobody else, and the patient's answer was TwiML
    run_once(app)
    assert len(twilio_standin.messages) == 1  # never doubled


@pytest.mark.parametrize("hh, mm", [(23, 30), (3, 0)])
def test_quiet_hours_never_hold_a_page(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
    clock: Any,
    hh: int,
    mm: int,
) -> None:
    patient = make_patient()
    clock.move_to(local_datetime(day(1), time(hh, mm), SEOUL))
    twilio.text(patient.phone, URGENT)
    assert "dispatch_due_texts: 1 sent" in run_once(app)
    assert len(pages_to(twilio_standin, "on_call")) == 1


def test_with_nobody_on_call_every_clinician_with_a_phone_is_paged(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    team["on_call"].on_call = False
    session.commit()
    twilio.text(make_patient().phone, URGENT)
    run_once(app)
    assert sorted(m.to for m in twilio_standin.messages) == sorted(
        [e164(PHONES["on_call"]), e164(PHONES["other"])]
    )


def test_unacknowledged_item_escalates_to_every_clinician_and_admin_after_ten_minutes(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
    clock: Any,
) -> None:
    start = utcnow()
    twilio.text(make_patient().phone, URGENT)
    run_once(app)
    clock.move_to(start + timedelta(minutes=9, seconds=30))
    assert "0 escalated" in run_once(app)
    assert len(twilio_standin.messages) == 1
    clock.move_to(start + timedelta(minutes=10, seconds=5))
    assert "1 escalated" in run_once(app)
    escalated = [m for m in twilio_standin.messages[1:]]
    assert sorted(m.to for m in escalated) == sorted(
        e164(PHONES[k]) for k in ("on_call", "other", "admin")
    )
    assert all("not acknowledged for 10 min" in m.body for m in escalated)
    clock.move_to(start + timedelta(minutes=30))
    run_once(app)
    assert len(twilio_standin.messages) == 4  # escalation pages once


def test_ack_texted_from_the_paged_phone_stops_paging(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
    clock: Any,
    api_as: Any,
) -> None:
    start = utcnow()
    twilio.text(make_patient().phone, URGENT)
    run_once(app)
    item = urgent_item(session)
    # Not paged: nothing to acknowledge, and not a patient's reply either.
    stranger = twilio.text(PHONES["other"], "ok").get_data(as_text=True)
    assert "No page is waiting" in stranger
    clock.move_to(start + timedelta(minutes=3))
    answer = twilio.text(PHONES["on_call"], " Ack! ").get_data(as_text=True)
    assert f"Acknowledged #{item.id}" in answer
    clock.move_to(start + timedelta(minutes=15))
    run_once(app)
    assert len(twilio_standin.messages) == 1  # no escalation
    listed = api_as("clinician").get("/review").get_json()
    assert [i["severity"] for i in listed] == ["urgent"]  # staff texts raise no items
    [shown] = listed
    assert shown["acknowledged_by"] == "Dr Park"
    acked_minute = (start + timedelta(minutes=3)).strftime("%Y-%m-%dT%H:%M")
    assert shown["acknowledged_at"].startswith(acked_minute)
    assert [(p["staff"], p["sent_at"] is not None) for p in shown["pages"]] == [("Dr Park", True)]


def test_korean_ack_and_page_in_the_staff_language(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    set_language(team["on_call"], "ko")
    session.commit()
    twilio.text(make_patient(language="ko").phone, "열이 나고 고름이 나와요")
    run_once(app)
    [page] = pages_to(twilio_standin, "on_call")
    assert "긴급" in page and "확인" in page and "고름" not in page
    answer = twilio.text(PHONES["on_call"], "확인").get_data(as_text=True)
    assert "확인되었습니다" in answer
    assert urgent_item(session).acknowledged_via == "sms"


def test_opening_the_item_acknowledges_it_and_no_second_page_goes_out(
    app: Flask,
    session: Any,
    client: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
    clock: Any,
) -> None:
    start = utcnow()
    twilio.text(make_patient().phone, URGENT)
    item = urgent_item(session)
    login(client, team["other"])
    html = client.get(f"/review/{item.id}").get_data(as_text=True)
    assert "Acknowledged" in html and "Dr Lee" in html and "opened the item" in html
    clock.move_to(start + timedelta(minutes=20))
    run_once(app)
    # The waiting page was cancelled before it went, and nothing escalated.
    assert twilio_standin.messages == []
    session.expire_all()
    page = session.scalars(sa.select(Message).where(Message.kind == "page")).one()
    assert page.status == "cancelled"


def test_api_acknowledge_records_who_and_when(
    app: Flask,
    session: Any,
    client: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    twilio.text(make_patient().phone, URGENT)
    run_once(app)
    item = urgent_item(session)
    desk = api_for(client, session, team["desk"])
    assert desk.post(f"/review/{item.id}/acknowledge").status_code == 403
    admin = api_for(client, session, team["admin"])
    assert admin.post("/review/999999/acknowledge").status_code == 404
    done = admin.post(f"/review/{item.id}/acknowledge")
    assert done.status_code == 200
    body = done.get_json()
    assert body["acknowledged_by"] == "Admin Han" and body["acknowledged_via"] == "api"
    again = api_for(client, session, team["other"]).post(f"/review/{item.id}/acknowledge")
    assert again.status_code == 200 and again.get_json()["acknowledged_by"] == "Admin Han"


def test_resolving_acknowledges(
    app: Flask,
    session: Any,
    client: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    twilio.text(make_patient().phone, URGENT)
    item = urgent_item(session)
    api = api_for(client, session, team["other"])
    done = api.post(f"/review/{item.id}/resolve", json={"outcome": "urgent_care", "note": "ER"})
    assert done.status_code == 200
    assert done.get_json()["acknowledged_via"] == "resolved"
    run_once(app)
    assert twilio_standin.messages == []


def test_duplicate_webhook_pages_once(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    patient = make_patient()
    twilio.text(patient.phone, URGENT, sid="SM" + "a" * 32)
    twilio.text(patient.phone, URGENT, sid="SM" + "a" * 32)
    run_once(app)
    assert len(twilio_standin.messages) == 1


def test_worker_process_at_2330_sends_the_page_in_one_pass(
    app: Flask,
    session: Any,
    database_url: str,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
    clock: Any,
) -> None:
    late = local_datetime(day(0), time(23, 30), SEOUL)
    clock.move_to(late)
    twilio.text(make_patient().phone, URGENT)
    env = {
        **os.environ,
        **twilio_standin.env(),
        "DATABASE_URL": database_url,
        "SMS_BACKEND": "twilio",
        "PUBLIC_BASE_URL": PUBLIC,
        "CLINIC_PHONE": "+82 2-555-0100",
        "CLINIC_TIMEZONE": "Asia/Seoul",
        "SECRET_KEY": "test",
    }
    worker = subprocess.run(
        frozen.command(late + timedelta(seconds=5), "flask", "--app", "wsgi", "jobs", "run-once"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    assert "dispatch_due_texts: 1 sent" in worker.stdout
    assert len(pages_to(twilio_standin, "on_call")) == 1


def test_a_page_that_fails_escalates_at_once(
    app: Flask,
    session: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    # The on-call clinician's number is wrong: Twilio refuses it (21211).
    twilio_standin.fail_next("error_code", code=21211)
    twilio.text(make_patient().phone, URGENT)
    run_once(app)
    assert twilio_standin.messages == []
    assert "1 escalated" in run_once(app)
    assert sorted(m.to for m in twilio_standin.messages) == sorted(
        e164(PHONES[k]) for k in ("on_call", "other", "admin")
    )
    # The failed page raised no "could not reach the patient" item.
    assert [i.severity for i in session.scalars(sa.select(ReviewItem))] == ["urgent"]


def test_the_queue_says_whether_an_urgent_item_was_acknowledged(
    app: Flask,
    session: Any,
    client: Any,
    team: dict[str, Staff],
    make_patient: Any,
    twilio: Twilio,
    twilio_standin: TwilioStandin,
) -> None:
    twilio.text(make_patient().phone, URGENT)
    login(client, team["admin"])
    assert "Paged, not acknowledged yet" in client.get("/review").get_data(as_text=True)
    item = urgent_item(session)
    client.get(f"/review/{item.id}")
    assert "Acknowledged by Admin Han" in client.get("/review").get_data(as_text=True)
