"""The inbox: unread replies first, marking read, the badge, need-to-know; canned answers."""

import secrets
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from clinic.extensions import db
from clinic.inbox import conversations, unread_count
from clinic.models import CannedAnswer, Patient, Reply, Staff
from tests.conftest import NOW, csrf_token, page


def reply(
    session: Any,
    patient: Patient,
    body: str,
    at: datetime,
    severity: str = "none",
    findings: list[str] | None = None,
) -> Reply:
    row = Reply(
        message_sid="SM" + secrets.token_hex(16),
        patient=patient,
        from_number=patient.phone,
        body=body,
        received_at=at,
        severity=severity,
        findings=findings or [],
    )
    session.add(row)
    session.commit()
    return row


@pytest.fixture
def clinic_day(session: Any, make_patient: Any, api_as: Any) -> dict[str, Patient]:
    """Ann replied first (unread), Ben later (read), Cho got a staff text last, Dee is clinical."""
    ann, ben, cho, dee = (make_patient(name=n) for n in ("Ann Lee", "Ben Ko", "Cho Yun", "Dee Han"))
    reply(session, ann, "Can I move my visit?", NOW - timedelta(hours=5))
    reply(session, ben, "Thanks!", NOW - timedelta(hours=2)).read_at = NOW
    reply(
        session,
        dee,
        "My cheek is red and hot",
        NOW - timedelta(hours=1),
        "urgent",
        ["infection_sign"],
    )
    session.commit()
    api_as("clinician").post(f"/patients/{cho.id}/messages", {"body": "Your results are fine."})
    return {"ann": ann, "ben": ben, "cho": cho, "dee": dee}


def test_unread_first_then_the_most_recent(session: Any, clinic_day: dict[str, Patient]) -> None:
    rows = conversations(session, "clinician")
    assert [c.patient.name for c in rows] == ["Dee Han", "Ann Lee", "Cho Yun", "Ben Ko"]
    assert [c.unread for c in rows] == [1, 1, 0, 0]
    assert rows[2].preview == "Your results are fine." and not rows[2].preview_inbound
    assert rows[2].preview_by.startswith("Clinician")
    assert unread_count(session, "clinician") == 2


def test_the_front_desk_sees_no_clinical_reply(
    session: Any, clinic_day: dict[str, Patient]
) -> None:
    rows = conversations(session, "receptionist")
    assert [c.patient.name for c in rows] == ["Ann Lee", "Cho Yun", "Ben Ko"]
    assert all("red and hot" not in c.preview for c in rows)
    assert unread_count(session, "receptionist") == 1


def test_the_inbox_page_and_badge(
    client: Any, login_as: Any, clinic_day: dict[str, Patient]
) -> None:
    login_as("receptionist")
    shown = page(client, "/inbox")
    assert shown.index("Ann Lee") < shown.index("Cho Yun") < shown.index("Ben Ko")
    assert "Dee Han" not in shown and "red and hot" not in shown
    assert 'aria-label="1 unread"' in shown
    assert "/static/inbox.js" in shown and "<script>" not in shown


def test_opening_a_conversation_marks_it_read_for_that_role(
    client: Any, session: Any, login_as: Any, clinic_day: dict[str, Patient]
) -> None:
    login_as("receptionist")
    page(client, f"/patients/{clinic_day['dee'].id}")
    page(client, f"/patients/{clinic_day['ann'].id}")
    assert unread_count(session, "receptionist") == 0
    # The front desk could not read Dee's reply, so for the clinicians it is still unread.
    assert unread_count(session, "clinician") == 1


def test_mark_read_without_opening(
    client: Any, session: Any, login_as: Any, clinic_day: dict[str, Patient]
) -> None:
    login_as("clinician")
    token = csrf_token(client, "/inbox")
    patient = clinic_day["dee"]
    assert client.post(f"/inbox/{patient.id}/read", data={}).status_code == 400
    answer = client.post(f"/inbox/{patient.id}/read", data={"csrf_token": token})
    assert answer.status_code == 303
    assert [c.unread for c in conversations(session, "clinician")][:2] == [1, 0]


