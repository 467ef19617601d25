"""Odd inputs are refused or cleaned with a clear answer, never a 500."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic.dispatch import dispatch_due
from clinic.models import Message, Patient, Staff, Visit
from clinic.sms_setup import gateway
from clinic.timeutil import AmbiguousLocalTime, local_datetime
from tests.conftest import NOW, TODAY, csrf_token
from tests.test_webhooks import Twilio

NEW_YORK = ZoneInfo("America/New_York")


def next_fall_back(tz: ZoneInfo) -> date:
    """The first day after NOW on which the clocks in ``tz`` go back an hour."""
    for offset in range(1, 400):
        candidate = TODAY + timedelta(days=offset)
        morning = datetime.combine(candidate, time(0), tz).utcoffset()
        noon = datetime.combine(candidate, time(12), tz).utcoffset()
        if morning is not None and noon is not None and noon < morning:
            return candidate
    raise AssertionError("no fall-back change within a year")


def test_a_repeated_local_time_is_refused_when_strict() -> None:
    change = next_fall_back(NEW_YORK)
    with pytest.raises(AmbiguousLocalTime):
        local_datetime(change, time(1, 30), NEW_YORK, strict=True)
    # Not strict (plans): the first occurrence, as before.
    first = local_datetime(change, time(1, 30), NEW_YORK)
    assert first.astimezone(NEW_YORK).utcoffset() == timedelta(hours=-4)
    assert local_datetime(change, time(3, 0), NEW_YORK, strict=True).tzinfo == UTC


@pytest.mark.clinic_zone("America/New_York")
def test_booking_at_a_repeated_local_time_is_a_clear_422(
    client: FlaskClient,
    login_as: Callable[[str], Staff],
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    patient = make_patient(phone="(212) 555-0142")
    change = next_fall_back(NEW_YORK)
    url = f"/visits/new?patient_id={patient.id}"
    response = client.post(
        url,
        data={
            "patient_id": str(patient.id),
            "practitioner_id": str(practitioner.id),
            "kind": "consultation",
            "date": change.isoformat(),
            "time": "01:30",
            "duration_minutes": "30",
            "notes": "",
            "csrf_token": csrf_token(client, url),
        },
    )
    assert response.status_code == 422
    assert "01:30 happens twice on" in response.get_data(as_text=True)
    assert session.scalars(sa.select(Visit)).all() == []


@pytest.mark.parametrize(
    "phone", ["+1-800-FLOWERS", "+1 800 356 9377", "+82 2-555-0100", "+82 80-123-4567"]
)
def test_numbers_that_cannot_take_a_text_are_refused(
    api_as: Callable[[str], Any], phone: str
) -> None:
    answer = api_as("receptionist").post(
        "/patients", json={"name": "Kim", "phone": phone, "language": "en", "sms_consent": True}
    )
    assert answer.status_code == 422
    assert "phone" in answer.get_json()["errors"]


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u202e\u200d", "   ", "\u2066\u2069"])
def test_names_need_a_visible_character(api_as: Callable[[str], Any], name: str) -> None:
    answer = api_as("receptionist").post(
        "/patients",
        json={"name": name, "phone": "010-2000-3000", "language": "en", "sms_consent": True},
    )
    assert answer.status_code == 422 and "name" in answer.get_json()["errors"]


def test_bidi_controls_are_stripped_from_names(api_as: Callable[[str], Any]) -> None:
    api = api_as("receptionist")
    answer = api.post(
        "/patients",
        json={
            "name": "Park \u202egnip\u202c Ji",
            "phone": "010-2000-3001",
            "language": "en",
            "sms_consent": True,
        },
    )
    assert answer.status_code == 201 and answer.get_json()["name"] == "Park gnip Ji"
    patched = api.patch(f"/patients/{answer.get_json()['id']}", json={"name": "\u2067Lee\u2069"})
    assert patched.get_json()["name"] == "Lee"


def test_deeply_nested_json_is_400(api_as: Callable[[str], Any]) -> None:
    api = api_as("receptionist")
    deep = "[" * 100_000 + "]" * 100_000
    answer = api.client.post(
        "/api/v1/patients",
        data=deep,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert answer.status_code == 400 and "nests deeper" in answer.get_json()["message"]
    nested: Any = "x"
    for _ in range(40):
        nested = {"a": nested}
    answer = api.post("/patients", json={"name": nested})
    assert answer.status_code == 400
    # Brackets inside strings are text, not nesting.
    fine = api.post(
        "/patients",
        json={"name": "[" * 50, "phone": "010-2000-3002", "language": "en", "sms_consent": False},
    )
    assert fine.status_code == 201


class TestWebhookNumbers:
    """Signed status callbacks through the Twilio backend."""

    @pytest.fixture
    def app_config(self, twilio_config: dict[str, Any]) -> dict[str, Any]:
        return twilio_config

    @pytest.mark.parametrize("code", ["1" * 40, "9" * 10])
    def test_a_huge_error_code_in_a_signed_callback_is_400_not_500(
        self,
        app: Flask,
        client: FlaskClient,
        session: Any,
        make_visit: Callable[..., Visit],
        twilio_standin: Any,
        code: str,
    ) -> None:
        make_visit(kind="consultation")
        dispatch_due(session, gateway(), app.extensions["clinic_settings"], NOW)
        message = session.scalars(sa.select(Message).where(Message.step == "confirmation")).one()
        twilio = Twilio(client, twilio_standin.auth_token)
        form = {
            "MessageSid": message.twilio_sid or "",
            "MessageStatus": "failed",
            "ErrorCode": code,
        }
        answer = twilio.post("/twilio/status", form, query=urlencode({"mid": message.id}))
        assert answer.status_code == 400
        session.refresh(message)
        assert message.status == "sent"
        form["ErrorCode"] = "30003"
        answer = twilio.post("/twilio/status", form, query=urlencode({"mid": message.id}))
        assert answer.status_code == 204
