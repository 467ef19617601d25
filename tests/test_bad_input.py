"""Bad input gets a clear 4xx and changes nothing; never a 500 (found by fuzzing the API)."""

from typing import Any

import pytest
import sqlalchemy as sa

from clinic.models import Patient
from tests.conftest import csrf_token

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/patients/{HUGE}",
        f"/patients/{2**31}/replies",
        f"/visits/{HUGE}",
        f"/patients/{HUGE}/messages",
    ],
)
def test_ids_too_large_for_a_column_are_404(api_as: Any, path: str) -> None:
    assert api_as("receptionist").get(path).status_code == 404


def test_huge_ids_in_bodies_and_queries_are_422(api_as: Any, practitioner: Any) -> None:
    desk = api_as("receptionist")
    assert desk.get("/visits", query_string={"practitioner_id": HUGE}).status_code == 422
    response = desk.post(
        "/visits",
        json={
            "patient_id": 2**40,
            "practitioner_id": practitioner.id,
            "kind": "consultation",
            "starts_at": "2030-01-01T10:00:00+09:00",
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 422 and "patient_id" in response.get_json()["errors"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_dates_out_of_any_clinic_s_range_are_refused(api_as: Any, day: str) -> None:
    desk = api_as("clinician")
    assert desk.get("/visits", query_string={"date": day}).status_code == 422
    assert desk.get("/outcomes", query_string={"from": day}).status_code == 422


def test_visit_far_in_the_future_is_422(api_as: Any, make_patient: Any, practitioner: Any) -> None:
    response = api_as("receptionist").post(
        "/visits",
        json={
            "patient_id": make_patient().id,
            "practitioner_id": practitioner.id,
            "kind": "consultation",
            "starts_at": "9999-12-31T23:00:00-12:00",
            "duration_minutes": 480,
        },
    )
    assert response.status_code == 422 and "ten years" in response.get_json()["errors"]["starts_at"]


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "A\\u0000B", "phone": "010-1111-2222", "sms_consent": true}',
        '{"name": "\\ud800", "phone": "010-1111-2222", "sms_consent": true}',
    ],
)
def test_nul_and_lone_surrogates_in_json_are_400(api_as: Any, session: Any, body: str) -> None:
    desk = api_as("receptionist")
    response = desk.client.post(
        "/api/v1/patients",
        data=body,
        headers={**desk._headers(), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert session.scalars(sa.select(Patient)).all() == []


def test_patch_with_nulls_for_required_fields_is_422(api_as: Any, make_patient: Any) -> None:
    patient = make_patient()
    response = api_as("receptionist").patch(
        f"/patients/{patient.id}", json={"name": None, "phone": None, "notes": None}
    )
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"name", "phone"}


def test_patch_can_clear_the_optional_fields(api_as: Any, make_patient: Any) -> None:
    patient = make_patient(birth_year=1970, skin_thickness="thin")
    response = api_as("receptionist").patch(
        f"/patients/{patient.id}", json={"birth_year": None, "skin": None, "sms_consent": False}
    )
    body = response.get_json()
    assert response.status_code == 200 and body["birth_year"] is None
    assert body["sms_consent"] is False


def test_nul_in_a_form_is_400_and_saves_nothing(client: Any, session: Any, login_as: Any) -> None:
    login_as("receptionist")
    token = csrf_token(client, "/patients/new")
    response = client.post(
        "/patients/new",
        data={"csrf_token": token, "name": "Kim\x00", "phone": "010-1234-5678", "language": "en"},
    )
    assert response.status_code == 400
    assert session.scalars(sa.select(Patient)).all() == []


def test_huge_ids_in_pages_are_404(client: Any, login_as: Any) -> None:
    login_as("clinician")
    for url in (f"/patients/{HUGE}", f"/visits/{HUGE}", f"/review/{HUGE}", f"/phone/{HUGE}"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/?practitioner_id={HUGE}").status_code == 400
    assert client.get("/?date=0001-01-01").status_code == 400
    page = client.get(f"/visits/new?patient_id={HUGE}&date=0001-01-01&review_item={HUGE}")
    assert page.status_code == 200
