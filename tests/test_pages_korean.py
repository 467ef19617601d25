"""A Korean receptionist's clinic: every staff page answers in Korean, with no English or codes."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from clinic.inbound import InboundText, receive_text
from clinic.models import CannedAnswer, Patient, Plan, ReviewItem, Staff, Visit
from clinic.schedule import close_day
from clinic.staff_phones import set_phone
from clinic.visits import ThreadInput, VisitInput, book_visit, complete_visit
from tests.conftest import NOW, day, login

# Words of the English pages that must not show through on a Korean page.
ENGLISH = re.compile(
    r"\b(Sign out|Book a visit|Patients|Review queue|Status|Practitioner|Consultation|"
    r"Procedure|Follow-up|Booked|Completed|Day \d+ check|Pain or swelling|Dimple or dent|"
    r"Cheeks|Save|Cancel|Notes|Texts|not recorded|not assessed|today|Week|Show|Search|"
    r"Password|Email|Name|Phone|Language|Time|Date|Resolve|Urgent|Concern|Expected|"
    r"Waiting|Sent|Delivered|Front desk|Clinician|Administrator|minutes?|visits?)\b"
)
# A code (lowercase words joined by "_") is never shown: "pain_swelling", "day7_check".
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


# What patients and staff wrote (texts, replies, canned answers) is in its own language.
CONTENT = re.compile(
    r"<blockquote.*?</blockquote>|<div class=\"body[^\"]*\"[^>]*>.*?</div>"
    r"|<div class=\"bubble.*?</div>"
    r"|<textarea.*?</textarea>|<td class=\"canned-body\">.*?</td>"
    # What staff type as shown (a placeholder, a finding's key), next to its meaning.
    r"|\{\{ ?[a-z_]+ ?\}\}|<code>.*?</code>",
    re.S,
)


def _visible(html: str) -> str:
    """The words of the page itself: no tags, no attributes, no texts people wrote."""
    main = CONTENT.sub(" ", html[html.index("<body") :])
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.fixture
def korean_clinic(
    session: Any, settings: Any, make_staff: Callable[..., Staff], make_patient: Any
) -> dict[str, Any]:
    """A clinic with a doctor, a Korean patient after a procedure, a reply and a closed day."""
    doctor = make_staff("clinician", name="한지수")
    set_phone(session, settings, doctor, "010-7000-0001")
    patient: Patient = make_patient(name="김민지", language="ko", birth_year=1970)
    done = book_visit(
        session,
        settings,
        VisitInput(
            patient_id=patient.id,
            practitioner_id=doctor.id,
            kind="procedure",
            starts_at=NOW + timedelta(hours=1),
            duration_minutes=60,
            areas=["cheeks", "jawline"],
            threads=[ThreadInput("cog", 8, "PDO")],
        ),
        None,
        NOW,
    )
    complete_visit(session, settings, done, None, NOW + timedelta(hours=2))
    upcoming = book_visit(
        session,
        settings,
        VisitInput(
            patient_id=patient.id,
            practitioner_id=doctor.id,
            kind="follow_up",
            starts_at=NOW + timedelta(days=7, hours=1),
            duration_minutes=30,
        ),
        None,
        NOW,
    )
    close_day(session, day(20), "워크숍", None, NOW)
    session.commit()
    receive_text(
        session,
        settings,
        InboundText("SMko1", patient.phone, "볼이 많이 붓고 아파요 pain swelling"),
        NOW + timedelta(hours=5),
    )
    session.commit()
    item = session.scalars(sa.select(ReviewItem)).first()
    answer = session.scalars(sa.select(CannedAnswer)).first()
    plan = session.scalars(sa.select(Plan)).first()
    return {
        "plan": plan,
        "doctor": doctor,
        "patient": patient,
        "done": done,
        "upcoming": upcoming,
        "item": item,
        "answer": answer,
    }


def _pages(c: dict[str, Any]) -> list[str]:
    p: Patient = c["patient"]
    v: Visit = c["upcoming"]
    done: Visit = c["done"]
    pages = [
        "/",
        f"/?date={day(1).isoformat()}",
        f"/?date={day(1).isoformat()}&find=30&kind=consultation",
        f"/week?practitioner_id={c['doctor'].id}",
        "/patients",
        "/patients?q=없는사람",
        "/patients/new",
        f"/patients/{p.id}",
        f"/patients/{p.id}/edit",
        "/visits/new",
        f"/visits/new?patient_id={p.id}",
        f"/visits/{v.id}",
        f"/visits/{done.id}",
        f"/visits/{v.id}/move",
        "/review",
        "/review?status=resolved",
        "/inbox",
        "/admin/canned",
        "/outcomes",
        "/admin/staff",
        "/admin/audit",
        "/admin/schedule",
        "/admin/no-shows",
        "/me",
        "/account/password",
        "/phone",
        f"/phone/{p.id}",
        f"/phone/staff/{c['doctor'].id}",
    ]
    if c["item"] is not None:
        pages.append(f"/review/{c['item'].id}")
    if c["answer"] is not None:
        pages.append(f"/admin/canned/{c['answer'].id}")
    if c["plan"] is not None:
        pages += ["/plans", f"/plans/{c['plan'].id}", f"/plans/{c['plan'].id}/steps/day7_check"]
    return pages


@pytest.fixture(params=["own setting", "browser"])
def korean_admin(
    request: pytest.FixtureRequest, client: FlaskClient, make_staff: Callable[..., Staff]
) -> Staff:
    """An admin who reads Korean: by their own setting, or by the browser with none set."""
    if request.param == "own setting":
        staff = make_staff("admin", name="박관리", language="ko")
    else:
        staff = make_staff("admin", name="박관리", language=None)
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ko-KR,ko;q=0.9,en-US;q=0.5"
    login(client, staff)
    return staff


def test_every_staff_page_is_in_korean(
    client: FlaskClient, korean_clinic: dict[str, Any], korean_admin: Staff
) -> None:
    assert korean_clinic["item"] is not None, "the reply should have raised a review item"
    for url in _pages(korean_clinic):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert '<html lang="ko">' in html, url
        text = _visible(html)
        assert "로그아웃" in text, url
        if url == "/admin/audit":
            continue  # the trail shows records as kept: action names its filter takes, details
        english = ENGLISH.search(text)
        assert english is None, (
            f"{url}: …{text[max(0, english.start() - 60) : english.end() + 60]}…"
        )
        code = CODE.search(text)
        assert code is None, f"{url}: …{text[max(0, code.start() - 60) : code.end() + 60]}…"


def test_korean_labels_and_dates_replace_codes(
    client: FlaskClient, korean_clinic: dict[str, Any], korean_admin: Staff
) -> None:
    done = _visible(client.get(f"/visits/{korean_clinic['done'].id}").get_data(as_text=True))
    assert "시술" in done and "볼, 턱선" in done and "코그 (돌기형)" in done
    assert "1일차 경과 확인" in done and "사후 관리 안내" in done
    local = NOW.astimezone(ZoneInfo("Asia/Seoul"))
    assert f"{local.month}월 {local.day}일" in done
    day_page = _visible(client.get("/").get_data(as_text=True))
    assert "예약하기" in day_page and "(오늘)" in day_page
    review = _visible(client.get("/review").get_data(as_text=True))
    assert "통증·부기" in review


def test_the_sign_in_page_is_korean_for_a_korean_browser(client: FlaskClient) -> None:
    html = client.get("/login", headers={"Accept-Language": "ko"}).get_data(as_text=True)
    assert '<html lang="ko">' in html
    assert "로그인" in _visible(html) and "Sign in" not in _visible(html)


def test_a_staff_member_picks_korean_english_or_the_browser_on_their_profile(
    client: FlaskClient, make_staff: Callable[..., Staff], session: Any
) -> None:
    staff = make_staff("receptionist", language=None)
    login(client, staff)
    assert '<html lang="en">' in client.get("/me").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/me").text)
    assert token is not None
    for choice, lang in (("ko", "ko"), ("en", "en"), ("", "ko")):
        client.post(
            "/me",
            data={"csrf_token": token.group(1), "phone": "", "language": choice},
            headers={"Accept-Language": "ko"},
        )
        session.expire_all()
        assert staff.language == (choice or None)
        page = client.get("/me", headers={"Accept-Language": "ko"}).get_data(as_text=True)
        assert f'<html lang="{lang}">' in page
    english = client.get("/me", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "As my browser is set" in english
