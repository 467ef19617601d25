"""The demonstration clinic is believable: both languages, every kind of text and item."""

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from clinic.demo import build_demo
from clinic.models import Message, Patient, Reply, ReviewItem, Visit, utcnow


def test_demo_fills_a_fresh_clinic(session: Any, settings: Any, tmp_path: Path) -> None:
    summary = build_demo(session, settings, utcnow(), tmp_path, lambda name: f"/media/{name}")
    assert summary.patients == 30 and summary.staff == 4
    languages = set(session.scalars(sa.select(Patient.language)))
    assert languages == {"en", "ko"}
    profiles = set(session.scalars(sa.select(Patient.skin_thickness)))
    assert {"thin", "normal", "thick"} <= profiles
    statuses = set(session.scalars(sa.select(Message.status)))
    assert {"pending", "delivered"} <= statuses
    kinds = set(session.scalars(sa.select(Visit.kind)))
    assert kinds == {"consultation", "procedure", "follow_up"}
    visit_states = set(session.scalars(sa.select(Visit.status)))
    assert {"booked", "completed"} <= visit_states
    assert session.scalar(sa.select(sa.func.count()).select_from(Reply)) >= 20
    open_severities = set(
        session.scalars(sa.select(ReviewItem.severity).where(ReviewItem.status == "open"))
    )
    assert {"urgent", "concern", "expected"} <= open_severities
    assert (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(ReviewItem)
            .where(ReviewItem.status == "resolved")
        )
        > 0
    )
    assert (tmp_path / "demo-cheek.png").read_bytes().startswith(b"\x89PNG")


def test_demo_refuses_a_database_with_patients(
    session: Any, settings: Any, make_patient: Any, tmp_path: Path
) -> None:
    make_patient()
    with pytest.raises(ValueError, match="fresh"):
        build_demo(session, settings, utcnow(), tmp_path, lambda name: name)


def test_demo_command_refuses_twilio(app: Any) -> None:
    from clinic.cli import demo_command

    app.config["SMS_BACKEND"] = "twilio"
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code != 0 and "SMS_BACKEND=console" in result.output


def test_demo_puts_a_clinician_with_a_phone_on_call_and_sets_a_clinic_phone(
    app: Any, session: Any, settings: Any
) -> None:
    from dataclasses import replace

    from clinic.cli import demo_command
    from clinic.models import Staff

    app.extensions["clinic_settings"] = replace(settings, phone="")
    result = app.test_cli_runner().invoke(demo_command)
    assert result.exit_code == 0, result.output
    assert app.extensions["clinic_settings"].phone == "+82 2-555-0100"
    on_call = session.scalars(sa.select(Staff).where(Staff.on_call.is_(True))).one()
    assert on_call.email == "park@demo.clinic" and on_call.phone
    # The replayed history pages nobody now: its urgent items predate the phone.
    assert not session.scalars(sa.select(Message).where(Message.kind == "page")).all()
