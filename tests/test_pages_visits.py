"""Visit pages as a receptionist uses them: book, move, and record what happened."""

import html
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.models import Message, Patient, Staff, Visit
from tests.conftest import NOW, csrf_token, day, page

Login = Callable[[str], Staff]


def text_of(response: Any) -> str:
    return html.unescape(response.get_data(as_text=True))


def book(client: FlaskClient, patient: Patient, practitioner: Staff, **fields: Any) -> Any:
    """Post the booking form reached from the patient's page."""
    url = f"/visits/new?patient_id={patient.id}"
    data: dict[str, Any] = {
        "patient_id": str(patient.id),
        "practitioner_id": str(practitioner.id),
        "kind": "consultation",
        "date": f"{day(4)}",
        "time": "14:00",
        "duration_minutes": "30",
        "notes": "",
    }
    data.update(fields)
    data["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=data)


def audit(detail: str) -> str:
    """The audit-trail section of a visit page (the header also names who is signed in)."""
    return detail[detail.index('id="audit-h"') :]


def visits(session: Any) -> list[Visit]:
    session.expire_all()
    return list(session.scalars(sa.select(Visit).order_by(Visit.id)))


def act(client: FlaskClient, visit: Visit, action: str) -> Any:
    """Press one of the visit page's buttons."""
    token = csrf_token(client, f"/visits/{visit.id}")
    return client.post(f"/visits/{visit.id}/{action}", data={"csrf_token": token})


def test_signed_out_is_sent_to_login(client: FlaskClient) -> None:
    for url in ("/visits/new", "/visits/1", "/visits/1/move"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    token = csrf_token(client, "/login")
    for action in ("cancel", "complete", "no-show", "confirm", "move"):
        response = client.post(f"/visits/1/{action}", data={"csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_booking_form_is_prefilled(
    client: FlaskClient, login_as: Login, practitioner: Staff, make_patient: Callable[..., Patient]
) -> None:
    login_as("receptionist")
    patient = make_patient(name="Seo Yun")
    text = page(
        client,
        f"/visits/new?patient_id={patient.id}&date={day(6)}"
        f"&practitioner_id={practitioner.id}&kind=procedure",
    )
    assert "Book a visit for Seo Yun" in text
    assert f'type="hidden" name="patient_id" value="{patient.id}"' in text
    assert f'value="{day(6)}"' in text
    assert f'<option selected value="{practitioner.id}">Dr Kim</option>' in text
    assert '<option selected value="procedure">' in text
    assert "Time (Asia/Seoul)" in text
    # Without a patient the form offers a choice, and today's date.
    plain = page(client, "/visits/new")
    assert "Choose a patient" in plain and "Seo Yun (#" in plain
    assert f'value="{day(0)}"' in plain


def test_booking_without_patients_points_to_registration(
    client: FlaskClient, login_as: Login
) -> None:
    login_as("receptionist")
    assert "Register the patient" in page(client, "/visits/new")


def test_book_a_visit_shows_on_the_day_view(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    patient = make_patient(name="Seo Yun")
    response = book(client, patient, practitioner)
    assert response.status_code == 303
    [visit] = visits(session)
    assert response.headers["Location"].endswith(f"/visits/{visit.id}")
    assert visit.starts_at == datetime.combine(day(4), time(5, 0), UTC)  # 14:00 in Seoul
    assert (visit.kind, visit.duration_minutes, visit.status) == ("consultation", 30, "booked")

    detail = page(client, f"/visits/{visit.id}")
    assert "Booked Seo Yun: consultation with Dr Kim, Mon 30 Nov 14:00–14:30." in detail
    assert "texts planned" in detail
    on_day = page(client, f"/?date={day(4)}")
    assert "14:00–14:30" in on_day and "Seo Yun" in on_day


def test_book_a_procedure_with_areas_and_threads(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    patient = make_patient()
    response = book(
        client,
        patient,
        practitioner,
        kind="procedure",
        duration_minutes="60",
        areas=["cheeks", "jawline"],
        **{
            "threads-0-type": "cog",
            "threads-0-material": "PDO",
            "threads-0-count": "8",
            "threads-2-type": "mono",
            "threads-2-count": "20",
        },
    )
    assert response.status_code == 303, text_of(response)
    [visit] = visits(session)
    assert visit.areas == ["cheeks", "jawline"]
    assert [(t.type, t.material, t.count) for t in visit.threads] == [
        ("cog", "PDO", 8),
        ("mono", None, 20),
    ]
    detail = page(client, f"/visits/{visit.id}")
    assert "Cheeks, Jawline" in detail and "8 × Cog (barbed) (PDO)" in detail


def test_thread_errors_show_on_their_row(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    response = book(
        client,
        make_patient(),
        practitioner,
        kind="procedure",
        **{"threads-1-type": "cog", "threads-1-count": "999"},
    )
    assert response.status_code == 422
    text = text_of(response)
    assert '<p class="error" id="threads-1-count-err">Count must be 1 to 200.</p>' in text
    assert 'value="999"' in text
    assert visits(session) == []


def test_areas_on_a_consultation_are_refused(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    response = book(client, make_patient(), practitioner, areas=["neck"])
    assert response.status_code == 422
    assert "Only a procedure records treated areas and threads." in text_of(response)
    assert visits(session) == []


def test_missing_fields_are_named(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    response = book(client, make_patient(), practitioner, practitioner_id="", date="", time="")
    assert response.status_code == 422
    text = text_of(response)
    for message in ("Choose a practitioner.", "Choose a date.", "Choose a time."):
        assert message in text
    assert visits(session) == []


def test_double_booking_is_refused_and_names_the_clash(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    busy = make_visit(starts_at=datetime.combine(day(4), time(4, 30), UTC))  # 13:30-14:30
    response = book(client, make_patient(name="Second Patient"), practitioner, time="14:00")
    assert response.status_code == 422
    text = text_of(response)
    assert f"Dr Kim is already booked Mon 30 Nov 13:30-14:30 (procedure, visit #{busy.id})" in text
    assert 'id="time-err"' in text and 'value="14:00"' in text
    assert len(visits(session)) == 1


def test_past_time_is_refused(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    response = book(client, make_patient(), practitioner, date=f"{day(0)}", time="08:30")
    assert response.status_code == 422
    assert "This time has already passed" in text_of(response)
    assert visits(session) == []


def test_post_without_csrf_token_books_nothing(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    patient = make_patient()
    response = client.post(
        "/visits/new",
        data={
            "patient_id": patient.id,
            "practitioner_id": practitioner.id,
            "kind": "consultation",
            "date": f"{day(4)}",
            "time": "14:00",
            "duration_minutes": "30",
        },
    )
    assert response.status_code == 400
    assert visits(session) == []


class TestDaylightSaving:
    """A New York clinic: 02:30 on 14 March 2027 never happens there."""

    @pytest.fixture
    def app_config(self) -> dict[str, Any]:
        return {"CLINIC_TIMEZONE": "America/New_York", "CLINIC_COUNTRY": "US"}

    def test_nonexistent_local_time_is_refused(
        self,
        client: FlaskClient,
        login_as: Login,
        practitioner: Staff,
        make_patient: Callable[..., Patient],
        session: Any,
    ) -> None:
        login_as("receptionist")
        patient = make_patient(phone="(212) 555-0142")
        response = book(client, patient, practitioner, date="2027-03-14", time="02:30")
        assert response.status_code == 422
        text = text_of(response)
        assert "02:30 does not exist on 14 Mar 2027 in America/New_York" in text
        assert "Time (America/New_York)" in text
        assert visits(session) == []

        response = book(client, patient, practitioner, date="2027-03-14", time="03:30")
        assert response.status_code == 303
        [visit] = visits(session)
        assert visit.starts_at == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)  # EDT, UTC-4


def test_move_records_from_and_to(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_staff: Callable[..., Staff],
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    me = login_as("receptionist")
    other = make_staff("clinician", name="Dr Park")
    visit = make_visit(starts_at=datetime.combine(day(4), time(1, 0), UTC))  # 10:00-11:00
    url = f"/visits/{visit.id}/move"
    text = page(client, url)
    assert f'value="{day(4)}"' in text and 'value="10:00"' in text and 'value="60"' in text

    response = client.post(
        url,
        data={
            "date": f"{day(5)}",
            "time": "15:30",
            "duration_minutes": "45",
            "practitioner_id": other.id,
            "csrf_token": csrf_token(client, url),
        },
    )
    assert response.status_code == 303
    [moved] = visits(session)
    assert moved.starts_at == datetime.combine(day(5), time(6, 30), UTC)
    assert moved.practitioner_id == other.id and moved.duration_minutes == 45
    detail = page(client, f"/visits/{visit.id}")
    assert "Moved to Tue 01 Dec 15:30–16:15 with Dr Park." in detail
    moved_line = "from Mon 30 Nov 10:00-11:00 to Tue 01 Dec 15:30-16:15, from Dr Kim to Dr Park"
    assert "<td>Moved</td>" in audit(detail) and moved_line in audit(detail)
    assert f"{me.name} <small>(Front desk)</small>" in audit(detail)


def test_move_into_a_clash_or_the_past_is_refused(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    make_visit(starts_at=datetime.combine(day(4), time(1, 0), UTC))
    visit = make_visit(starts_at=datetime.combine(day(5), time(1, 0), UTC))
    url = f"/visits/{visit.id}/move"
    data = {
        "date": f"{day(4)}",
        "time": "10:30",
        "duration_minutes": "60",
        "practitioner_id": visit.practitioner_id,
    }
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
    assert "Dr Kim is already booked Mon 30 Nov 10:00-11:00" in text_of(response)
    response = client.post(
        url, data={**data, "date": f"{day(-1)}", "csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 422
    assert "already passed" in text_of(response)
    assert visits(session)[1].starts_at == datetime.combine(day(5), time(1, 0), UTC)


def test_cancel_withdraws_texts(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    visit = make_visit(kind="consultation")
    planned = session.scalars(sa.select(Message).where(Message.status == "pending")).all()
    response = act(client, visit, "cancel")
    assert response.status_code == 303
    [cancelled] = visits(session)
    assert cancelled.status == "cancelled"
    pending = session.scalars(sa.select(Message).where(Message.status == "pending")).all()
    assert [m.step for m in pending] == ["cancelled"]  # the patient is told, nothing else
    detail = page(client, f"/visits/{visit.id}")
    assert f"Cancelled. {len(planned)} planned texts withdrawn." in detail
    assert "The patient gets a text saying so." in detail
    assert "Move</a>" not in detail
    # Moving a cancelled visit is not offered and not possible.
    assert client.get(f"/visits/{visit.id}/move").status_code == 303


def test_complete_starts_the_aftercare_plan(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    me = login_as("receptionist")
    visit = make_visit()  # a procedure in three days: done early is allowed, once confirmed
    asked = act(client, visit, "complete")
    assert asked.status_code == 200
    assert "the aftercare plan starts now" in text_of(asked)
    assert visits(session)[0].status == "booked"  # nothing happens before the answer
    token = csrf_token(client, f"/visits/{visit.id}")
    response = client.post(
        f"/visits/{visit.id}/complete", data={"csrf_token": token, "confirmed": "yes"}
    )
    assert response.status_code == 303
    assert visits(session)[0].status == "completed"
    planned = session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.status == "pending")
    ).all()
    assert planned
    detail = page(client, f"/visits/{visit.id}")
    assert f"Completed. The aftercare plan starts now: {len(planned)} texts planned." in detail
    assert "<td>Completed</td>" in audit(detail)
    assert f"{me.name} <small>(Front desk)</small>" in audit(detail)
    patient_page = page(client, f"/patients/{visit.patient_id}")
    assert "Care instructions" in patient_page and "msg-pending" in patient_page

    again = act(client, visit, "complete")
    assert again.status_code == 303
    assert "is completed; it cannot be completed" in page(client, f"/visits/{visit.id}")


def test_no_show_only_after_the_start(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    future = make_visit(kind="consultation")
    assert "Mark no-show</button>" not in page(client, f"/visits/{future.id}")
    act(client, future, "no-show")
    assert visits(session)[0].status == "booked"
    assert "only after its start time" in page(client, f"/visits/{future.id}")

    started = make_visit(
        kind="consultation", now=NOW - timedelta(hours=3), starts_at=NOW - timedelta(hours=1)
    )
    assert "Mark no-show</button>" in page(client, f"/visits/{started.id}")
    assert act(client, started, "no-show").status_code == 303
    assert visits(session)[1].status == "no_show"
    assert "Marked as a no-show." in page(client, f"/visits/{started.id}")


def test_confirm_once(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    me = login_as("receptionist")
    visit = make_visit(kind="consultation")
    act(client, visit, "confirm")
    assert visits(session)[0].status == "confirmed"
    detail = page(client, f"/visits/{visit.id}")
    assert "Confirmed: the patient said they will come." in detail
    assert "<td>Confirmed</td>" in audit(detail) and "front desk" in audit(detail)
    assert f"{me.name} <small>(Front desk)</small>" in audit(detail)
    act(client, visit, "confirm")
    assert "only a booked visit can be confirmed" in page(client, f"/visits/{visit.id}")


def test_actions_need_a_csrf_token(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    visit = make_visit()
    for action in ("cancel", "complete", "confirm"):
        assert client.post(f"/visits/{visit.id}/{action}").status_code == 400
    assert visits(session)[0].status == "booked"


def test_audit_trail_shows_who_did_what(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    me = login_as("clinician")
    response = book(client, make_patient(), practitioner)
    [visit] = visits(session)
    act(client, visit, "confirm")
    detail = page(client, response.headers["Location"])
    trail = audit(detail)
    assert "<td>Booked</td>" in trail and "<td>Confirmed</td>" in trail
    assert "consultation with Dr Kim, Mon 30 Nov 14:00-14:30" in trail
    assert trail.count(f"{me.name} <small>(Clinician)</small>") == 2
    assert trail.count("<td>26 Nov 2026, 09:00</td>") == 2  # when, in the clinic's zone


def test_unknown_visit_is_404(client: FlaskClient, login_as: Login) -> None:
    login_as("receptionist")
    assert "No visit 999" in page(client, "/visits/999", 404)
    page(client, "/visits/999/move", 404)
    token = csrf_token(client, "/visits/new")
    assert client.post("/visits/999/cancel", data={"csrf_token": token}).status_code == 404
