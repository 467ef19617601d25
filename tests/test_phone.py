"""The phone simulator: staff only, console only, and replies go through the real pipeline."""

import io
from typing import Any

import pytest
import sqlalchemy as sa

from clinic.models import AuditEvent, Message, Reply, ReviewItem
from tests.conftest import csrf_token

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def texted(session: Any, make_visit: Any) -> Any:
    """A patient with a booked procedure: a confirmation and reminders are waiting."""
    return make_visit().patient


def waiting(session: Any, patient: Any, step: str) -> Message:
    session.expire_all()
    return session.scalars(
        sa.select(Message).where(Message.patient_id == patient.id, Message.step == step)
    ).one()


def test_simulator_needs_sign_in(client: Any, texted: Any) -> None:
    for url in ("/phone", f"/phone/{texted.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_simulator_is_off_with_twilio(app: Any, client: Any, texted: Any, login_as: Any) -> None:
    login_as("receptionist")
    app.config["SMS_BACKEND"] = "twilio"
    assert client.get(f"/phone/{texted.id}").status_code == 404


def test_send_now_delivers_a_waiting_text_to_the_phone(
    client: Any, session: Any, texted: Any, login_as: Any
) -> None:
    login_as("receptionist")
    reminder = waiting(session, texted, "reminder")
    url = f"/phone/{texted.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Send the reminder the day before now" in page
    token = csrf_token(client, url)
    response = client.post(f"/phone/texts/{reminder.id}/send-now", data={"csrf_token": token})
    assert response.status_code == 303
    sent = waiting(session, texted, "reminder")
    assert sent.status == "delivered" and sent.twilio_sid and sent.twilio_sid.startswith("SMcon")
    phone = client.get(url).get_data(as_text=True)
    assert 'data-step="reminder"' in phone and "Sent the reminder the day before now." in phone
    again = client.post(f"/phone/texts/{reminder.id}/send-now", data={"csrf_token": token})
    assert "only a waiting text can be sent now" in client.get(again.headers["Location"]).get_data(
        as_text=True
    )


def test_send_now_without_csrf_sends_nothing(
    client: Any, session: Any, texted: Any, login_as: Any
) -> None:
    login_as("receptionist")
    reminder = waiting(session, texted, "reminder")
    assert client.post(f"/phone/texts/{reminder.id}/send-now").status_code == 400
    assert waiting(session, texted, "reminder").status == "pending"


def test_reply_with_a_photo_goes_through_triage_to_the_queue(
    client: Any, session: Any, texted: Any, login_as: Any
) -> None:
    login_as("receptionist")
    url = f"/phone/{texted.id}"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "body": "there is a dent near my ear",
            "photo": (io.BytesIO(PNG), "cheek.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    reply = session.scalars(sa.select(Reply)).one()
    assert reply.message_sid.startswith("SMsim") and reply.findings == ["dimple"]
    assert len(reply.media) == 1 and reply.media[0].endswith(".png")
    item = session.scalars(sa.select(ReviewItem)).one()
    assert item.severity == "concern" and item.reply_id == reply.id
    photo = client.get(reply.media[0].replace("http://localhost", ""))
    assert photo.status_code == 200 and photo.data == PNG
    page = client.get(url).get_data(as_text=True)
    # Need-to-know: back on the phone page the receptionist sees that a clinical reply
    # arrived, not its words or photo.
    assert "review queue" in page and "there is a dent near my ear" not in page
    assert "A clinical reply arrived" in page and reply.media[0] not in page
    # The trail says which staff member typed the patient's reply.
    typed = session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "phone.simulated_reply")
    ).one()
    assert typed.actor.startswith("receptionist") and typed.subject == f"reply:{reply.id}"


def test_empty_reply_and_wrong_file_are_refused(
    client: Any, session: Any, texted: Any, login_as: Any
) -> None:
    login_as("receptionist")
    url = f"/phone/{texted.id}"
    empty = client.post(url, data={"csrf_token": csrf_token(client, url), "body": "  "})
    assert empty.status_code == 422 and "Type a reply or attach a photo." in empty.get_data(
        as_text=True
    )
    wrong = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "body": "hi",
            "photo": (io.BytesIO(b"MZ"), "virus.exe"),
        },
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "JPEG, PNG" in wrong.get_data(as_text=True)
    assert session.scalars(sa.select(Reply)).all() == []


def test_replies_api_shows_the_triage(
    client: Any, session: Any, texted: Any, login_as: Any, api_as: Any
) -> None:
    login_as("receptionist")
    url = f"/phone/{texted.id}"
    client.post(
        url, data={"csrf_token": csrf_token(client, url), "body": "열이 나고 고름이 나와요"}
    )
    replies = api_as("clinician").get(f"/patients/{texted.id}/replies").get_json()
    assert [(r["severity"], r["findings"]) for r in replies] == [("urgent", ["infection_sign"])]
    assert replies[0]["received_at"].endswith("Z")
    messages = api_as("clinician").get(f"/patients/{texted.id}/messages").get_json()
    answer = [m for m in messages if m["kind"] == "reply"]
    assert len(answer) == 1 and "call us now at +82 2-555-0100" in answer[0]["body"]
