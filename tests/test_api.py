"""The JSON API as an integrating program sees it: statuses, shapes and error bodies."""

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from clinic.models import utcnow


def iso(hours_from_now: float) -> str:
    moment = (utcnow() + timedelta(hours=hours_from_now)).replace(second=0, microsecond=0)
    return moment.isoformat()


@pytest.fixture
def desk(api_as: Any) -> Any:
    return api_as("receptionist")


@pytest.fixture
def dr(practitioner: Any) -> Any:
    return practitioner


def new_patient(desk: Any, **overrides: Any) -> dict[str, Any]:
    payload = {
        "name": "Kim Minji",
        "phone": "010-1234-5678",
        "language": "ko",
        "sms_consent": True,
        **overrides,
    }
    response = desk.post("/patients", json=payload)
    assert response.status_code == 201, response.get_json()
    return dict(response.get_json())


def test_requests_without_a_valid_token_are_401(client: Any) -> None:
    assert client.get("/api/v1/patients").status_code == 401
    bad = client.get("/api/v1/patients", headers={"Authorization": "Bearer tc_nope"})
    assert bad.status_code == 401
    assert bad.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_from_the_cli_works(app: Any, client: Any, make_staff: Any) -> None:
    staff = make_staff("receptionist")
    result = app.test_cli_runner().invoke(args=["staff", "token", staff.email])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    response = client.get("/api/v1/practitioners", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_register_patient_normalises_korean_and_us_numbers(desk: Any) -> None:
    korean = new_patient(desk)
    assert korean["phone"] == "+821012345678"
    assert korean["sms_consent"] is True and korean["opted_out"] is False
    us = new_patient(
        desk,
        name="Ann Lee",
        phone="+1 (212) 555-0142",
        language="en",
        birth_year=1970,
        skin={"thickness": "thin", "elasticity": "low"},
    )
    assert us["phone"] == "+12125550142"
    assert us["skin"] == {"thickness": "thin", "cheek_volume": None, "elasticity": "low"}
    assert desk.get(f"/patients/{us['id']}").get_json()["name"] == "Ann Lee"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "010-12"}, "phone"),
        ({"phone": "+1 212 555 014"}, "phone"),
        ({"name": ""}, "name"),
        ({"language": "fr"}, "language"),
        ({"sms_consent": "yes"}, "sms_consent"),
        ({"birth_year": 1850}, "birth_year"),
        ({"skin": {"thickness": "paper"}}, "skin.thickness"),
        ({"surname": "Kim"}, "surname"),
    ],
)
def test_invalid_patient_fields_are_422_per_field(desk: Any, payload: Any, field: str) -> None:
    body = {
        "name": "Kim Minji",
        "phone": "010-1234-5678",
        "language": "ko",
        "sms_consent": True,
        **payload,
    }
    response = desk.post("/patients", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]


def test_duplicate_phone_is_422_naming_the_owner(desk: Any) -> None:
    first = new_patient(desk)
    response = desk.post(
        "/patients", json={"name": "Other", "phone": "+82 10 1234 5678", "sms_consent": False}
    )
    assert response.status_code == 422
    assert f"#{first['id']}" in response.get_json()["errors"]["phone"]


