"""Booking rules: no double booking (also under concurrency), no past visits, DST-safe times."""

import threading
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from clinic.errors import Conflict, InvalidInput
from clinic.extensions import db
from clinic.models import Visit
from clinic.timeutil import NonexistentLocalTime, local_datetime
from clinic.visits import (
    VisitInput,
    book_visit,
    cancel_visit,
    complete_visit,
    mark_no_show,
    move_visit,
    visits_on,
)
from tests.conftest import NOW, day

SEOUL = ZoneInfo("Asia/Seoul")


def at_seoul(day: date, hh: int, mm: int = 0) -> datetime:
    return local_datetime(day, time(hh, mm), SEOUL)


TOMORROW = day(1)


def test_overlapping_booking_is_refused_naming_the_clash(
    make_visit: Any, make_patient: Any
) -> None:
    first = make_visit(starts_at=at_seoul(TOMORROW, 10), duration_minutes=60)
    with pytest.raises(Conflict) as caught:
        make_visit(make_patient(), starts_at=at_seoul(TOMORROW, 10, 30), duration_minutes=30)
    assert "Dr Kim is already booked" in caught.value.message
    assert "10:00-11:00" in caught.value.message
    assert f"visit #{first.id}" in caught.value.message


def test_back_to_back_visits_are_fine(make_visit: Any, make_patient: Any) -> None:
    make_visit(starts_at=at_seoul(TOMORROW, 10), duration_minutes=60)
    second = make_visit(make_patient(), starts_at=at_seoul(TOMORROW, 11), duration_minutes=30)
    assert second.status == "booked"


