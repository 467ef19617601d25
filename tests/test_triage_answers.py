"""What a patient is told and what a clinician sees when a reply is triaged, end to end
through Twilio's signed webhook."""

from datetime import timedelta
from typing import Any

import pytest

from clinic.config import ConfigError, clinic_settings, emergency_number
from tests import test_webhooks as webhooks
from tests.conftest import page
from tests.test_webhooks import Twilio, items, replies

# The signed-webhook fixtures of the webhook tests, shared rather than copied.
app_config = webhooks.app_config
twilio = webhooks.twilio
procedure_texted = webhooks.procedure_texted


def test_red_flag_answer_names_the_emergency_number_and_the_item_shows_why(
    procedure_texted: Any, twilio: Twilio, api_as: Any, login_as: Any, client: Any
) -> None:
    visit = procedure_texted("day1_check", language="ko", name="김민지")
    body = "엄마 입술이 퉁퉁 부었어요 숨쉬기도 힘들대요"
    twiml = twilio.text(visit.patient, body).get_data(as_text=True)
    assert "119" in twiml and "응급실" in twiml and "+82 2-555-0100" in twiml
    queue = api_as("clinician").get("/review").get_json()
    item = queue[0]
    assert item["severity"] == "urgent"
    assert {"allergic_reaction", "breathing_swallowing"} <= set(item["findings"])
    squeezed = body.replace(" ", "")
    assert item["evidence"] and all(word in squeezed for word in item["evidence"])
    login_as("clinician")
    html = page(client, f"/review/{item['id']}")
    assert "Why flagged:" in html and item["evidence"][0] in html


def test_infection_answer_asks_for_a_call_and_names_the_emergency_number_as_fallback(
    procedure_texted: Any, twilio: Twilio, api_as: Any
) -> None:
    visit = procedure_texted("day1_check")
    twiml = twilio.text(visit.patient, "no fever but pus is coming out").get_data(as_text=True)
    assert "call us now at +82 2-555-0100" in twiml and "call 119" in twiml
    item = api_as("clinician").get("/review").get_json()[0]
    assert item["severity"] == "urgent" and item["findings"] == ["infection_sign"]
    assert item["evidence"] == ["pus"]


def test_all_well_reply_raises_nothing(procedure_texted: Any, twilio: Twilio, session: Any) -> None:
    visit = procedure_texted("day1_check")
    twilio.text(visit.patient, "no pain no swelling feeling great")
    assert replies(session)[-1].severity == "none"
    assert items(session) == []


def test_days_since_the_procedure_turn_expected_swelling_into_a_concern(
    procedure_texted: Any, twilio: Twilio, session: Any, clock: Any
) -> None:
    early = procedure_texted("day1_check")
    twilio.text(early.patient, "a bit swollen")
    assert replies(session)[-1].severity == "expected"
    late = procedure_texted("day1_check")
    clock.shift(timedelta(days=9))
    twilio.text(late.patient, "a bit swollen")
    reply = replies(session)[-1]
    assert (reply.severity, reply.findings) == ("concern", ["pain_swelling"])


class TestEmergencyNumberOverride:
    @pytest.fixture
    def app_config(self, twilio_config: dict[str, Any]) -> dict[str, Any]:
        return {**twilio_config, "EMERGENCY_NUMBER": "1339"}

    def test_the_configured_number_is_named(self, procedure_texted: Any, twilio: Twilio) -> None:
        visit = procedure_texted("day3_check")
        twiml = twilio.text(visit.patient, "I can't close my left eye").get_data(as_text=True)
        assert "call 1339 or go to the nearest emergency department" in twiml


@pytest.mark.parametrize(
    ("country", "number"),
    [("KR", "119"), ("US", "911"), ("GB", "999"), ("DE", "112"), ("JP", "112")],
)
def test_emergency_number_defaults_from_the_country(country: str, number: str) -> None:
    assert emergency_number({}, country) == number
    assert clinic_settings({"CLINIC_COUNTRY": country}).emergency_number == number


def test_emergency_number_setting_wins_and_is_checked() -> None:
    assert clinic_settings({"EMERGENCY_NUMBER": " 911 "}).emergency_number == "911"
    with pytest.raises(ConfigError, match="EMERGENCY_NUMBER"):
        clinic_settings({"EMERGENCY_NUMBER": "call 911"})
