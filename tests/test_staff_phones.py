"""Staff phones and on call (command line and the profile page), CLINIC_PHONE rules, outcomes."""

import subprocess
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic.accounts import find_staff
from clinic.cli import staff_cli
from clinic.inbound import InboundText, receive_text
from clinic.models import Message, ReviewItem, Staff, utcnow
from clinic.paging import acknowledge
from clinic.staff_phones import put_on_call, set_phone
from tests import frozen
from tests.conftest import NOW, PASSWORD, csrf_token, login, page

ROOT = Path(__file__).resolve().parents[1]


def cli(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(staff_cli, list(args))


def test_staff_create_with_a_phone_normalises_it_and_on_call_moves(
    app: Flask, session: Any
) -> None:
    made = cli(
        app,
        "create",
        "park@c.test",
        "--role",
        "clinician",
        "--name",
        "Dr Park",
        "--password",
        PASSWORD,
        "--phone",
        "010-7000-0001",
    )
    assert made.exit_code == 0, made.output
    cli(
        app,
        "create",
        "lee@c.test",
        "--role",
        "clinician",
        "--name",
        "Dr Lee",
        "--password",
        PASSWORD,
        "--phone",
        "+82 10 7000 0002",
        "--language",
        "ko",
    )
    bad = cli(
        app,
        "create",
        "kim@c.test",
        "--role",
        "clinician",
        "--name",
        "Dr Kim",
        "--password",
        PASSWORD,
        "--phone",
        "12",
    )
    assert bad.exit_code != 0 and "phone" in bad.output
    assert find_staff(session, "kim@c.test") is None  # nothing half-made
    taken = cli(
        app,
        "create",
        "ahn@c.test",
        "--role",
        "admin",
        "--name",
        "Ahn",
        "--password",
        PASSWORD,
        "--phone",
        "010-7000-0001",
    )
    assert taken.exit_code != 0 and "Another staff account" in taken.output
    park = find_staff(session, "park@c.test")
    assert park is not None and park.phone == "+821070000001"

    first = cli(app, "on-call", "park@c.test")
    assert first.exit_code == 0 and "Dr Park is on call" in first.output
    second = cli(app, "on-call", "lee@c.test")
    assert second.exit_code == 0 and "instead of Dr Park" in second.output
    session.expire_all()
    on_call = session.scalars(sa.select(Staff.email).where(Staff.on_call.is_(True))).all()
    assert on_call == ["lee@c.test"]
    assert cli(app, "on-call", "nobody@c.test").exit_code != 0


def test_on_call_needs_a_clinician_with_a_phone(app: Flask, make_staff: Any) -> None:
    no_phone = make_staff("clinician")
    desk = make_staff("receptionist")
    refused = cli(app, "on-call", no_phone.email)
    assert refused.exit_code != 0 and "no mobile number" in refused.output
    assert "Only a clinician" in cli(app, "on-call", desk.email).output


def test_profile_page_sets_phone_and_language_and_im_on_call(
    app: Flask, session: Any, client: Any, make_staff: Any, settings: Any
) -> None:
    before = make_staff("clinician", name="Dr Before")
    set_phone(session, settings, before, "010-7000-0009")
    put_on_call(session, before)
    session.commit()
    me = make_staff("clinician", name="Dr Me")
    login(client, me)
    html = page(client, "/me")
    assert "Dr Before is on call" in html and "Add your mobile number" in html
    # No CSRF token: refused, nothing saved.
    assert client.post("/me", data={"phone": "010-7000-0010", "language": "en"}).status_code == 400
    token = csrf_token(client, "/me")
    wrong = client.post("/me", data={"phone": "12", "language": "en", "csrf_token": token})
    assert wrong.status_code == 422 and "not a valid phone number" in wrong.get_data(as_text=True)
    saved = client.post(
        "/me", data={"phone": "010-7000-0010", "language": "ko", "csrf_token": token}
    )
    assert saved.status_code == 303
    client.post("/me/on-call", data={"csrf_token": token})
    html = page(client, "/me")  # now in the language just chosen
    assert "당직 중입니다" in html and "+82 10-7000-0010" in html
    session.expire_all()
    assert session.get(Staff, me.id).language == "ko"
    assert session.get(Staff, before.id).on_call is False


def test_receptionists_cannot_go_on_call(client: Any, login_as: Any) -> None:
    login_as("receptionist")
    token = csrf_token(client, "/me")
    assert "I'm on call" not in page(client, "/me")
    assert client.post("/me/on-call", data={"csrf_token": token}).status_code == 403


def test_staff_phone_in_the_simulator_shows_pages_and_texts_ack(
    app: Flask, session: Any, client: Any, make_staff: Any, settings: Any, make_patient: Any
) -> None:
    doctor = make_staff("clinician", name="Dr Park")
    set_phone(session, settings, doctor, "010-7000-0001")
    put_on_call(session, doctor)
    session.commit()
    patient = make_patient()
    receive_text(session, settings, InboundText("SMx1", patient.phone, "pus and fever"), utcnow())
    session.commit()
    from jobs.scheduler import run_all_once

    run_all_once(app, utcnow())
    login(client, doctor)
    assert "Dr Park" in page(client, "/phone")
    html = page(client, f"/phone/staff/{doctor.id}")
    assert "URGENT" in html and "/review/" in html
    token = csrf_token(client, f"/phone/staff/{doctor.id}")
    client.post(f"/phone/staff/{doctor.id}", data={"body": "ACK", "csrf_token": token})
    assert "Acknowledged #" in page(client, f"/phone/staff/{doctor.id}")
    session.expire_all()
    item = session.scalars(sa.select(ReviewItem)).one()
    assert item.acknowledged_via == "sms" and item.acknowledged_by_id == doctor.id


def test_console_mode_without_clinic_phone_warns_on_every_staff_page(
    app: Flask, settings: Any, client: Any, login_as: Any
) -> None:
    app.extensions["clinic_settings"] = replace(settings, phone="")
    login_as("receptionist")
    for url in ("/", "/patients", "/review", "/me"):
        assert "CLINIC_PHONE is not set" in page(client, url)


def test_with_a_clinic_phone_there_is_no_warning(client: Any, login_as: Any) -> None:
    login_as("receptionist")
    assert "CLINIC_PHONE is not set" not in page(client, "/")


def _start(env: dict[str, str], database_url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        frozen.command(NOW, "flask", "--app", "wsgi", "jobs", "run-once"),
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": database_url, "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


TWILIO = {
    "SMS_BACKEND": "twilio",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "t",
    "TWILIO_FROM_NUMBER": "+15005550006",
    "PUBLIC_BASE_URL": "https://clinic.example.test",
}


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        (TWILIO, "CLINIC_PHONE"),
        ({**TWILIO, "CLINIC_PHONE": "call us"}, "CLINIC_PHONE"),
        ({"CLINIC_PHONE": "12"}, "CLINIC_PHONE"),
        ({"ESCALATE_AFTER_MINUTES": "soon"}, "ESCALATE_AFTER_MINUTES"),
        ({"ESCALATE_AFTER_MINUTES": "0"}, "ESCALATE_AFTER_MINUTES"),
    ],
)
def test_a_bad_setting_stops_with_one_line_and_status_2(
    env: dict[str, str], variable: str, tmp_path: Path
) -> None:
    result = _start({**env, "INSTANCE_PATH": str(tmp_path)}, f"sqlite:///{tmp_path}/c.db")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0] and "Traceback" not in result.stderr