def test_other_practitioner_same_time_is_fine(
    make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    make_visit(starts_at=at_seoul(TOMORROW, 10))
    other = make_staff("clinician", name="Dr Park")
    visit = make_visit(make_patient(), starts_at=at_seoul(TOMORROW, 10), who=other)
    assert visit.practitioner.name == "Dr Park"


def test_patient_cannot_be_in_two_visits_at_once(
    make_visit: Any, make_patient: Any, make_staff: Any
) -> None:
    patient = make_patient()
    make_visit(patient, starts_at=at_seoul(TOMORROW, 10))
    other = make_staff("clinician", name="Dr Park")
    with pytest.raises(Conflict, match="This patient already has a visit"):
        make_visit(patient, starts_at=at_seoul(TOMORROW, 10, 15), who=other)


def test_cancelled_visit_frees_its_slot(
    session: Any, settings: Any, make_visit: Any, make_patient: Any
) -> None:
    first = make_visit(starts_at=at_seoul(TOMORROW, 10))
    cancel_visit(session, settings, first, None, NOW)
    session.commit()
    assert make_visit(make_patient(), starts_at=at_seoul(TOMORROW, 10)).status == "booked"


def test_booking_in_the_past_is_refused(make_visit: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_visit(starts_at=NOW - timedelta(minutes=1))
    assert "already passed" in caught.value.errors["starts_at"]


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_duration_out_of_range_is_refused(make_visit: Any, minutes: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_visit(duration_minutes=minutes)
    assert "duration_minutes" in caught.value.errors


def test_receptionist_cannot_be_booked(make_visit: Any, make_staff: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        make_visit(who=make_staff("receptionist"))
    assert "practitioner_id" in caught.value.errors


def test_consultation_with_threads_is_refused(make_visit: Any) -> None:
    from clinic.visits import ThreadInput

    with pytest.raises(InvalidInput) as caught:
        make_visit(kind="consultation", threads=[ThreadInput("cog", 4)])
    assert "procedure" in caught.value.errors


def _race(app: Flask, inputs: list[VisitInput]) -> list[str]:
    """Book each input from its own thread and session at the same moment."""
    barrier = threading.Barrier(len(inputs))
    results: list[str] = [""] * len(inputs)

    def run(i: int) -> None:
        with app.app_context():
            settings = app.extensions["clinic_settings"]
            barrier.wait()
            try:
                book_visit(db.session, settings, inputs[i], None, NOW)
                db.session.commit()
                results[i] = "booked"
            except Conflict:
                db.session.rollback()
                results[i] = "conflict"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_bookings_of_one_slot_book_exactly_one(
    app: Flask, session: Any, practitioner: Any, make_patient: Any
) -> None:
    patients = [make_patient() for _ in range(4)]
    start = at_seoul(TOMORROW, 14)
    inputs = [
        VisitInput(p.id, practitioner.id, "consultation", start + timedelta(minutes=10 * i), 60)
        for i, p in enumerate(patients)
    ]
    results = _race(app, inputs)
    assert sorted(results) == ["booked", "conflict", "conflict", "conflict"]
    session.expire_all()
    assert len(visits_on(session, app.extensions["clinic_settings"], TOMORROW)) == 1


@pytest.mark.clinic_zone("America/New_York")
def test_visit_after_dst_change_is_stored_at_the_right_instant(
    session: Any, settings: Any, make_visit: Any
) -> None:
    # Clocks go forward on Sun 8 Mar 2026; 10:00 on the 9th is EDT (UTC-4), not EST.
    now = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    starts = local_datetime(day(-262), time(10, 0), settings.timezone, strict=True)
    visit = make_visit(starts_at=starts, now=now)
    session.expire_all()
    stored = session.get(Visit, visit.id)
    assert stored.starts_at == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
    assert stored.starts_at.astimezone(settings.timezone).hour == 10
    assert [v.id for v in visits_on(session, settings, day(-262))] == [visit.id]


@pytest.mark.clinic_zone("America/New_York")
def test_time_skipped_by_dst_is_reported(settings: Any) -> None:
    with pytest.raises(NonexistentLocalTime):
        local_datetime(day(-263), time(2, 30), settings.timezone, strict=True)


def test_move_checks_clashes_and_records_from_and_to(
    session: Any, settings: Any, make_visit: Any, make_patient: Any
) -> None:
    first = make_visit(starts_at=at_seoul(TOMORROW, 10))
    second = make_visit(make_patient(), starts_at=at_seoul(TOMORROW, 12))
    with pytest.raises(Conflict):
        move_visit(
            session, settings, second, staff=None, now=NOW, starts_at=at_seoul(TOMORROW, 10, 30)
        )
    session.rollback()
    move_visit(session, settings, second, staff=None, now=NOW, starts_at=at_seoul(TOMORROW, 15))
    session.commit()
    assert second.events[-1].action == "moved"
    assert "12:00-13:00" in second.events[-1].detail and "15:00-16:00" in second.events[-1].detail
    assert first.status == "booked"


def test_moving_into_the_past_is_refused(session: Any, settings: Any, make_visit: Any) -> None:
    visit = make_visit()
    with pytest.raises(InvalidInput):
        move_visit(
            session, settings, visit, staff=None, now=NOW, starts_at=NOW - timedelta(hours=1)
        )


def test_complete_is_allowed_before_the_booked_start_and_only_once(
    session: Any, settings: Any, make_visit: Any
) -> None:
    visit = make_visit()
    complete_visit(session, settings, visit, None, NOW + timedelta(hours=1))
    session.commit()
    assert visit.status == "completed" and visit.completed_at == NOW + timedelta(hours=1)
    with pytest.raises(Conflict, match="completed"):
        complete_visit(session, settings, visit, None, NOW + timedelta(hours=2))
    with pytest.raises(Conflict):
        cancel_visit(session, settings, visit, None, NOW + timedelta(hours=2))


def test_no_show_only_after_the_start(session: Any, settings: Any, make_visit: Any) -> None:
    visit = make_visit()
    with pytest.raises(Conflict, match="after its start"):
        mark_no_show(session, settings, visit, None, NOW)
    mark_no_show(session, settings, visit, None, visit.starts_at + timedelta(minutes=20))
    assert visit.status == "no_show"


def test_audit_trail_records_who_and_what(
    session: Any, settings: Any, make_visit: Any, make_staff: Any
) -> None:
    desk = make_staff("receptionist", name="Mina Desk")
    visit = make_visit()
    move_visit(session, settings, visit, staff=desk, now=NOW, duration_minutes=90)
    cancel_visit(session, settings, visit, desk, NOW, reason="patient asked")
    session.commit()
    assert [(e.action, e.staff.name if e.staff else None) for e in visit.events] == [
        ("booked", None),
        ("moved", "Mina Desk"),
        ("cancelled", "Mina Desk"),
    ]
    assert visit.events[-1].detail == "patient asked"
