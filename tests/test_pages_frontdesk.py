"""The front desk's pages: completing early asks first, undo, walk-ins, hours and next free slot."""

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.models import Message, Patient, Staff, Visit
from clinic.schedule import set_hours
from tests.conftest import NOW, day, page
from tests.test_pages_visits import act, book, text_of, visits

Login = Callable[[str], Staff]
WEEKDAYS = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def test_completing_soon_needs_no_question_and_undo_works_today(
    client: FlaskClient, login_as: Login, make_visit: Callable[..., Visit], session: Any
) -> None:
    login_as("receptionist")
    visit = make_visit(starts_at=NOW + timedelta(minutes=20))
    assert act(client, visit, "complete").status_code == 303
    detail = page(client, f"/visits/{visit.id}")
    assert "Undo completion" in detail
    aftercare = session.scalars(
        sa.select(Message).where(Message.visit_id == visit.id, Message.kind == "check")
    ).all()
    assert aftercare
    assert act(client, visit, "reopen").status_code == 303
    detail = text_of(client.get(f"/visits/{visit.id}"))
    assert "Completion undone: the visit is booked again" in detail
    assert visits(session)[0].status == "booked"
    session.expire_all()
    assert {m.status for m in aftercare} == {"cancelled"}
    assert "reopened" in detail and "completion undone" in detail


def test_undo_is_offered_only_on_the_day_of_completion(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    clock: Any,
) -> None:
    login_as("receptionist")
    visit = make_visit(starts_at=NOW + timedelta(minutes=10))
    act(client, visit, "complete")
    clock.move_to(NOW + timedelta(days=1))
    assert "Undo completion" not in page(client, f"/visits/{visit.id}")
    act(client, visit, "reopen")
    assert "can be undone only on the day" in text_of(client.get(f"/visits/{visit.id}"))


def test_walk_in_is_booked_earlier_today_with_the_checkbox(
    client: FlaskClient,
    login_as: Login,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
    session: Any,
    clock: Any,
) -> None:
    login_as("receptionist")
    clock.move_to(NOW + timedelta(hours=2))  # 11:00 in Seoul
    patient = make_patient()
    refused = book(client, patient, practitioner, date=f"{day(0)}", time="10:30")
    assert refused.status_code == 422 and "already passed" in text_of(refused)
    walk_in = book(client, patient, practitioner, date=f"{day(0)}", time="10:30", walk_in="y")
    assert walk_in.status_code == 303
    [visit] = visits(session)
    assert visit.starts_at == datetime.combine(day(0), time(1, 30), UTC)
    assert "(walk-in)" in page(client, f"/visits/{visit.id}")


def test_a_refused_time_names_the_hours_and_offers_the_next_free_slot(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("receptionist")
    dr = make_staff("clinician", name="Dr Han")
    set_hours(session, dr, {**WEEKDAYS, "sat": [], "sun": []}, None, NOW)
    session.commit()
    saturday = next(day(n) for n in range(1, 8) if day(n).weekday() == 5)
    response = book(client, make_patient(), dr, date=f"{saturday}", time="10:00")
    assert response.status_code == 422
    text = " ".join(text_of(response).split())
    assert "Dr Han works on Sat not at all (day off)" in text
    monday = saturday + timedelta(days=2)
    assert f"Next free time: <strong>{monday:%a %d %b}, 09:00</strong> with Dr Han" in text
    assert f"date={monday}" in text and "time=09:00" in text
    # The offered link fills the form with that time.
    link = f"/visits/new?practitioner_id={dr.id}&date={monday}&time=09:00"
    assert 'value="09:00"' in page(client, link)
    assert visits(session) == []


def test_an_admin_may_override_working_hours(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("admin")
    dr = make_staff("clinician", name="Dr Han")
    saturday = next(day(n) for n in range(1, 8) if day(n).weekday() == 5)
    set_hours(session, dr, {**WEEKDAYS, "sat": [], "sun": []}, None, NOW)
    session.commit()
    patient = make_patient()
    assert "Book outside working hours" in page(client, "/visits/new")
    response = book(client, patient, dr, date=f"{saturday}", time="10:00", override="y")
    assert response.status_code == 303
    [visit] = visits(session)
    assert "admin override" in page(client, f"/visits/{visit.id}")


def test_receptionist_gets_no_override_box(
    client: FlaskClient, login_as: Login, make_patient: Callable[..., Patient]
) -> None:
    login_as("receptionist")
    make_patient()
    text = page(client, "/visits/new")
    assert "Walk-in" in text and "Book outside working hours" not in text
