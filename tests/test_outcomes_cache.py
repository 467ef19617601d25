"""Outcomes come from a cached report that is recomputed when its data changes."""

from typing import Any

import sqlalchemy as sa
from flask import Flask

from clinic.models import Message, Reply
from clinic.visits import complete_visit
from tests.conftest import NOW
from tests.test_statement_counts import counted


def _dimples(report: dict[str, Any]) -> int:
    return next(f["count"] for f in report["findings"] if f["code"] == "dimple")


def test_outcomes_are_cached_until_a_reply_or_completion_changes_them(
    app: Flask, session: Any, settings: Any, make_visit: Any, api_as: Any
) -> None:
    api = api_as("clinician")
    visit = make_visit()
    complete_visit(session, settings, visit, None, NOW)
    session.commit()
    first = api.get("/outcomes").get_json()
    assert first["procedures"] == 1 and _dimples(first) == 0

    with counted(app) as statements:
        again = api.get("/outcomes").get_json()
    assert again == first
    # Only the look-ups that check the data is unchanged: no report query ran.
    assert not [s for s in statements if "JOIN reply" in s or "FROM visit_thread" in s]

    prompt = session.scalars(sa.select(Message).where(Message.visit_id == visit.id)).first()
    session.add(
        Reply(
            message_sid="SMcache1",
            patient_id=visit.patient_id,
            message_id=prompt.id,
            from_number="+821055550001",
            body="a dent",
            findings=["dimple"],
            severity="concern",
            received_at=NOW,
        )
    )
    session.commit()
    assert _dimples(api.get("/outcomes").get_json()) == 1

    other = make_visit(starts_at=NOW + (visit.starts_at - NOW) * 2)
    complete_visit(session, settings, other, None, NOW)
    session.commit()
    assert api.get("/outcomes").get_json()["procedures"] == 2
