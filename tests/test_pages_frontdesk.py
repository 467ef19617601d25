"""The front desk's pages: completing early asks first, undo, walk-ins, hours and next free slot."""

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from clinic.models import Message, Patient, Staff, Visit
from clinic.schedule import set_hours
from tests.conftest import NOW, csrf_token, day, page
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
    assert "Completion undone" in detail and "completion undone; visit booked again" in detail


def sign_in_again(client: FlaskClient, login_as: Login, role: str) -> None:
    """Start a new session after the clock moved past the idle limit."""
    client.delete_cookie("session")
    # The test holds one app context for all its requests, so Flask-Login's user and
    # Flask-WTF's token of the ended session are still in `g`.
    g.pop("_login_user", None)
    g.pop("csrf_token", None)
    login_as(role)


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
    sign_in_again(client, login_as, "receptionist")  # yesterday's session has ended
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
    clock.move_to(NOW + timedelta(hours=2))  # 11:00 in Seoul
    login_as("receptionist")
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


def _hours_form(client: FlaskClient, staff: Staff, **days: str) -> Any:
    token = csrf_token(client, "/admin/schedule")
    data = {f"p{staff.id}-{d}": "09:00-18:00" for d in ("mon", "tue", "wed", "thu", "fri")}
    data.update({f"p{staff.id}-{d}": v for d, v in days.items()})
    data["csrf_token"] = token
    return client.post(f"/admin/schedule/{staff.id}/hours", data=data)


def test_admin_sets_hours_and_closed_days_on_the_schedule_page(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    login_as("admin")
    dr = make_staff("clinician", name="Dr Han")
    text = page(client, "/admin/schedule")
    assert "Dr Han" in text and 'value="08:00-20:00"' in text
    bad = _hours_form(client, dr, sat="10 to 2")
    assert bad.status_code == 422 and "Write it as 09:00-18:00" in text_of(bad)
    saved = _hours_form(client, dr, sat="10:00-12:00, 13:00-14:00", sun="")
    assert saved.status_code == 303
    text = page(client, "/admin/schedule")
    assert 'value="10:00-12:00, 13:00-14:00"' in text
    tuesday = next(day(n) for n in range(1, 8) if day(n).weekday() == 1)
    token = csrf_token(client, "/admin/schedule")
    closed = client.post(
        "/admin/schedule/closed",
        data={"day": f"{tuesday}", "reason": "Staff training", "csrf_token": token},
    )
    assert closed.status_code == 303
    assert "Staff training" in page(client, "/admin/schedule")
    refused = book(client, make_patient(), dr, date=f"{tuesday}", time="10:00")
    assert "The clinic is closed on" in text_of(refused) and "Staff training" in text_of(refused)


def test_schedule_and_no_show_pages_are_for_admins_only(
    client: FlaskClient, login_as: Login
) -> None:
    login_as("receptionist")
    assert client.get("/admin/schedule").status_code == 403
    assert client.get("/admin/no-shows").status_code == 403


def test_no_show_report_page_shows_count_and_rate(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    session: Any,
    clock: Any,
) -> None:
    login_as("admin")
    missed = make_visit(starts_at=NOW + timedelta(hours=1))
    kept = make_visit(starts_at=NOW + timedelta(hours=3))
    clock.move_to(NOW + timedelta(hours=5))
    sign_in_again(client, login_as, "admin")  # the first session has ended
    act(client, missed, "no-show")
    act(client, kept, "complete")
    text = " ".join(text_of(client.get("/admin/no-shows")).split())
    assert f'<td data-label="Month">{NOW:%Y-%m}</td>' in text
    assert '<td data-label="Visits due">2</td> <td data-label="No-shows">1</td>' in text
    assert '<td data-label="Rate">50%</td>' in text


def _grid_text(client: FlaskClient, url: str) -> str:
    return " ".join(text_of(client.get(url)).split())


def test_day_view_is_a_time_grid_with_free_time_and_a_week_link(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    dr = make_staff("clinician", name="Dr Han")
    monday = next(day(n) for n in range(1, 8) if day(n).weekday() == 0)
    set_hours(session, dr, {**WEEKDAYS, "sat": [], "sun": []}, None, NOW)
    session.commit()
    visit = make_visit(
        starts_at=datetime.combine(monday, time(1, 0), UTC), who=dr, duration_minutes=60
    )  # 10:00-11:00 in Seoul
    text = _grid_text(client, f"/?date={monday}&practitioner_id={dr.id}")
    assert '<th scope="row" class="time">09:00</th>' in text  # the grid follows the hours
    assert '<th scope="row" class="time">17:30</th>' in text
    assert '<th scope="row" class="time">18:00</th>' not in text
    busy = '<td rowspan="2" class="slot busy"> <a class="visit kind-procedure status-booked"'
    assert f'{busy} href="/visits/{visit.id}">' in text
    free = f"/visits/new?date={monday}&time=11:00&practitioner_id={dr.id}"
    assert free in text  # free time is a link that books it
    assert f"/week?practitioner_id={dr.id}" in text


def test_week_view_shows_hours_visits_and_free_time(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    make_visit: Callable[..., Visit],
    session: Any,
) -> None:
    login_as("receptionist")
    dr = make_staff("clinician", name="Dr Han")
    set_hours(session, dr, {**WEEKDAYS, "sat": [], "sun": []}, None, NOW)
    session.commit()
    monday = next(day(n) for n in range(1, 8) if day(n).weekday() == 0)
    visit = make_visit(starts_at=datetime.combine(monday, time(1, 0), UTC), who=dr)
    text = _grid_text(client, f"/week?practitioner_id={dr.id}&date={monday}")
    assert f"Dr Han · week of {monday:%d %B %Y}" in text
    assert "09:00–18:00 · <strong>8 h 0 min free</strong>" in text  # Monday: 9 h less 1 h
    assert "09:00–18:00 · <strong>9 h 0 min free</strong>" in text  # the other weekdays
    assert text.count("Not working") == 2
    assert visit.patient.name in text
    assert client.get("/week?practitioner_id=99999").status_code == 404


def test_next_free_slot_is_found_from_the_day_view(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    session: Any,
) -> None:
    login_as("receptionist")
    dr = make_staff("clinician", name="Dr Han")
    set_hours(session, dr, {**WEEKDAYS, "sat": [], "sun": []}, None, NOW)
    session.commit()
    saturday = next(day(n) for n in range(1, 8) if day(n).weekday() == 5)
    text = _grid_text(client, f"/?date={saturday}&practitioner_id={dr.id}&kind=procedure&find=60")
    monday = saturday + timedelta(days=2)
    assert f"Next free slot: <strong>{monday:%a %d %b}, 09:00</strong> with Dr Han" in text
    assert "kind=procedure" in text and "duration_minutes=60" in text
    bad = _grid_text(client, f"/?practitioner_id={dr.id}&find=1000")
    assert "Choose a length of 5 to 480 minutes." in bad
