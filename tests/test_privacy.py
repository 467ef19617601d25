"""Export and erasure of a patient's data, and the retention rule."""

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic.inbound import InboundText, receive_text
from clinic.models import AuditEvent, Message, Patient, Reply, ReviewItem, Staff, Visit
from clinic.outcomes import outcomes
from clinic.visits import complete_visit
from jobs.tasks import apply_retention
from tests.conftest import NOW, csrf_token, day

NAME, PHONE = "Seo Hana", "+82 10-4321-8765"
E164 = "+821043218765"


@pytest.fixture
def treated(
    session: Any,
    settings: Any,
    make_patient: Callable[..., Patient],
    make_visit: Callable[..., Visit],
    app: Flask,
) -> Patient:
    patient = make_patient(name=NAME, phone=PHONE, notes="Prefers mornings; allergic to lidocaine")
    visit = make_visit(patient)
    complete_visit(session, settings, visit, None, NOW)
    media = Path(app.instance_path) / "media"
    media.mkdir(exist_ok=True)
    (media / "cheek.png").write_bytes(b"png")
    receive_text(
        session,
        settings,
        InboundText(
            "SMhana00000001",
            E164,
            "there is a dent on my left cheek",
            ["http://localhost/phone/media/cheek.png"],
        ),
        NOW,
    )
    session.commit()
    return patient


def _everything(api: Any, patient: Patient) -> str:
    """Every API answer that could mention the patient, as one text."""
    answers = [
        api.get(f"/patients/{patient.id}"),
        api.get("/patients"),
        api.get(f"/patients?q={NAME.split()[0]}"),
        api.get(f"/patients?phone={E164}"),
        api.get(f"/patients/{patient.id}/messages"),
        api.get(f"/patients/{patient.id}/replies"),
        api.get("/review?status=open"),
        api.get(f"/visits?date={day(0).isoformat()}"),
        api.get(f"/visits?date={day(3).isoformat()}"),
        api.get(f"/patients/{patient.id}/export"),
    ]
    assert all(a.status_code == 200 for a in answers)
    assert any(
        f'"patient_id":{patient.id}' in a.get_data(as_text=True).replace(" ", "")
        for a in answers[7:9]
    )
    return "\n".join(a.get_data(as_text=True) for a in answers)


def test_export_holds_everything_about_the_patient_and_is_audited(
    api_as: Callable[[str], Any], treated: Patient, session: Any
) -> None:
    answer = api_as("admin").get(f"/patients/{treated.id}/export")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    document = answer.get_json()
    assert document["profile"]["name"] == NAME and document["profile"]["phone"] == E164
    assert document["profile"]["notes"].startswith("Prefers mornings")
    assert len(document["visits"]) == 1 and document["visits"][0]["status"] == "completed"
    assert {t["step"] for t in document["texts"]} >= {"confirmation", "care_instructions"}
    assert document["replies"][0]["body"] == "there is a dent on my left cheek"
    assert document["photos"] == ["http://localhost/phone/media/cheek.png"]
    assert document["review_items"][0]["findings"] == ["dimple"]
    actions = {e["action"] for e in document["audit"]}
    assert {"patient.create", "visit.booked", "visit.completed", "review.create"} <= actions
    exported = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "patient.export")
    ).one()
    assert exported.patient_id == treated.id and exported.actor.startswith("admin")


@pytest.mark.parametrize("role", ["receptionist", "clinician"])
def test_only_admins_export_or_erase(
    api_as: Callable[[str], Any], treated: Patient, role: str
) -> None:
    api = api_as(role)
    assert api.get(f"/patients/{treated.id}/export").status_code == 403
    assert api.post(f"/patients/{treated.id}/erase").status_code == 403


