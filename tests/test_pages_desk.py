"""The day view as a receptionist sees it."""

from collections.abc import Callable
from datetime import UTC, datetime, time
from typing import Any

import pytest
from flask.testing import FlaskClient

from clinic.models import Staff, Visit
from clinic.schedule import DAYS, set_hours
from tests.conftest import NOW, day, page

Login = Callable[[str], Staff]


def test_signed_out_is_sent_to_login(client: FlaskClient) -> None:
    for url in ("/", f"/?date={day(1)}"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["receptionist", "clinician", "admin"])
def test_every_role_sees_the_day(client: FlaskClient, login_as: Login, role: str) -> None:
    login_as(role)
    assert "Thursday 26 November 2026" in page(client, "/")


def test_empty_day_says_what_to_do(
    client: FlaskClient, login_as: Login, practitioner: Staff
) -> None:
    login_as("receptionist")
    text = page(client, f"/?date={day(5)}")
    assert "No visits on Tuesday 01 December" in text
    assert "Book a visit" in text
    assert "Free all day" in text
    assert f"/visits/new?date={day(5)}" in text


def test_no_practitioners_explains_how_to_add_one(client: FlaskClient, login_as: Login) -> None:
    login_as("receptionist")
    assert "No practitioners yet" in page(client, "/")


def test_visit_shows_on_its_clinic_local_day(
    client: FlaskClient, login_as: Login, make_visit: Callable[..., Visit]
) -> None:
    login_as("receptionist")
    # 15:30 UTC on the 29th is 00:30 on the 30th in Seoul.
    visit = make_visit(starts_at=datetime.combine(day(3), time(15, 30), UTC), kind="consultation")
    on_day = page(client, f"/?date={day(4)}")
    assert "00:30–01:30" in on_day
    assert visit.patient.name in on_day
    assert f"/visits/{visit.id}" in on_day
    assert "kind-consultation status-booked" in on_day
    assert visit.patient.name not in page(client, f"/?date={day(3)}")


def test_one_column_per_practitioner_and_filter(
    client: FlaskClient,
    login_as: Login,
    make_staff: Callable[..., Staff],
    practitioner: Staff,
    make_visit: Callable[..., Visit],
) -> None:
    login_as("receptionist")
    other = make_staff("clinician", name="Dr Park")
    start = datetime.combine(day(1), time(1, 0), UTC)  # 10:00 in Seoul
    mine = make_visit(starts_at=start)
    theirs = make_visit(starts_at=start, who=other)
    both = page(client, f"/?date={day(1)}")
    assert "Dr Kim" in both and "Dr Park" in both
    assert mine.patient.name in both and theirs.patient.name in both
    assert "2 visits booked" in both

    only_park = page(client, f"/?date={day(1)}&practitioner_id={other.id}")
    assert theirs.patient.name in only_park
    assert mine.patient.name not in only_park
    # Navigation keeps the filter.
    assert f"date={day(2)}&amp;practitioner_id={other.id}" in client.get(
        f"/?date={day(1)}&practitioner_id={other.id}"
    ).get_data(as_text=True)


def test_day_navigation_links(client: FlaskClient, login_as: Login, practitioner: Staff) -> None:
    login_as("receptionist")
    text = page(client, f"/?date={day(35)}")
    assert f"/?date={day(34)}" in text
    assert "/?date=2027-01-01" in text
    assert ">Today</a>" in text
    assert f'type="date" id="pick-date" name="date" value="{day(35)}"' in text
    assert "(today)" in page(client, "/")


def test_cancelled_visit_is_shown_muted_and_not_counted(
    client: FlaskClient, login_as: Login, make_visit: Callable[..., Visit], session: Any
) -> None:
    login_as("receptionist")
    visit = make_visit(starts_at=datetime.combine(day(1), time(1, 0), UTC))
    visit.status = "cancelled"
    session.commit()
    text = page(client, f"/?date={day(1)}")
    assert "status-cancelled" in text
    assert "No visits on Friday 27 November" in text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("date=2026-13-45", 400, "is not a date"),
        ("date=tomorrow", 400, "YYYY-MM-DD"),
        ("practitioner_id=abc", 400, "practitioner"),
        ("practitioner_id=999", 404, "No practitioner 999"),
    ],
)
def test_bad_query_is_a_clear_error_not_500(
    client: FlaskClient, login_as: Login, query: str, status: int, message: str
) -> None:
    login_as("receptionist")
    assert message in page(client, f"/?{query}", status)


def test_the_day_shows_every_change_at_once(
    client: FlaskClient,
    login_as: Login,
    make_visit: Callable[..., Visit],
    practitioner: Staff,
    session: Any,
) -> None:
    # The grid is rendered once per content; any change to what it shows renders it anew.
    login_as("receptionist")
    url = f"/?date={day(1)}"
    first = make_visit(starts_at=datetime.combine(day(1), time(1, 0), UTC))
    assert first.patient.name in page(client, url)
    assert "1 visit booked" in page(client, url)

    second = make_visit(starts_at=datetime.combine(day(1), time(3, 0), UTC))
    text = page(client, url)
    assert second.patient.name in text and "2 visits booked" in text

    first.patient.name = "Renamed Patient"
    session.commit()
    assert "Renamed Patient" in page(client, url)

    second.status = "confirmed"
    session.commit()
    assert "status-confirmed" in page(client, url)

    practitioner.name = "Dr Renamed"
    session.commit()
    assert "Dr Renamed" in page(client, url)

    free_before = page(client, url).count("slot free")
    # Working only 10:00-12:00 (Seoul) that day leaves fewer free half hours.
    set_hours(session, practitioner, {d: [["10:00", "12:00"]] for d in DAYS}, None, NOW)
    session.commit()
    free_after = page(client, url).count("slot free")
    assert free_after < free_before