def test_twilio_with_a_clinic_phone_starts(tmp_path: Path) -> None:
    env = {**TWILIO, "CLINIC_PHONE": "02-555-0100", "INSTANCE_PATH": str(tmp_path)}
    result = _start(env, f"sqlite:///{tmp_path}/c.db")
    # The schema is not there, so the jobs fail (exit 1, naming them); but the settings
    # were accepted, which would have been exit 2 with one line naming the variable.
    assert result.returncode == 1 and "jobs failed:" in result.stderr
    assert "configuration error" not in result.stderr


def test_outcomes_report_time_to_acknowledge(
    app: Flask, session: Any, make_patient: Any, make_staff: Any, api_as: Any
) -> None:
    doctor = make_staff("clinician")
    patient = make_patient()
    for n, minutes in enumerate([2, 4, 6, 8, 30, None]):
        item = ReviewItem(
            key=f"k{n}", patient=patient, reason="r", severity="urgent", created_at=NOW
        )
        session.add(item)
        session.flush()
        if minutes is not None:
            acknowledge(session, item, doctor, "api", NOW + timedelta(minutes=minutes))
    session.commit()
    report = api_as("clinician").get("/outcomes").get_json()["engagement"]
    assert report["urgent_items"] == 6 and report["urgent_acknowledged"] == 5
    assert report["median_minutes_to_acknowledge"] == 6.0
    assert report["p90_minutes_to_acknowledge"] == 21.2
    assert session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0
