"""Outcomes: how often each side effect was reported, with intervals and published rates."""

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from clinic.dispatch import dispatch_due
from clinic.inbound import InboundText, receive_text
from clinic.models import Message
from clinic.outcomes import wilson
from clinic.sms.console_backend import ConsoleGateway
from clinic.visits import ThreadInput, complete_visit
from tests.conftest import NOW, day


def test_wilson_interval_matches_the_textbook() -> None:
    low, high = wilson(1, 10)
    assert round(low, 4) == 0.0179 and round(high, 4) == 0.4042
    assert wilson(0, 0) == (0.0, 0.0)
    assert wilson(5, 5)[1] == 1.0


@pytest.fixture
def procedures(
    session: Any, settings: Any, make_patient: Any, make_visit: Any, make_staff: Any
) -> list[Any]:
    """Four procedures by two doctors; two patients over 50 report a dent on day 3."""
    other = make_staff("clinician", name="Dr Lee")
    done = []
    for i, (year, reply) in enumerate(
        [(1965, "2"), (1970, "a dent on my left cheek"), (1990, "1"), (1992, None)]
    ):
        patient = make_patient(birth_year=year)
        visit = make_visit(
            patient,
            who=other if i % 2 else None,
            threads=[ThreadInput("cog" if i < 2 else "mono", 6, "PDO")],
        )
        complete_visit(session, settings, visit, None, NOW + timedelta(hours=1))
        session.commit()
        day3 = session.scalars(
            sa.select(Message).where(Message.visit_id == visit.id, Message.step == "day3_check")
        ).one()
        dispatch_due(session, ConsoleGateway(), settings, day3.send_at)
        if reply is not None:
            receive_text(
                session,
                settings,
                InboundText(f"SMo{i}", patient.phone, reply),
                day3.send_at + timedelta(hours=2),
            )
            session.commit()
        done.append(visit)
    return done


def test_outcomes_count_each_procedure_once_per_finding(procedures: Any, api_as: Any) -> None:
    report = (
        api_as("clinician")
        .get("/outcomes", query_string={"from": f"{day(0)}", "to": f"{day(0)}"})
        .get_json()
    )
    assert report["procedures"] == 4
    dimple = next(f for f in report["findings"] if f["code"] == "dimple")
    assert dimple["count"] == 2 and dimple["rate"] == 0.5
    assert dimple["ci_low"] < 0.5 < dimple["ci_high"]
    assert dimple["base_rate"] == [0.07, 0.1]
    other = next(f for f in report["findings"] if f["code"] == "rippling")
    assert other["count"] == 0 and other["base_rate"] is None
    engagement = report["engagement"]
    assert engagement["checks_sent"] >= 4 and engagement["checks_answered"] == 3
    assert engagement["replies"] == 3


def test_outcomes_by_age_band_use_age_specific_rates(procedures: Any, api_as: Any) -> None:
    report = (
        api_as("admin")
        .get("/outcomes", query_string={"from": f"{day(-25)}", "to": f"{day(4)}", "by": "age_band"})
        .get_json()
    )
    groups = {g["key"]: g for g in report["groups"]}
    assert set(groups) == {"50+", "under 50"}
    older = next(f for f in groups["50+"]["findings"] if f["code"] == "dimple")
    assert older["count"] == 2 and older["base_rate"] == [0.16, 0.16]
    younger = next(f for f in groups["under 50"]["findings"] if f["code"] == "dimple")
    assert younger["count"] == 0 and younger["base_rate"] == [0.056, 0.056]


def test_outcomes_by_practitioner_and_thread_type(procedures: Any, api_as: Any) -> None:
    dr = api_as("clinician")
    by_doctor = dr.get(
        "/outcomes", query_string={"from": f"{day(0)}", "to": f"{day(0)}", "by": "practitioner"}
    ).get_json()
    assert {g["key"]: g["procedures"] for g in by_doctor["groups"]} == {"Dr Kim": 2, "Dr Lee": 2}
    by_thread = dr.get(
        "/outcomes", query_string={"from": f"{day(0)}", "to": f"{day(0)}", "by": "thread_type"}
    ).get_json()
    cog = next(g for g in by_thread["groups"] if g["key"] == "cog")
    assert next(f for f in cog["findings"] if f["code"] == "dimple")["count"] == 2


def test_outcomes_outside_the_range_are_empty(procedures: Any, api_as: Any) -> None:
    report = (
        api_as("clinician")
        .get("/outcomes", query_string={"from": f"{day(-56)}", "to": f"{day(-26)}"})
        .get_json()
    )
    assert report["procedures"] == 0 and report["engagement"]["response_rate"] is None


@pytest.mark.parametrize(
    "query", [{"from": "yesterday"}, {"by": "colour"}, {"from": f"{day(5)}", "to": f"{day(-25)}"}]
)
def test_bad_outcome_queries_are_422(api_as: Any, query: dict[str, str]) -> None:
    assert api_as("clinician").get("/outcomes", query_string=query).status_code == 422


def test_receptionists_may_not_read_outcomes(api_as: Any) -> None:
    assert api_as("receptionist").get("/outcomes").status_code == 403


def test_outcomes_page_for_clinicians_only(client: Any, procedures: Any, login_as: Any) -> None:
    login_as("clinician")
    page = client.get(f"/outcomes?from={day(0)}&to={day(0)}&by=age_band")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong>4</strong>" in text and "50+" in text and "16.0%" in text
    assert "not a date" in client.get("/outcomes?from=nope").get_data(as_text=True)


def test_receptionists_do_not_get_the_outcomes_page(client: Any, login_as: Any) -> None:
    login_as("receptionist")
    assert client.get("/outcomes").status_code == 403
