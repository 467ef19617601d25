"""Need-to-know: the front desk sees that a clinical reply arrived, never what it says."""

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic import create_app
from clinic.accounts import create_token
from clinic.inbound import InboundText, receive_text
from clinic.models import AuditEvent, Patient, Reply, ReviewItem, Staff, Visit
from tests.conftest import BASE_CONFIG, NOW, csrf_token, login, page

CLINICAL_WORDS = "fever 38.5 and my cheek is red and hot"
BOOKING_WORDS = "Can I move my appointment to Friday?"


@pytest.fixture
def conversation(
    session: Any, settings: Any, make_visit: Callable[..., Visit]
) -> tuple[Patient, Reply, Reply]:
    visit = make_visit()
    patient = visit.patient
    clinical = receive_text(
        session, settings, InboundText("SMclinical0001", patient.phone, CLINICAL_WORDS), NOW
    ).reply
    booking = receive_text(
        session, settings, InboundText("SMbooking00001", patient.phone, BOOKING_WORDS), NOW
    ).reply
    session.commit()
    assert clinical.severity == "urgent" and clinical.findings
    assert booking.action == "move" and not booking.findings
    return patient, clinical, booking


def test_receptionist_api_withholds_clinical_replies(
    api_as: Callable[[str], Any], conversation: tuple[Patient, Reply, Reply], session: Any
) -> None:
    patient, clinical, booking = conversation
    answer = api_as("receptionist").get(f"/patients/{patient.id}/replies")
    assert answer.status_code == 200
    assert CLINICAL_WORDS not in answer.get_data(as_text=True)
    by_id = {r["id"]: r for r in answer.get_json()}
    withheld = by_id[clinical.id]
    assert withheld["withheld"] is True and withheld["received_at"]
    assert withheld["body"] == "" and withheld["findings"] == [] and withheld["severity"] is None
    assert by_id[booking.id]["body"] == BOOKING_WORDS and by_id[booking.id]["withheld"] is False
    # Nothing clinical was shown, so nothing clinical was viewed.
    assert not session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "replies.view")
    ).all()


@pytest.mark.parametrize("role", ["clinician", "admin"])
def test_clinicians_and_admins_read_everything_and_it_is_audited(
    api_as: Callable[[str], Any],
    conversation: tuple[Patient, Reply, Reply],
    session: Any,
    role: str,
) -> None:
    patient, clinical, _ = conversation
    answer = api_as(role).get(f"/patients/{patient.id}/replies")
    mine = {r["id"]: r for r in answer.get_json()}[clinical.id]
    assert mine["body"] == CLINICAL_WORDS and mine["severity"] == "urgent" and mine["findings"]
    viewed = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "replies.view")).one()
    assert viewed.patient_id == patient.id and viewed.actor.startswith(role)


def test_receptionist_pages_show_no_clinical_reply_text(
    client: FlaskClient,
    login_as: Callable[[str], Staff],
    conversation: tuple[Patient, Reply, Reply],
    session: Any,
) -> None:
    patient, clinical, booking = conversation
    login_as("receptionist")
    front_desk = session.scalars(
        sa.select(ReviewItem).where(ReviewItem.audience == "front_desk")
    ).one()
    urgent = session.scalars(sa.select(ReviewItem).where(ReviewItem.audience == "clinical")).one()
    for url in (
        f"/patients/{patient.id}",
        f"/phone/{patient.id}",
        "/review",
        f"/review/{front_desk.id}",
        "/phone",
        "/patients",
    ):
        text = page(client, url)
        assert CLINICAL_WORDS not in text, url
        assert "38.5" not in text, url
    assert BOOKING_WORDS in page(client, f"/review/{front_desk.id}")
    assert "A clinical reply arrived" in page(client, f"/phone/{patient.id}")
    page(client, f"/review/{urgent.id}", 404)


def test_clinician_pages_show_the_clinical_reply(
    client: FlaskClient,
    login_as: Callable[[str], Staff],
    conversation: tuple[Patient, Reply, Reply],
) -> None:
    patient, _, _ = conversation
    login_as("clinician")
    assert CLINICAL_WORDS in page(client, f"/phone/{patient.id}")


# --- Every route against anonymous users and each role ----------------------------------