def test_malformed_json_is_400(desk: Any) -> None:
    response = desk.client.post(
        "/api/v1/patients",
        data="{nope",
        headers={**desk._headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert desk.post("/patients", json=[1, 2]).status_code == 400


def test_unknown_ids_are_404(desk: Any) -> None:
    assert desk.get("/patients/999").status_code == 404
    assert desk.patch("/visits/999", json={"duration_minutes": 30}).status_code == 404
    assert desk.post("/visits/999/cancel").status_code == 404
    assert desk.post("/visits/999/complete").status_code == 404
    assert desk.get("/patients/999/messages").status_code == 404
    assert desk.post("/review/999/resolve", json={"outcome": "reassured"}).status_code == 404


def test_search_by_phone_and_name(desk: Any) -> None:
    minji = new_patient(desk)
    new_patient(desk, name="Park Jisoo", phone="010-9876-5432")
    by_phone = desk.get("/patients", query_string={"phone": "+82-10-1234-5678"}).get_json()
    assert [p["id"] for p in by_phone] == [minji["id"]]
    by_name = desk.get("/patients", query_string={"q": "jisoo"}).get_json()
    assert [p["name"] for p in by_name] == ["Park Jisoo"]
    by_digits = desk.get("/patients", query_string={"q": "9876"}).get_json()
    assert [p["name"] for p in by_digits] == ["Park Jisoo"]
    assert desk.get("/patients", query_string={"phone": "nonsense"}).get_json() == []


def book(desk: Any, patient_id: int, practitioner_id: int, /, **overrides: Any) -> Any:
    payload = {
        "patient_id": patient_id,
        "practitioner_id": practitioner_id,
        "kind": "procedure",
        "starts_at": iso(50),
        "duration_minutes": 60,
        "procedure": {
            "areas": ["cheeks"],
            "threads": [{"type": "cog", "material": "PDO", "count": 8}],
        },
        **overrides,
    }
    return desk.post("/visits", json=payload)


def test_book_list_move_cancel_complete(desk: Any, dr: Any, settings: Any) -> None:
    patient = new_patient(desk)
    response = book(desk, patient["id"], dr.id)
    assert response.status_code == 201, response.get_json()
    visit = response.get_json()
    assert visit["status"] == "booked"
    assert visit["starts_at"].endswith("Z") and visit["starts_at_local"].endswith("+09:00")
    assert visit["procedure"]["threads"] == [{"type": "cog", "material": "PDO", "count": 8}]
    local_day = visit["starts_at_local"][:10]
    listed = desk.get("/visits", query_string={"date": local_day}).get_json()
    assert [v["id"] for v in listed] == [visit["id"]]
    assert (
        desk.get(
            "/visits", query_string={"date": local_day, "practitioner_id": dr.id + 100}
        ).get_json()
        == []
    )
    moved = desk.patch(f"/visits/{visit['id']}", json={"starts_at": iso(74)})
    assert moved.status_code == 200
    assert [e["action"] for e in moved.get_json()["audit"]] == ["booked", "moved"]
    done = desk.post(f"/visits/{visit['id']}/complete")
    assert done.status_code == 200 and done.get_json()["status"] == "completed"
    again = desk.post(f"/visits/{visit['id']}/cancel")
    assert again.status_code == 409


def test_double_booking_is_409_and_past_is_422(desk: Any, dr: Any) -> None:
    first = new_patient(desk)
    second = new_patient(desk, name="Park Jisoo", phone="010-9876-5432")
    start = iso(30)
    assert book(desk, first["id"], dr.id, starts_at=start).status_code == 201
    clash = book(desk, second["id"], dr.id, starts_at=start)
    assert clash.status_code == 409
    assert "already booked" in clash.get_json()["message"]
    past = book(desk, second["id"], dr.id, starts_at=iso(-1))
    assert past.status_code == 422 and "starts_at" in past.get_json()["errors"]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"starts_at": "2030-01-01T10:00:00"}, "starts_at"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"kind": "surgery"}, "kind"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"patient_id": 424242}, "patient_id"),
        ({"procedure": {"areas": ["forehead"]}}, "procedure.areas.0"),
        ({"procedure": {"threads": [{"type": "cog", "count": 0}]}}, "procedure.threads.0.count"),
        ({"kind": "consultation"}, "procedure"),
    ],
)
def test_invalid_visit_fields_are_422(desk: Any, dr: Any, override: Any, field: str) -> None:
    patient = new_patient(desk)
    response = book(desk, patient["id"], dr.id, **override)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]


def test_cancel_is_idempotent_and_cancels_pending_texts(desk: Any, dr: Any) -> None:
    patient = new_patient(desk)
    visit = book(desk, patient["id"], dr.id).get_json()
    pending = [
        m
        for m in desk.get(f"/patients/{patient['id']}/messages").get_json()
        if m["status"] == "pending"
    ]
    assert pending, "booking plans a confirmation and reminders"
    for _ in range(2):
        response = desk.post(f"/visits/{visit['id']}/cancel")
        assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    statuses = {
        m["step"]: m["status"] for m in desk.get(f"/patients/{patient['id']}/messages").get_json()
    }
    # Only the notice telling the patient of the cancellation is still to go, once.
    assert [s for s, status in statuses.items() if status == "pending"] == ["cancelled"]


def test_empty_patch_is_422(desk: Any, dr: Any) -> None:
    patient = new_patient(desk)
    visit = book(desk, patient["id"], dr.id).get_json()
    assert desk.patch(f"/visits/{visit['id']}", json={}).status_code == 422


def test_practitioners_lists_clinicians_only(desk: Any, dr: Any, make_staff: Any) -> None:
    make_staff("admin")
    assert desk.get("/practitioners").get_json() == [{"id": dr.id, "name": "Dr Kim"}]


def test_openapi_document_describes_the_api(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/patients",
        "/visits",
        "/visits/{visit_id}",
        "/review",
        "/patients/{patient_id}/messages",
        "/outcomes",
    ):
        assert path in doc["paths"]
    assert "VisitIn" in doc["components"]["schemas"]


def test_every_reference_in_the_openapi_document_resolves(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    text = json.dumps(doc)
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert refs, "the document refers to its schemas"
    assert refs <= set(doc["components"]["schemas"]), refs - set(doc["components"]["schemas"])
