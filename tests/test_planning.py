"""Planning the outbox: which texts a visit owes, when, and how changes move them."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from clinic.models import Message
from clinic.outbox import sync_visit_texts
from clinic.patients import PatientInput, opt_in, opt_out, update_patient
from clinic.timeutil import local_datetime
from clinic.visits import ThreadInput, cancel_visit, complete_visit, move_visit
from tests.conftest import NOW, day

SEOUL = ZoneInfo("Asia/Seoul")
DAY3 = day(6)  # Wed, the visit day used below


def texts(session: Any, patient: Any, status: str | None = None) -> dict[str, Message]:
    query = sa.select(Message).where(Message.patient_id == patient.id)
    if status:
        query = query.where(Message.status == status)
    return {m.step: m for m in session.scalars(query.order_by(Message.send_at))}


def local(moment: datetime) -> datetime:
    return moment.astimezone(SEOUL)


def test_booking_plans_confirmation_reminder_and_prep(session: Any, make_visit: Any) -> None:
    start = local_datetime(DAY3, time(14), SEOUL)
    visit = make_visit(starts_at=start)
    planned = texts(session, visit.patient)
    assert set(planned) == {"confirmation", "reminder", "same_day_reminder", "procedure_prep"}
    assert planned["confirmation"].send_at == NOW
    # SAME_DAY_REMINDER_HOURS (2) before the visit.
    assert planned["same_day_reminder"].send_at == start - timedelta(hours=2)
    assert local(planned["reminder"].send_at) == datetime.combine(day(5), time(10, 0), SEOUL)
    assert local(planned["procedure_prep"].send_at) == datetime.combine(day(5), time(18, 0), SEOUL)
    # Each is useless once the visit starts.
    assert planned["reminder"].expires_at == min(planned["reminder"].send_at + timedelta(1), start)
    assert "2:00 PM" in planned["reminder"].body and "Dec" in planned["reminder"].body


def test_consultation_gets_no_procedure_prep(session: Any, make_visit: Any) -> None:
    visit = make_visit(kind="consultation", starts_at=local_datetime(DAY3, time(11), SEOUL))
    assert set(texts(session, visit.patient)) == {"confirmation", "reminder", "same_day_reminder"}


def test_visit_tomorrow_morning_gets_no_reminder_older_than_the_booking(
    session: Any, make_visit: Any
) -> None:
    # Booked at 09:00 for 09:30 tomorrow: the 10:00 reminder today is still useful.
    visit = make_visit(starts_at=local_datetime(day(1), time(9, 30), SEOUL))
    reminder = texts(session, visit.patient)["reminder"]
    assert local(reminder.send_at) == datetime.combine(day(0), time(10, 0), SEOUL)
    # Booked for later today: the reminder "the day before" would predate the booking.
    other = make_visit(starts_at=NOW + timedelta(hours=6))
    assert "reminder" not in texts(session, other.patient)


def test_no_consent_plans_nothing_and_consent_later_plans_what_is_useful(
    session: Any, settings: Any, make_patient: Any, make_visit: Any
) -> None:
    patient = make_patient(sms_consent=False)
    make_visit(patient, starts_at=local_datetime(DAY3, time(14), SEOUL))
    assert texts(session, patient, "pending") == {}
    later = NOW + timedelta(days=1)
    data = PatientInput(name=patient.name, phone=patient.phone, language="en", sms_consent=True)
    update_patient(session, settings, patient, data, None, later)
    session.commit()
    pending = texts(session, patient, "pending")
    # The confirmation was useful only until the visit; the reminder is still ahead.
    assert set(pending) == {"confirmation", "reminder", "same_day_reminder", "procedure_prep"}
    withdraw = PatientInput(name=patient.name, phone=patient.phone, sms_consent=False)
    update_patient(session, settings, patient, withdraw, None, later)
    session.commit()
    assert texts(session, patient, "pending") == {}
    assert {m.status_note for m in texts(session, patient).values()} == {"no SMS consent"}


def test_moving_a_visit_moves_its_reminder(session: Any, settings: Any, make_visit: Any) -> None:
    visit = make_visit(starts_at=local_datetime(DAY3, time(14), SEOUL))
    move_visit(
        session,
        settings,
        visit,
        staff=None,
        now=NOW,
        starts_at=local_datetime(day(13), time(11), SEOUL),
    )
    session.commit()
    pending = [m for m in texts_all(session, visit) if m.status == "pending"]
    reminders = [m for m in pending if m.step == "reminder"]
    assert [local(m.send_at) for m in reminders] == [datetime.combine(day(12), time(10, 0), SEOUL)]
    assert "Wed 9 Dec" in reminders[0].body
    assert [local(m.send_at) for m in pending if m.step == "rescheduled"] == [local(NOW)]
    old = [m for m in texts_all(session, visit) if m.step == "reminder" and m.status == "cancelled"]
    assert [local(m.send_at).date() for m in old] == [day(5)]
    # Moving back revives the original row rather than adding a third.
    move_visit(
        session,
        settings,
        visit,
        staff=None,
        now=NOW,
        starts_at=local_datetime(DAY3, time(14), SEOUL),
    )
    session.commit()
    assert len([m for m in texts_all(session, visit) if m.step == "reminder"]) == 2


def texts_all(session: Any, visit: Any) -> list[Message]:
    return list(session.scalars(sa.select(Message).where(Message.visit_id == visit.id)))


def test_cancel_cancels_pending_texts(session: Any, settings: Any, make_visit: Any) -> None:
    visit = make_visit()
    cancel_visit(session, settings, visit, None, NOW)
    session.commit()
    texts = texts_all(session, visit)
    planned = [m for m in texts if m.step != "cancelled"]
    assert {m.status for m in planned} == {"cancelled"}
    assert {m.status_note for m in planned} == {"visit cancelled"}
    # The patient is told instead, at once, in their language.
    [notice] = [m for m in texts if m.step == "cancelled"]
    assert notice.status == "pending" and notice.send_at == NOW
    assert "has been cancelled" in notice.body


def test_a_visit_cancelled_after_its_start_sends_no_notice(
    session: Any, settings: Any, make_visit: Any
) -> None:
    visit = make_visit()
    cancel_visit(session, settings, visit, None, visit.starts_at + timedelta(minutes=5))
    session.commit()
    assert [m for m in texts_all(session, visit) if m.step == "cancelled"] == []


def test_completing_starts_aftercare_from_that_moment(
    session: Any, settings: Any, make_visit: Any
) -> None:
    visit = make_visit(starts_at=local_datetime(DAY3, time(14), SEOUL))
    done_at = local_datetime(day(1), time(15, 30), SEOUL)  # a day early
    complete_visit(session, settings, visit, None, done_at)
    session.commit()
    pending = {m.step: m for m in texts_all(session, visit) if m.status == "pending"}
    assert set(pending) == {
        "care_instructions",
        "day1_check",
        "day3_check",
        "day7_check",
        "day14_check",
        "followup_invite",
    }
    assert pending["care_instructions"].send_at == done_at
    assert local(pending["day3_check"].send_at) == datetime.combine(day(4), time(10, 0), SEOUL)
    assert local(pending["followup_invite"].send_at).date() == day(29)
    reminders = [m for m in texts_all(session, visit) if m.step == "reminder"]
    assert [m.status for m in reminders] == ["cancelled"]


@pytest.mark.parametrize(
    ("profile", "threads", "areas", "extra"),
    [
        ({}, [ThreadInput("mono", 10)], ["neck"], set()),
        (
            {"birth_year": 1970},
            [ThreadInput("mono", 10)],
            ["neck"],
            {"day2_infection_check", "day5_dimple_check"},
        ),
        ({"skin_thickness": "thin"}, [ThreadInput("mono", 10)], ["neck"], {"day10_thread_check"}),
        ({"elasticity": "low"}, [ThreadInput("mono", 10)], ["neck"], {"day10_thread_check"}),
        (
            {"cheek_volume": "low"},
            [ThreadInput("mono", 10)],
            ["cheeks"],
            {"day5_dimple_check", "day21_hollow_check"},
        ),
        ({"cheek_volume": "low"}, [ThreadInput("mono", 10)], ["brow"], {"day5_dimple_check"}),
        ({}, [ThreadInput("cog", 4, "PDO")], ["jawline"], {"day5_dimple_check"}),
    ],
)
def test_plan_adapts_to_the_patient_and_the_procedure(
    session: Any,
    settings: Any,
    make_patient: Any,
    make_visit: Any,
    profile: dict[str, Any],
    threads: list[ThreadInput],
    areas: list[str],
    extra: set[str],
) -> None:
    patient = make_patient(**profile)
    visit = make_visit(patient, threads=threads, areas=areas)
    complete_visit(session, settings, visit, None, NOW + timedelta(hours=1))
    session.commit()
    base = {
        "care_instructions",
        "day1_check",
        "day3_check",
        "day7_check",
        "day14_check",
        "followup_invite",
    }
    steps = {m.step for m in texts_all(session, visit) if m.status == "pending"}
    assert steps == base | extra


def test_planning_twice_changes_nothing(session: Any, settings: Any, make_visit: Any) -> None:
    visit = make_visit()
    before = {(m.key, m.status, m.send_at) for m in texts_all(session, visit)}
    sync_visit_texts(session, settings, visit, NOW)
    sync_visit_texts(session, settings, visit, NOW)
    session.commit()
    assert {(m.key, m.status, m.send_at) for m in texts_all(session, visit)} == before


def test_korean_patient_gets_korean_texts(session: Any, make_patient: Any, make_visit: Any) -> None:
    patient = make_patient(name="김민지", language="ko")
    make_visit(patient, starts_at=local_datetime(DAY3, time(14), SEOUL))
    body = texts(session, patient)["reminder"].body
    assert "민지" in body and "김민지" not in body
    assert "오후 2:00" in body


def test_opt_out_stops_everything_and_opt_in_replans(
    session: Any, settings: Any, make_visit: Any
) -> None:
    visit = make_visit(starts_at=local_datetime(DAY3, time(14), SEOUL))
    patient = visit.patient
    assert opt_out(session, patient, NOW) == 4
    session.commit()
    assert texts(session, patient, "pending") == {}
    assert opt_in(session, settings, patient, NOW + timedelta(hours=1))
    session.commit()
    assert set(texts(session, patient, "pending")) == {
        "confirmation",
        "reminder",
        "same_day_reminder",
        "procedure_prep",
    }


@pytest.mark.clinic_zone("America/New_York")
def test_day3_check_is_at_10_local_across_a_dst_change(
    session: Any, settings: Any, make_visit: Any
) -> None:
    # Completed Fri 6 Mar 2026 (EST); day 3 is Mon 9 Mar, after clocks went forward.
    now = datetime.combine(day(-269), time(15, 0), UTC)
    visit = make_visit(starts_at=datetime.combine(day(-265), time(15, 0), UTC), now=now)
    done = datetime.combine(day(-265), time(16, 0), UTC)
    complete_visit(session, settings, visit, None, done)
    session.commit()
    steps = {m.step: m for m in texts_all(session, visit) if m.status == "pending"}
    assert steps["day1_check"].send_at == datetime.combine(day(-264), time(15, 0), UTC)  # 10:00 EST
    assert steps["day3_check"].send_at == datetime.combine(day(-262), time(14, 0), UTC)  # 10:00 EDT
    assert steps["day3_check"].send_at.astimezone(settings.timezone).hour == 10


def test_moving_a_visit_to_tomorrow_morning_sends_no_stale_reminder(
    session: Any, settings: Any, make_visit: Any
) -> None:
    visit = make_visit(kind="consultation", starts_at=local_datetime(DAY3, time(14), SEOUL))
    # At 14:00 on the 26th, moved to 09:00 on the 27th: the "day before at 10:00"
    # reminder (10:00 on the 26th) is already past; the move notice says it all.
    moved_at = local_datetime(day(0), time(14), SEOUL)
    move_visit(
        session,
        settings,
        visit,
        staff=None,
        now=moved_at,
        starts_at=local_datetime(day(1), time(9), SEOUL),
    )
    session.commit()
    pending = {m.step for m in texts_all(session, visit) if m.status == "pending"}
    assert pending == {"confirmation", "rescheduled"}


@pytest.mark.parametrize(
    ("visit_at", "booked_at", "planned"),
    [
        (time(14), NOW, True),  # 12:00, well after the booking
        (time(9, 30), NOW, False),  # 07:30 falls in quiet hours (21:00-08:00)
    ],
)
def test_same_day_reminder_is_skipped_in_quiet_hours(
    session: Any, make_visit: Any, visit_at: time, booked_at: datetime, planned: bool
) -> None:
    visit = make_visit(starts_at=local_datetime(DAY3, visit_at, SEOUL), now=booked_at)
    assert ("same_day_reminder" in texts(session, visit.patient)) is planned


def test_same_day_reminder_is_skipped_within_30_minutes_of_booking(
    session: Any, make_visit: Any
) -> None:
    # Booked at 09:00 for 11:20: the reminder would go at 09:20, 20 minutes after booking.
    soon = make_visit(starts_at=NOW + timedelta(hours=2, minutes=20))
    assert "same_day_reminder" not in texts(session, soon.patient)
    later = make_visit(starts_at=NOW + timedelta(hours=3, minutes=30))
    assert local(texts(session, later.patient)["same_day_reminder"].send_at) == local(
        NOW + timedelta(hours=1, minutes=30)
    )


@pytest.mark.parametrize("app_config", [{"SAME_DAY_REMINDER_HOURS": "0"}])
def test_same_day_reminder_hours_zero_plans_none(session: Any, make_visit: Any) -> None:
    visit = make_visit(starts_at=local_datetime(DAY3, time(14), SEOUL))
    assert "same_day_reminder" not in texts(session, visit.patient)
