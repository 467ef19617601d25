"""Working hours, walk-ins, undoing a completion, no-shows and their report, through the API."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from clinic.models import Message, ScheduleEvent
from clinic.timeutil import local_datetime
from tests.conftest import NOW, day

SEOUL = ZoneInfo("Asia/Seoul")
WEEKDAYS = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}
HOURS = {**WEEKDAYS, "sat": [["10:00", "14:00"]], "sun": []}


def at(n: int, hh: int, mm: int = 0) -> str:
    return local_datetime(day(n), time(hh, mm), SEOUL).astimezone(SEOUL).isoformat()


def put(api: Any, path: str, body: Any) -> Any:
    return api.client.put("/api/v1" + path, json=body, headers=api._headers())


@pytest.fixture
def dr(make_staff: Any) -> Any:
    return make_staff("clinician", name="Dr Han")


@pytest.fixture
def patient_id(api_as: Any) -> int:
    body = {"name": "Lee Jiwoo", "phone": "010-2222-3333", "language": "ko", "sms_consent": True}
    return int(api_as("receptionist").post("/patients", json=body).get_json()["id"])


def book(api: Any, patient_id: int, dr: Any, starts_at: str, **extra: Any) -> Any:
    body = {
        "patient_id": patient_id,
        "practitioner_id": dr.id,
        "kind": "consultation",
        "starts_at": starts_at,
        "duration_minutes": 30,
        **extra,
    }
    return api.post("/visits", json=body)


def test_hours_default_to_every_day_eight_to_eight_and_only_an_admin_sets_them(
    api_as: Any, dr: Any
) -> None:
    desk, admin = api_as("receptionist"), api_as("admin")
    shown = desk.get(f"/practitioners/{dr.id}/hours").get_json()
    assert shown["default"] is True and shown["sun"] == [["08:00", "20:00"]]
    assert put(desk, f"/practitioners/{dr.id}/hours", HOURS).status_code == 403
    response = put(admin, f"/practitioners/{dr.id}/hours", HOURS)
    assert response.status_code == 200
    assert response.get_json()["sun"] == [] and response.get_json()["default"] is False
    assert desk.get(f"/practitioners/{dr.id}/hours").get_json()["sat"] == [["10:00", "14:00"]]
    assert desk.get("/practitioners/99999/hours").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {**HOURS, "mon": [["18:00", "09:00"]]},
        {**HOURS, "mon": [["9am", "6pm"]]},
        {**HOURS, "mon": [["09:00", "13:00"], ["12:00", "18:00"]]},
        {k: v for k, v in HOURS.items() if k != "sun"},
        {**HOURS, "funday": []},
    ],
)
def test_bad_hours_are_422_naming_the_day(api_as: Any, dr: Any, body: Any) -> None:
    response = put(api_as("admin"), f"/practitioners/{dr.id}/hours", body)
    assert response.status_code == 422
    assert response.get_json()["errors"]


def test_booking_outside_hours_is_refused_with_the_hours_and_the_next_free_slot(
    api_as: Any, dr: Any, patient_id: int, session: Any
) -> None:
    admin, desk = api_as("admin"), api_as("receptionist")
    put(admin, f"/practitioners/{dr.id}/hours", HOURS)
    sunday = next(n for n in range(1, 8) if day(n).weekday() == 6)
    refused = book(desk, patient_id, dr, at(sunday, 3))
    assert refused.status_code == 409
    body = refused.get_json()
    assert "Dr Han works on Sun not at all (day off)" in body["message"]
    # Monday 09:00, the first time Dr Han works after Sunday 03:00.
    assert body["next_free"]["starts_at_local"] == at(sunday + 1, 9)
    late = book(desk, patient_id, dr, at(sunday + 1, 17, 45))
    assert late.status_code == 409 and "Mon 09:00–18:00" in late.get_json()["message"]
    # Only an admin's override books it anyway, and the visit's audit trail says so.
    assert book(desk, patient_id, dr, at(sunday, 3), override=True).status_code == 403
    forced = book(admin, patient_id, dr, at(sunday, 3), override=True)
    assert forced.status_code == 201
    assert "admin override" in forced.get_json()["audit"][0]["detail"]
    assert session.scalars(sa.select(ScheduleEvent.action)).all() == ["hours_set"]


def test_a_busy_time_offers_the_next_free_slot(api_as: Any, dr: Any, patient_id: int) -> None:
    desk = api_as("receptionist")
    assert book(desk, patient_id, dr, at(3, 10)).status_code == 201
    other = desk.post(
        "/patients",
        json={"name": "Park Sora", "phone": "010-4444-5555", "language": "en", "sms_consent": True},
    ).get_json()["id"]
    clash = book(desk, other, dr, at(3, 10, 15))
    assert clash.status_code == 409
    assert clash.get_json()["next_free"]["starts_at_local"] == at(3, 10, 30)
    asked = {"duration_minutes": 30, "practitioner_id": dr.id, "after": at(3, 10)}
    slot = desk.get("/free-slot", query_string=asked)
    for bad in ({"after": "2026-12-01T09:00"}, {"after": "soon"}, {"duration_minutes": "0"}):
        assert desk.get("/free-slot", query_string=bad).status_code == 422
    assert slot.get_json()["starts_at_local"] == at(3, 10, 30)


def test_walk_in_may_start_earlier_today_only_when_flagged(
    api_as: Any, dr: Any, patient_id: int, clock: Any
) -> None:
    desk = api_as("receptionist")
    clock.move_to(local_datetime(day(0), time(11, 0), SEOUL))
    earlier = at(0, 10, 30)
    refused = book(desk, patient_id, dr, earlier)
    assert refused.status_code == 422 and "starts_at" in refused.get_json()["errors"]
    yesterday = book(desk, patient_id, dr, at(-1, 10, 30), walk_in=True)
    assert yesterday.status_code == 422
    walk_in = book(desk, patient_id, dr, earlier, walk_in=True)
    assert walk_in.status_code == 201, walk_in.get_json()
    assert "(walk-in)" in walk_in.get_json()["audit"][0]["detail"]
    done = desk.post(f"/visits/{walk_in.get_json()['id']}/complete")
    assert done.get_json()["status"] == "completed"


def test_completion_is_undone_the_same_day_and_its_unsent_texts_cancelled(
    api_as: Any, dr: Any, patient_id: int, session: Any, clock: Any
) -> None:
    desk = api_as("receptionist")
    visit = book(desk, patient_id, dr, at(4, 14), kind="procedure").get_json()
    assert desk.post(f"/visits/{visit['id']}/complete").status_code == 200
    aftercare = lambda: session.scalars(  # noqa: E731
        sa.select(Message).where(Message.visit_id == visit["id"], Message.kind == "check")
    ).all()
    assert aftercare() and all(m.status == "pending" for m in aftercare())
    reopened = desk.post(f"/visits/{visit['id']}/reopen")
    assert reopened.status_code == 200
    assert reopened.get_json()["status"] == "booked"
    assert reopened.get_json()["audit"][-1]["action"] == "reopened"
    session.expire_all()
    assert all(m.status == "cancelled" for m in aftercare())
    reminder = session.scalars(
        sa.select(Message).where(Message.visit_id == visit["id"], Message.step == "reminder")
    ).one()
    assert reminder.status == "pending"  # the visit stands again, so does its reminder
    assert desk.post(f"/visits/{visit['id']}/reopen").status_code == 409
    # Completed again, then the next day: too late to undo.
    desk.post(f"/visits/{visit['id']}/complete")
    clock.move_to(NOW + timedelta(days=1))
    late = desk.post(f"/visits/{visit['id']}/reopen")
    assert late.status_code == 409 and "only on the day" in late.get_json()["message"]


def test_no_show_only_after_the_start_and_the_monthly_report(
    api_as: Any, dr: Any, patient_id: int, clock: Any
) -> None:
    desk, admin = api_as("receptionist"), api_as("admin")
    first = book(desk, patient_id, dr, at(1, 10)).get_json()["id"]
    second = book(desk, patient_id, dr, at(2, 10)).get_json()["id"]
    assert desk.post(f"/visits/{first}/no-show").status_code == 409
    assert desk.post("/visits/99999/no-show").status_code == 404
    clock.move_to(datetime.fromisoformat(at(2, 11)))
    missed = desk.post(f"/visits/{first}/no-show")
    assert missed.status_code == 200 and missed.get_json()["status"] == "no_show"
    desk.post(f"/visits/{second}/complete")
    assert desk.get("/reports/no-shows").status_code == 403
    report = admin.get("/reports/no-shows").get_json()
    rows = [r for r in report if r["practitioner_id"] == dr.id]
    assert [(r["visits"], r["no_shows"], r["rate"]) for r in rows] in (
        [(2, 1, 0.5)],
        [(1, 1, 1.0), (1, 0, 0.0)],  # the two visits fall in different months
    )
    assert admin.get("/reports/no-shows?from=nope").status_code == 422


def test_openapi_documents_every_api_route(app: Any, client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").get_json()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi":
            continue
        path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in doc["paths"].get(path, {}), f"{method} {path}"
