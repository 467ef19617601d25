"""The audit trail: what is recorded, by whom, and the admin page that lists it."""

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.models import AuditEvent, Patient, Staff
from tests.conftest import csrf_token, day, login, page


def _trail(session: Any) -> list[tuple[str, str, str]]:
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    return [(e.action, e.actor, e.detail) for e in rows]


def test_patient_changes_and_consent_are_recorded_with_who_did_them(
    api_as: Callable[[str], Any], session: Any
) -> None:
    api = api_as("receptionist")
    created = api.post(
        "/patients",
        json={"name": "Lee Mina", "phone": "010-2222-3333", "language": "ko", "sms_consent": True},
    ).get_json()
    api.patch(f"/patients/{created['id']}", json={"birth_year": 1980, "notes": "Left side"})
    api.patch(f"/patients/{created['id']}", json={"sms_consent": False})
    trail = _trail(session)
    assert ("patient.create", "receptionist1@clinic.test", "") in trail
    assert ("patient.update", "receptionist1@clinic.test", "changed birth_year, notes") in trail
    assert ("consent.change", "receptionist1@clinic.test", "sms_consent=False") in trail
    # The trail holds field names, never what was typed.
    assert all("Left side" not in detail for _, _, detail in trail)


def test_visit_changes_and_review_resolution_are_recorded(
    api_as: Callable[[str], Any],
    make_patient: Callable[..., Patient],
    practitioner: Staff,
    session: Any,
) -> None:
    api = api_as("clinician")
    patient = make_patient()
    visit = api.post(
        "/visits",
        json={
            "patient_id": patient.id,
            "practitioner_id": practitioner.id,
            "kind": "consultation",
            "starts_at": f"{day(2).isoformat()}T11:00:00+09:00",
            "duration_minutes": 30,
        },
    ).get_json()
    api.post(f"/visits/{visit['id']}/cancel")
    actions = [(a, who) for a, who, _ in _trail(session)]
    assert ("visit.booked", "clinician2@clinic.test") in actions
    assert ("visit.cancelled", "clinician2@clinic.test") in actions
    subjects = session.scalars(
        sa.select(AuditEvent.subject).where(AuditEvent.action.startswith("visit."))
    ).all()
    assert set(subjects) == {f"visit:{visit['id']}"}


def test_sign_ins_failures_and_tokens_are_recorded(
    client: FlaskClient, make_staff: Callable[..., Staff], session: Any, app: Any
) -> None:
    staff = make_staff("admin")
    token = csrf_token(client, "/login")
    client.post(
        "/login", data={"email": staff.email, "password": "nope nope nope", "csrf_token": token}
    )
    login(client, staff)
    app.test_cli_runner().invoke(args=["staff", "token", staff.email])
    trail = _trail(session)
    assert ("login.failed", staff.email, "") in trail
    assert ("login", staff.email, "") in trail
    assert ("token.create", "command line", staff.email) in trail
    addresses = session.scalars(
        sa.select(AuditEvent.address).where(AuditEvent.action.startswith("login"))
    ).all()
    assert set(addresses) == {"127.0.0.1"}


def test_admin_page_lists_and_filters_the_trail(
    client: FlaskClient,
    login_as: Callable[[str], Staff],
    make_patient: Callable[..., Patient],
    session: Any,
) -> None:
    first = make_patient()
    second = make_patient()
    admin = login_as("admin")
    everything = page(client, "/admin/audit")
    assert "patient.create" in everything and "login" in everything
    only_first = page(client, f"/admin/audit?patient={first.id}")
    assert f"patient:{first.id}" in only_first and f"patient:{second.id}" not in only_first
    logins = page(client, f"/admin/audit?action=login&actor={admin.email}")
    assert "patient.create" not in logins and admin.email in logins
    today = day(0).isoformat()
    assert "patient.create" in page(client, f"/admin/audit?from={today}&to={today}")
    tomorrow = day(1).isoformat()
    assert "Nothing matches" in page(client, f"/admin/audit?from={tomorrow}")
    page(client, "/admin/audit?from=yesterday", 400)
    page(client, "/admin/audit?patient=abc", 400)


def test_the_trail_is_paginated(
    client: FlaskClient, login_as: Callable[[str], Staff], session: Any
) -> None:
    from clinic.audit import record
    from tests.conftest import NOW

    for n in range(60):
        record(session, "test.event", NOW, subject=f"n:{n}")
    session.commit()
    login_as("admin")
    first = page(client, "/admin/audit?action=test.")
    assert "n:59" in first and "n:0<" not in first and "Older" in first
    second = page(client, "/admin/audit?action=test.&page=2")
    assert "n:0<" in second and "Newer" in second
