"""Patient pages as a receptionist uses them: register, find, look at, edit."""

import html
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.models import Patient, Staff, Visit
from clinic.review import raise_item
from tests.conftest import NOW, csrf_token, page

Login = Callable[[str], Staff]


def form(**fields: Any) -> dict[str, Any]:
    """A filled-in patient form."""
    data = {
        "name": "Lee Ji-eun",
        "phone": "010-2345-6789",
        "language": "ko",
        "sms_consent": "y",
        "birth_year": "1975",
        "skin_thickness": "thin",
        "cheek_volume": "low",
        "elasticity": "",
        "notes": "Prefers mornings.",
    }
    data.update(fields)
    return data


def register(client: FlaskClient, **fields: Any) -> Any:
    data = form(**fields)
    data["csrf_token"] = csrf_token(client, "/patients/new")
    return client.post("/patients/new", data=data)


def patients(session: Any) -> list[Patient]:
    return list(session.scalars(sa.select(Patient).order_by(Patient.id)))


@pytest.mark.parametrize("url", ["/patients", "/patients/new", "/patients/1", "/patients/1/edit"])
def test_signed_out_is_sent_to_login(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_register_korean_patient(client: FlaskClient, login_as: Login, session: Any) -> None:
    me = login_as("receptionist")
    response = register(client)
    assert response.status_code == 303
    [patient] = patients(session)
    assert response.headers["Location"].endswith(f"/patients/{patient.id}")
    assert patient.phone == "+821023456789"
    assert (patient.language, patient.birth_year) == ("ko", 1975)
    skin = (patient.skin_thickness, patient.cheek_volume, patient.elasticity)
    assert skin == ("thin", "low", None)
    assert patient.sms_consent and patient.consent_recorded_by_id == me.id

    text = page(client, f"/patients/{patient.id}")
    assert "Lee Ji-eun is registered. Book their first visit next." in text
    assert "+82 10-2345-6789" in text
    assert f"Recorded Thu 26 Nov 2026, 09:00 by {me.name}" in text
    assert "51" in text and "born 1975" in text  # age in the clinic's year
    assert "Prefers mornings." in text
    assert "not assessed" in text  # elasticity
    assert "Nothing booked." in text and "No texts yet." in text
    assert f"/visits/new?patient_id={patient.id}" in text
    assert f"/patients/{patient.id}/edit" in text


def test_register_us_number_without_consent(
    client: FlaskClient, login_as: Login, session: Any
) -> None:
    login_as("clinician")
    response = register(
        client,
        name="Ann Smith",
        phone="+1 (212) 555-0142",
        language="en",
        sms_consent="",
        birth_year="",
    )
    assert response.status_code == 303
    [patient] = patients(session)
    assert patient.phone == "+12125550142"
    assert not patient.sms_consent and patient.birth_year is None
    text = page(client, f"/patients/{patient.id}")
    assert "No texts will go until consent is recorded." in text
    assert "No consent:" in text


def test_bad_number_keeps_what_was_typed(
    client: FlaskClient, login_as: Login, session: Any
) -> None:
    login_as("receptionist")
    response = register(client, phone="010-12", notes="Left cheek first")
    assert response.status_code == 422
    text = html.unescape(response.get_data(as_text=True))
    assert "not a valid phone number for KR" in text
    assert 'value="010-12"' in text and 'value="Lee Ji-eun"' in text
    assert "Left cheek first" in text
    assert '<option selected value="ko">' in text
    assert 'aria-invalid="true"' in text
    assert patients(session) == []


def test_blank_fields_and_bad_year_are_shown_by_their_fields(
    client: FlaskClient, login_as: Login, session: Any
) -> None:
    login_as("receptionist")
    response = register(client, name="", phone="", birth_year="nineteen")
    assert response.status_code == 422
    text = html.unescape(response.get_data(as_text=True))
    assert "Enter the patient's name." in text
    assert "Enter a phone number." in text
    assert "Not a valid integer value." in text
    assert patients(session) == []


def test_out_of_range_birth_year_comes_from_the_domain(
    client: FlaskClient, login_as: Login, session: Any
) -> None:
    login_as("receptionist")
    response = register(client, birth_year="1850")
    assert response.status_code == 422
    assert "Birth year must be between 1900 and 2026." in response.get_data(as_text=True)


def test_number_already_taken_names_the_owner(
    client: FlaskClient, login_as: Login, make_patient: Callable[..., Patient], session: Any
) -> None:
    login_as("receptionist")
    owner = make_patient(name="Park Min", phone="010-2345-6789")
    response = register(client)
    assert response.status_code == 422
    assert f"already belongs to patient #{owner.id}, Park Min" in response.get_data(as_text=True)
    assert len(patients(session)) == 1


def test_post_without_csrf_token_saves_nothing(
    client: FlaskClient, login_as: Login, session: Any
) -> None:
    login_as("receptionist")
    response = client.post("/patients/new", data=form())
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert patients(session) == []


def test_search_by_name_and_by_phone_digits(
    client: FlaskClient, login_as: Login, make_patient: Callable[..., Patient]
) -> None:
    login_as("receptionist")
    make_patient(name="Kim Soo-ah", phone="010-1111-2222")
    make_patient(name="Choi Dae", phone="+1 212 555 0142")
    everyone = page(client, "/patients")
    assert "Kim Soo-ah" in everyone and "Choi Dae" in everyone

    by_name = page(client, "/patients?q=soo")
    assert "Kim Soo-ah" in by_name and "Choi Dae" not in by_name
    by_national = page(client, "/patients?q=010-1111-2222")
    assert "Kim Soo-ah" in by_national and "Choi Dae" not in by_national
    by_last_digits = page(client, "/patients?q=0142")
    assert "Choi Dae" in by_last_digits and "Kim Soo-ah" not in by_last_digits
    assert 'value="0142"' in by_last_digits

    nobody = page(client, "/patients?q=zzz")
    assert "No patient matches “zzz”" in nobody
    assert "register a new patient" in nobody


def test_empty_list_says_what_to_do(client: FlaskClient, login_as: Login) -> None:
    login_as("receptionist")
    assert "Register the first patient" in page(client, "/patients")


def test_detail_lists_visits_texts_and_open_review_items(
    client: FlaskClient,
    login_as: Login,
    make_patient: Callable[..., Patient],
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    patient = make_patient(name="Han Yu", skin_thickness="thin")
    visit = make_visit(patient, kind="consultation")
    raise_item(
        session,
        key="test:1",
        patient=patient,
        reason="Reported a dimple on the left cheek",
        severity="concern",
        now=NOW,
    )
    session.commit()
    text = page(client, f"/patients/{patient.id}")
    # Need-to-know: the front desk sees that a clinical item is open, not what it says.
    assert "Open review items" in text and "Reported a dimple on the left cheek" not in text
    assert "A clinical reply arrived; it is for the clinicians." in text
    assert f"/visits/{visit.id}" in text
    assert "Sun 29 Nov 2026, 11:00" in text  # NOW + 3 days 2 hours, in Seoul
    # The planned texts show before they go: the confirmation and the day-before reminder.
    assert "confirmation" in text and "reminder" in text
    assert "msg-pending" in text
    assert "due Sat 28 Nov 2026, 10:00" in text


def test_edit_shows_current_values_and_saves(
    client: FlaskClient, login_as: Login, make_patient: Callable[..., Patient], session: Any
) -> None:
    login_as("receptionist")
    patient = make_patient(name="Jo Eun", phone="010-3333-4444", cheek_volume="full")
    url = f"/patients/{patient.id}/edit"
    text = page(client, url)
    assert 'value="Jo Eun"' in text and 'value="+821033334444"' in text
    assert '<option selected value="full">' in text

    data = form(name="Jo Eun-ji", phone="010 3333 4444", csrf_token=csrf_token(client, url))
    response = client.post(url, data=data)
    assert response.status_code == 303
    session.expire_all()
    assert patient.name == "Jo Eun-ji" and patient.skin_thickness == "thin"
    assert "Saved." in page(client, f"/patients/{patient.id}")


def test_edit_with_errors_is_422_and_changes_nothing(
    client: FlaskClient, login_as: Login, make_patient: Callable[..., Patient], session: Any
) -> None:
    login_as("receptionist")
    patient = make_patient(name="Jo Eun")
    url = f"/patients/{patient.id}/edit"
    response = client.post(
        url, data=form(name="New Name", phone="12", csrf_token=csrf_token(client, url))
    )
    assert response.status_code == 422
    assert 'value="New Name"' in response.get_data(as_text=True)
    session.expire_all()
    assert patient.name == "Jo Eun"


def test_unknown_patient_is_404(client: FlaskClient, login_as: Login) -> None:
    login_as("receptionist")
    assert "No patient 999" in page(client, "/patients/999", 404)
    page(client, "/patients/999/edit", 404)
    page(client, "/patients/abc", 404)