def test_after_erasure_the_name_and_phone_appear_nowhere_in_the_api(
    api_as: Callable[[str], Any], treated: Patient, session: Any, app: Flask, settings: Any
) -> None:
    admin = api_as("admin")
    before = _everything(admin, treated)
    assert NAME in before and E164 in before
    counts_before = outcomes(session, settings, day(-30), day(30), None)
    assert counts_before["procedures"] == 1
    answer = admin.post(f"/patients/{treated.id}/erase")
    assert answer.status_code == 200 and answer.get_json()["photos_removed"] == 1
    after = _everything(admin, treated)
    # The number in every form it could be written in (not its four-digit groups alone,
    # which a timestamp's microseconds can hold by chance).
    numbers = (E164, "4321-8765", "43218765", "010-4321-8765")
    for secret in (NAME, "Hana", *numbers, "lidocaine", "dent on my left cheek"):
        assert secret not in after, secret
    assert "cheek.png" not in after
    assert not (Path(app.instance_path) / "media" / "cheek.png").exists()
    # The anonymous rows stay, so counts still add up.
    session.expire_all()
    assert session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 1
    assert session.scalar(sa.select(sa.func.count()).select_from(Reply)) == 1
    item = session.scalars(sa.select(ReviewItem)).one()
    assert item.findings == ["dimple"] and item.severity == "concern"
    counts_after = outcomes(session, settings, day(-30), day(30), None)
    assert counts_after["procedures"] == 1 and counts_after["findings"] == counts_before["findings"]
    # No text goes to an erased patient.
    pending = session.scalars(sa.select(Message).where(Message.status == "pending")).all()
    assert pending == []
    assert admin.post(f"/patients/{treated.id}/erase").status_code == 409
    assert admin.patch(f"/patients/{treated.id}", json={"name": "Back"}).status_code == 409
    erased = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "patient.erase"))
    assert erased.one().patient_id == treated.id


def test_a_text_from_the_erased_number_matches_no_patient(
    api_as: Callable[[str], Any], treated: Patient, session: Any, settings: Any
) -> None:
    api_as("admin").post(f"/patients/{treated.id}/erase")
    result = receive_text(session, settings, InboundText("SMhana00000002", E164, "hello"), NOW)
    assert result.reply.patient_id is None


def test_the_patient_page_has_export_and_erase_buttons_for_admins(
    client: FlaskClient,
    login_as: Callable[[str], Staff],
    treated: Patient,
    session: Any,
) -> None:
    login_as("admin")
    url = f"/patients/{treated.id}"
    text = client.get(url).get_data(as_text=True)
    assert "Export data (JSON)" in text and "data-confirm=" in text
    exported = client.get(f"{url}/export.json")
    assert exported.status_code == 200
    assert json.loads(exported.data)["profile"]["name"] == NAME
    assert "attachment" in exported.headers["Content-Disposition"]
    response = client.post(f"{url}/erase", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 303
    text = client.get(url).get_data(as_text=True)
    assert NAME not in text and "personal data was erased" in text


def test_receptionists_get_no_buttons(
    client: FlaskClient, login_as: Callable[[str], Staff], treated: Patient
) -> None:
    login_as("receptionist")
    text = client.get(f"/patients/{treated.id}").get_data(as_text=True)
    assert "Export data" not in text and "Erase personal data" not in text
    assert client.get(f"/patients/{treated.id}/export.json").status_code == 403


def test_cli_erases_a_patient(app: Flask, treated: Patient, session: Any) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["patients", "erase", str(treated.id)])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.get(Patient, treated.id).name == "Erased patient"
    again = runner.invoke(args=["patients", "erase", str(treated.id)])
    assert again.exit_code != 0 and "already erased" in again.output
    missing = runner.invoke(args=["patients", "erase", "999999"])
    assert missing.exit_code != 0 and "No patient" in missing.output
    actor = session.scalars(
        sa.select(AuditEvent.actor).where(AuditEvent.action == "patient.erase")
    ).one()
    assert actor == "command line"


def test_retention_anonymises_patients_without_a_visit_for_ten_years(
    app: Flask,
    session: Any,
    make_patient: Callable[..., Patient],
    make_visit: Callable[..., Visit],
) -> None:
    long_ago = NOW - timedelta(days=365 * 11)
    old = make_patient(name="Old Patient", now=long_ago)
    make_visit(old, now=long_ago, starts_at=long_ago + timedelta(days=3))
    returning = make_patient(name="Came Back", now=long_ago)
    make_visit(returning, now=NOW)
    recent = make_patient(name="New Patient")
    summary = apply_retention(NOW)
    assert summary.startswith("1 patients anonymised after 10 years")
    session.expire_all()
    assert session.get(Patient, old.id).erased_at is not None
    assert session.get(Patient, returning.id).erased_at is None
    assert session.get(Patient, recent.id).erased_at is None
    assert apply_retention(NOW).startswith("0 patients")
