"""The review queue: order, roles and resolution, through the API and the pages."""

from datetime import timedelta
from typing import Any

import pytest

from clinic.inbound import InboundText, receive_text
from clinic.models import ReviewItem, utcnow
from clinic.review import raise_item
from tests.conftest import csrf_token


@pytest.fixture
def queue(session: Any, make_patient: Any, make_visit: Any) -> dict[str, ReviewItem]:
    """Items of every severity and audience, raised at different times."""
    now = utcnow()
    patient = make_patient(name="Lee Hana", birth_year=1968, skin_thickness="thin")
    visit = make_visit(patient)
    made = {}
    for name, severity, audience, age in [
        ("old_concern", "concern", "clinical", 50),
        ("new_urgent", "urgent", "clinical", 5),
        ("old_urgent", "urgent", "clinical", 30),
        ("expected", "expected", "clinical", 60),
        ("desk", "info", "front_desk", 40),
    ]:
        made[name] = raise_item(
            session,
            key=name,
            patient=patient,
            visit=visit,
            reason=f"{name} reason",
            severity=severity,
            audience=audience,
            now=now - timedelta(minutes=age),
        )
    session.commit()
    return made


def test_queue_is_most_severe_first_then_oldest(queue: Any, api_as: Any) -> None:
    listed = api_as("clinician").get("/review").get_json()
    assert [i["reason"] for i in listed] == [
        "old_urgent reason",
        "new_urgent reason",
        "old_concern reason",
        "expected reason",
        "desk reason",
    ]


def test_receptionists_see_and_resolve_front_desk_items_only(queue: Any, api_as: Any) -> None:
    desk = api_as("receptionist")
    assert [i["reason"] for i in desk.get("/review").get_json()] == ["desk reason"]
    clinical = queue["new_urgent"].id
    refused = desk.post(f"/review/{clinical}/resolve", json={"outcome": "reassured"})
    assert refused.status_code == 403
    done = desk.post(
        f"/review/{queue['desk'].id}/resolve",
        json={"outcome": "other", "note": "Called; moved to Friday."},
    )
    assert done.status_code == 200 and done.get_json()["status"] == "resolved"


def test_resolving_records_outcome_note_who_and_when(queue: Any, api_as: Any) -> None:
    dr = api_as("clinician")
    item = queue["old_urgent"]
    answer = dr.post(
        f"/review/{item.id}/resolve", json={"outcome": "urgent_care", "note": "Sent to ER."}
    ).get_json()
    assert answer["outcome"] == "urgent_care" and answer["note"] == "Sent to ER."
    assert answer["resolved_by"].startswith("Clinician")
    assert answer["minutes_to_review"] >= 30
    assert item.id not in [i["id"] for i in dr.get("/review").get_json()]
    resolved = dr.get("/review", query_string={"status": "resolved"}).get_json()
    assert [i["id"] for i in resolved] == [item.id]
    again = dr.post(f"/review/{item.id}/resolve", json={"outcome": "reassured"})
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [({"outcome": "shrugged"}, "outcome"), ({"outcome": "other"}, "note"), ({}, "outcome")],
)
def test_bad_resolutions_are_422(queue: Any, api_as: Any, body: Any, field: str) -> None:
    response = api_as("clinician").post(f"/review/{queue['expected'].id}/resolve", json=body)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_review_status_filter_is_validated(queue: Any, api_as: Any) -> None:
    assert api_as("clinician").get("/review", query_string={"status": "x"}).status_code == 422


def test_pages_need_sign_in(client: Any, queue: Any) -> None:
    for url in ("/review", f"/review/{queue['desk'].id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_queue_page_shows_urgency_at_a_glance(client: Any, queue: Any, login_as: Any) -> None:
    login_as("clinician")
    page = client.get("/review").get_data(as_text=True)
    positions = [
        page.index(f"{name} reason")
        for name in ("old_urgent", "new_urgent", "old_concern", "expected", "desk")
    ]
    assert positions == sorted(positions)
    assert 'class="card item sev-urgent"' in page
    assert "Lee Hana" in page


def test_receptionist_page_hides_clinical_items(client: Any, queue: Any, login_as: Any) -> None:
    login_as("receptionist")
    page = client.get("/review").get_data(as_text=True)
    assert "desk reason" in page and "urgent reason" not in page
    assert client.get(f"/review/{queue['new_urgent'].id}").status_code == 404


def test_detail_shows_the_reply_in_context_and_resolves(
    app: Any, client: Any, session: Any, settings: Any, make_visit: Any, login_as: Any
) -> None:
    visit = make_visit()
    result = receive_text(
        session,
        settings,
        InboundText(
            "SMdetail",
            visit.patient.phone,
            "There's a dent under my cheekbone",
            ["https://example.test/photo.jpg"],
        ),
        utcnow(),
    )
    session.commit()
    item = session.query(ReviewItem).one()
    assert result.reply.severity == "concern"
    login_as("clinician")
    page = client.get(f"/review/{item.id}").get_data(as_text=True)
    for expected in (
        "There&#39;s a dent under my cheekbone",
        "photo.jpg",
        "Conversation",
        "Book a review visit",
        f"review_item={item.id}",
        "Resolve",
    ):
        assert expected in page
    token = csrf_token(client, f"/review/{item.id}")
    missing = client.post(f"/review/{item.id}", data={"csrf_token": token, "note": "x"})
    assert missing.status_code == 422 and "Choose what was done." in missing.get_data(as_text=True)
    done = client.post(
        f"/review/{item.id}",
        data={
            "csrf_token": token,
            "outcome": "reassured",
            "note": "Normal settling; reviewed photo.",
        },
    )
    assert done.status_code == 303
    session.expire_all()
    assert item.status == "resolved" and item.outcome == "reassured"
    assert item.resolved_by is not None and item.resolved_by.role == "clinician"


def test_resolving_without_csrf_is_refused(
    client: Any, queue: Any, login_as: Any, session: Any
) -> None:
    login_as("clinician")
    response = client.post(f"/review/{queue['old_urgent'].id}", data={"outcome": "reassured"})
    assert response.status_code == 400
    session.expire_all()
    assert queue["old_urgent"].status == "open"


def test_receptionist_cannot_post_a_clinical_resolution(
    client: Any, queue: Any, login_as: Any
) -> None:
    login_as("receptionist")
    token = csrf_token(client, f"/review/{queue['desk'].id}")
    response = client.post(
        f"/review/{queue['new_urgent'].id}", data={"csrf_token": token, "outcome": "reassured"}
    )
    assert response.status_code == 404


def test_book_a_review_visit_from_the_item_resolves_it(
    client: Any, session: Any, queue: Any, login_as: Any, practitioner: Any
) -> None:
    login_as("clinician")
    item = queue["old_concern"]
    detail = client.get(f"/review/{item.id}").get_data(as_text=True)
    link = f"/visits/new?patient_id={item.patient_id}&amp;kind=follow_up"
    assert link in detail
    url = f"/visits/new?patient_id={item.patient_id}&kind=follow_up&review_item={item.id}"
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    form = {
        "patient_id": str(item.patient_id),
        "practitioner_id": str(practitioner.id),
        "kind": "follow_up",
        "date": day,
        "time": "11:00",
        "duration_minutes": "30",
        "notes": "",
        "csrf_token": csrf_token(client, url),
    }
    response = client.post(url, data=form)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    session.expire_all()
    assert item.status == "resolved" and item.outcome == "review_visit_booked"
    assert item.note.startswith("Booked follow-up visit #")
    followed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "review visit booked" in followed
