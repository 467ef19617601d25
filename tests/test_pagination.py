"""Paging: the review queue 50 at a time with counts per severity, API lists by limit/offset."""

from datetime import timedelta
from typing import Any

import pytest

from clinic.review import raise_item, resolve_item
from tests.conftest import NOW, page

SEVERITIES = ("urgent", "concern", "expected", "info")


@pytest.fixture
def many(session: Any, make_patient: Any, make_staff: Any) -> list[Any]:
    """120 open clinical items (30 of each severity) and 3 resolved, one a week ago."""
    patient = make_patient(name="Paged Patient")
    doctor = make_staff("clinician", name="Dr Page")
    items = []
    for n in range(120):
        items.append(
            raise_item(
                session,
                key=f"paged:{n}",
                patient=patient,
                reason=f"item {n}",
                severity=SEVERITIES[n % 4],
                now=NOW - timedelta(minutes=n),
            )
        )
    for n, ago in enumerate((0, 1, 8)):
        item = raise_item(
            session,
            key=f"done:{n}",
            patient=patient,
            reason=f"done {n}",
            severity="concern",
            now=NOW,
        )
        resolve_item(
            session, item, doctor, outcome="reassured", note="", now=NOW - timedelta(days=ago)
        )
    session.commit()
    return items


def test_api_review_pages_with_total_and_links(many: Any, api_as: Any) -> None:
    api = api_as("clinician")
    first = api.get("/review")
    assert first.status_code == 200
    listed = first.get_json()
    assert isinstance(listed, list) and len(listed) == 50
    assert first.headers["X-Total-Count"] == "120"
    assert 'rel="next"' in first.headers["Link"] and 'rel="prev"' not in first.headers["Link"]
    # Most severe first, then oldest first: the first page is all 30 urgent ones and 20 concerns.
    assert [i["severity"] for i in listed] == ["urgent"] * 30 + ["concern"] * 20
    assert listed[0]["reason"] == "item 116"
    rest = api.get("/review", query_string={"limit": 100, "offset": 50}).get_json()
    assert len(rest) == 70
    assert {i["id"] for i in rest}.isdisjoint(i["id"] for i in listed)
    last = api.get("/review", query_string={"limit": 100, "offset": 50})
    assert 'rel="next"' not in last.headers["Link"] and 'rel="prev"' in last.headers["Link"]
    # A huge limit is clamped to the maximum, not refused.
    assert len(api.get("/review", query_string={"limit": 10**9}).get_json()) == 120


def test_api_resolved_items_by_date_range(many: Any, api_as: Any) -> None:
    api = api_as("clinician")
    assert len(api.get("/review?status=resolved").get_json()) == 3
    today = NOW.astimezone(api.client.application.extensions["clinic_settings"].timezone).date()
    recent = api.get(
        "/review",
        query_string={"status": "resolved", "from": (today - timedelta(days=2)).isoformat()},
    )
    assert [i["reason"] for i in recent.get_json()] == ["done 0", "done 1"]
    assert recent.headers["X-Total-Count"] == "2"


@pytest.mark.parametrize(
    "query",
    [
        {"limit": "-1"},
        {"limit": "0"},
        {"limit": "ten"},
        {"offset": "-5"},
        {"offset": "9" * 40},
        {"limit": "1e3"},
        {"status": "resolved", "from": "yesterday"},
    ],
)
def test_bad_paging_is_422(api_as: Any, query: dict[str, str]) -> None:
    response = api_as("clinician").get("/review", query_string=query)
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_review_page_shows_fifty_with_counts_per_severity(
    many: Any, client: Any, login_as: Any
) -> None:
    login_as("clinician")
    first = page(client, "/review")
    assert first.count('class="card item') == 50
    assert "120 in all, showing 1–50" in first
    assert "<p>item 116</p>" in first and "<p>item 3</p>" not in first
    assert 'rel="next"' in first and "page=2" in first
    third = page(client, "/review?page=3")
    assert third.count('class="card item') == 20
    assert "showing 101–120" in third
    # Paging parameters that make no sense show the first page, never an error.
    for bad in ("-1", "abc", "9" * 30):
        assert page(client, f"/review?page={bad}").count('class="card item') == 50


def test_resolved_page_is_a_range_of_days(many: Any, client: Any, login_as: Any) -> None:
    login_as("clinician")
    month = page(client, "/review?status=resolved")
    assert all(f"done {n}" in month for n in range(3))
    week_ago = (NOW - timedelta(days=8)).astimezone(
        client.application.extensions["clinic_settings"].timezone
    )
    old = page(
        client,
        f"/review?status=resolved&from={week_ago.date()}&to={week_ago.date()}",
    )
    assert "done 2" in old and "done 0" not in old


def test_api_visits_of_a_day_page_by_limit_and_offset(make_visit: Any, api_as: Any) -> None:
    made = [make_visit(starts_at=NOW + timedelta(hours=h), kind="consultation") for h in (1, 2, 3)]
    api = api_as("receptionist")
    first = api.get("/visits", query_string={"limit": 2})
    assert [v["id"] for v in first.get_json()] == [v.id for v in made[:2]]
    assert first.headers["X-Total-Count"] == "3" and 'rel="next"' in first.headers["Link"]
    rest = api.get("/visits", query_string={"limit": 2, "offset": 2}).get_json()
    assert [v["id"] for v in rest] == [made[2].id]
    assert len(api.get("/visits").get_json()) == 3
    assert api.get("/visits", query_string={"offset": "x"}).status_code == 422