PUBLIC = {
    "static",
    "favicon",
    "auth.login",
    "api.openapi",
    "webhooks.inbound",
    "webhooks.status",
}
ADMIN_ONLY = {"patients.export", "patients.erase"}
ADMIN_ONLY_API = {
    "api.export_patient_api",
    "api.erase_patient_api",
    "api.set_hours_api",
    "api.no_shows_api",
}
CLINICAL_ONLY = {"outcomes.index"}
CLINICAL_ONLY_API = {"api.outcomes_api", "api.acknowledge_api"}
# Going on call is a clinician's own act.
CLINICIAN_ONLY = {"profile.go_on_call", "profile.go_off_call"}
ROLES = ("receptionist", "clinician", "admin")


def allowed_roles(endpoint: str) -> tuple[str, ...]:
    """Who may use each staff route (the rule this test holds the app to)."""
    admin_pages = endpoint.startswith(("admin.", "schedule.", "canned."))
    if admin_pages or endpoint in ADMIN_ONLY | ADMIN_ONLY_API:
        return ("admin",)
    if endpoint in CLINICIAN_ONLY:
        return ("clinician",)
    # Aftercare plans and one patient's plan: clinical staff edit them.
    if endpoint in CLINICAL_ONLY | CLINICAL_ONLY_API or endpoint.startswith("plans."):
        return ("clinician", "admin")
    return ROLES


@pytest.fixture
def web(app: Flask, database_url: str) -> Flask:
    # Its own app: each request gets its own app context (see test_sessions.web).
    return create_app({**BASE_CONFIG, "DATABASE_URL": database_url})


def _urls(app: Flask, ids: dict[str, int]) -> list[tuple[str, str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        values = {arg: ids.get(arg, 1) for arg in rule.arguments}
        if "name" in rule.arguments:
            values["name"] = "missing.png"
        url = rule.build(values, append_unknown=False)
        assert url is not None
        path = url[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    return found


def test_every_staff_route_refuses_anonymous_users_and_unallowed_roles(
    web: Flask,
    session: Any,
    conversation: tuple[Patient, Reply, Reply],
    make_staff: Callable[..., Staff],
) -> None:
    patient, clinical, _ = conversation
    visit = session.scalars(sa.select(Visit)).first()
    item = session.scalars(sa.select(ReviewItem)).first()
    other = make_staff("receptionist")
    ids = {
        "patient_id": patient.id,
        "visit_id": visit.id,
        "item_id": item.id,
        "message_id": 1,
        "staff_id": other.id,
        "token_id": 1,
    }
    routes = _urls(web, ids)
    assert len(routes) > 30
    checked = 0
    anonymous = web.test_client()
    token = csrf_token(anonymous, "/login")
    for endpoint, method, path in routes:
        if path.startswith("/api/"):
            answer = anonymous.open(path, method=method, json={})
            assert answer.status_code == 401, (endpoint, method)
        else:
            answer = anonymous.open(path, method=method, data={"csrf_token": token})
            assert answer.status_code == 302, (endpoint, method, answer.status_code)
            assert answer.headers["Location"].startswith("/login"), endpoint
        checked += 1
    for role in ROLES:
        staff = make_staff(role)
        client = web.test_client()
        login(client, staff)
        with web.app_context():
            from clinic.extensions import db

            bearer = create_token(db.session, db.session.get(Staff, staff.id))
            db.session.commit()
        token = csrf_token(client, "/patients")
        for endpoint, method, path in routes:
            if endpoint == "auth.logout":
                continue  # signing out is for everyone; it would end this walk
            may = role in allowed_roles(endpoint)
            if path.startswith("/api/"):
                if method != "GET" and may:
                    continue  # changes are tested where they are built
                answer = client.open(
                    path, method=method, json={}, headers={"Authorization": f"Bearer {bearer}"}
                )
            elif method == "GET":
                answer = client.get(path)
            elif may:
                continue  # allowed form posts change data; their own tests cover them
            else:
                answer = client.open(path, method=method, data={"csrf_token": token})
            if may:
                assert answer.status_code not in (401, 403), (role, endpoint, answer.status_code)
                assert answer.status_code < 500, (role, endpoint)
                if not path.startswith("/api/"):
                    assert "/login" not in answer.headers.get("Location", ""), (role, endpoint)
            else:
                assert answer.status_code == 403, (role, endpoint, method, answer.status_code)
            checked += 1
    assert checked > 100
    # The walk itself read nothing clinical as a receptionist: only clinicians' and
    # admins' views of the clinical reply are in the audit trail.
    viewers = session.scalars(
        sa.select(AuditEvent.actor).where(AuditEvent.action == "replies.view")
    ).all()
    assert viewers and all(not v.startswith("receptionist") for v in viewers)
    del clinical