def test_the_refresh_endpoint(client: Any, login_as: Any, clinic_day: dict[str, Patient]) -> None:
    login_as("clinician")
    data = client.get("/inbox/unread.json").get_json()
    assert data["unread"] == 2 and data["unread_label"] == "2 unread"
    assert [c["name"] for c in data["conversations"]][:2] == ["Dee Han", "Ann Lee"]
    assert "Dee Han" in data["html"] and "csrf_token" in data["html"]


def test_the_refresh_does_not_keep_a_session_alive(
    client: Any, login_as: Any, clock: Any, clinic_day: dict[str, Patient]
) -> None:
    login_as("clinician")
    for _ in range(4):  # 40 minutes of 10-minute polls on an idle page
        clock.shift(timedelta(minutes=10))
        client.get("/inbox/unread.json")
    assert client.get("/inbox").status_code == 302


def test_the_inbox_needs_a_sign_in(client: Any) -> None:
    assert client.get("/inbox").status_code == 302
    assert client.get("/inbox/unread.json").status_code == 302


def test_admins_keep_canned_answers(
    client: Any, session: Any, login_as: Any, make_patient: Any
) -> None:
    login_as("admin")
    token = csrf_token(client, "/admin/canned")
    answer = client.post(
        "/admin/canned",
        data={"csrf_token": token, "title": "Ice packs", "language": "ko", "body": "냉찜질"},
    )
    assert answer.status_code == 303
    canned = session.scalar(sa.select(CannedAnswer).where(CannedAnswer.title == "Ice packs"))
    assert canned is not None and canned.language == "ko" and canned.active
    answer = client.post(
        f"/admin/canned/{canned.id}",
        data={"csrf_token": token, "title": "Ice packs", "language": "ko", "body": "냉찜질 10분"},
    )
    assert answer.status_code == 303
    patient = make_patient(language="ko")
    assert "냉찜질 10분" in page(client, f"/patients/{patient.id}")
    client.post(f"/admin/canned/{canned.id}/active", data={"csrf_token": token})
    session.expire_all()
    assert not session.get(CannedAnswer, canned.id).active
    assert "냉찜질 10분" not in page(client, f"/patients/{patient.id}")
    assert "냉찜질 10분" in page(client, "/admin/canned")


def test_a_canned_answer_needs_a_title_and_text(client: Any, login_as: Any) -> None:
    login_as("admin")
    token = csrf_token(client, "/admin/canned")
    answer = client.post(
        "/admin/canned", data={"csrf_token": token, "title": " ", "language": "en", "body": ""}
    )
    assert answer.status_code == 422
    shown = answer.get_data(as_text=True)
    assert "Give it a short title" in shown and "Write the answer" in shown


@pytest.mark.parametrize("role", ["receptionist", "clinician"])
def test_only_admins_manage_canned_answers(client: Any, login_as: Any, role: str) -> None:
    login_as(role)
    assert client.get("/admin/canned").status_code == 403


def test_the_migration_seeds_answers_in_both_languages(session: Any, app: Any) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the PostgreSQL fixtures empty every table")
    languages = {a.language for a in session.scalars(sa.select(CannedAnswer))}
    assert languages == {"en", "ko"}


def test_the_compose_form_offers_the_patients_language_first(
    client: Any, session: Any, login_as: Any, make_patient: Any, make_staff: Any
) -> None:
    session.add_all(
        [
            CannedAnswer(title="Normal", body="This is normal.", language="en"),
            CannedAnswer(title="정상입니다", body="정상입니다.", language="ko"),
        ]
    )
    session.commit()
    login_as("clinician")
    shown = page(client, f"/patients/{make_patient(language='ko').id}")
    assert shown.index("정상입니다") < shown.index("This is normal.")
    shown = page(client, f"/patients/{make_patient(language='en').id}")
    assert shown.index("This is normal.") < shown.index("정상입니다")


def test_staff_names_show_in_the_conversation(
    client: Any, session: Any, login_as: Any, api_as: Any, make_patient: Any
) -> None:
    patient = make_patient()
    api = api_as("clinician")
    api.post(f"/patients/{patient.id}/messages", {"body": "All is well."})
    writer = session.scalars(sa.select(Staff).where(Staff.role == "clinician")).first()
    login_as("receptionist")
    shown = page(client, f"/patients/{patient.id}")
    conversation = shown[shown.index('id="conversation"') :]
    assert writer.name in conversation and "All is well." in conversation
