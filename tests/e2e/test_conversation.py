"""A clinician answers a reply with a canned text edited in place, in Debian's Chromium.

The front desk registers a patient, who texts a worrying reply from the phone simulator;
a clinician opens the review item, inserts a canned answer, edits it in place, watches
the segment counter, and presses "Resolve and send": the item is resolved and, once the
server's scheduler has dispatched, the patient's phone shows the text. Screenshots of
the inbox and the review item in English and Korean go to THREADCARE_SCREENSHOTS.
"""

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import new_page, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def register(desk: Any, name: str, phone: str, language: str = "en") -> str:
    """Register a consenting patient through the form; return their id."""
    desk.goto("/patients/new")
    desk.get_by_label("Name").fill(name)
    desk.get_by_label("Mobile phone").fill(phone)
    desk.get_by_label("Language of texts").select_option(language)
    desk.get_by_label("Patient agreed to receive aftercare texts").check()
    desk.get_by_role("button", name="Register patient").click()
    return re.search(r"/patients/(\d+)", desk.url).group(1)  # type: ignore[union-attr]


def text_from_phone(desk: Any, patient_id: str, body: str) -> None:
    """Type a reply on the patient's simulated phone."""
    desk.goto(f"/phone/{patient_id}")
    before = desk.locator(".bubble.out").count()
    desk.get_by_label("Reply as the patient").fill(body)
    desk.get_by_role("button", name=re.compile(r"^Send as ")).click()
    sync_api.expect(desk.locator(".bubble.out")).to_have_count(before + 1)


def test_clinician_answers_a_reply_with_an_edited_canned_text(
    browser: Any, server: str, shots: Path
) -> None:
    expect = sync_api.expect
    desk = new_page(browser, server)
    sign_in(desk, "mina@hanbit.test")
    emma = register(desk, "Emma Stone", "+1 212 555 0177")
    minji = register(desk, "김민지", "010-4444-7788", "ko")
    text_from_phone(desk, emma, "There is a small dent on my left cheek. Is this normal?")
    text_from_phone(desk, minji, "볼이 조금 부었어요. 괜찮은 건가요?")
    text_from_phone(desk, minji, "금요일로 예약을 옮길 수 있을까요?")

    doctor = new_page(browser, server)
    sign_in(doctor, "park@hanbit.test")

    # The inbox lists both conversations with their unread replies; the badge counts them.
    doctor.goto("/inbox")
    badge = doctor.locator("[data-unread-badge]")
    expect(badge).to_have_text("3")
    rows = doctor.locator("[data-inbox-rows] > li")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("김민지")
    doctor.screenshot(path=str(shots / "12-inbox.png"), full_page=True)

    # The clinician opens Emma's review item and answers it.
    doctor.goto("/review")
    doctor.locator("a.item-title", has_text="Emma Stone").first.click()
    expect(doctor.get_by_role("heading", level=1)).to_contain_text("Emma Stone")
    canned = doctor.get_by_label("Canned answer")
    expect(canned.locator("option:checked")).to_have_text("Bruising is expected")
    canned.select_option(label="Normal in the first week")
    doctor.get_by_role("button", name="Insert").click()
    body = doctor.get_by_label("Text to the patient")
    expect(body).to_have_value(re.compile(r"^Swelling, tightness and small bumps are normal"))
    # Edited in place: a greeting before the canned words and a signature after them.
    body.press("Control+Home")
    body.type("Hi Emma, a small dent is common too. ")
    body.press("Control+End")
    body.type(" Dr Park")
    counter = doctor.locator("#segment-count")
    expect(counter).to_contain_text("GSM-7")
    expect(counter).to_contain_text("2 segment")
    expect(doctor.locator("[data-confirm-long]")).to_be_hidden()
    sent_text = body.input_value()
    assert sent_text.startswith("Hi Emma, a small dent is common too. Swelling")
    assert sent_text.endswith("gets worse. Dr Park")
    doctor.screenshot(path=str(shots / "13-review-item-answer.png"), full_page=True)
    doctor.get_by_role("button", name="Resolve and send").click()
    expect(doctor.locator(".flash.success").first).to_contain_text("Text to Emma Stone queued")
    expect(doctor.locator("body")).to_contain_text("Review item resolved")

    # The patient's phone shows the text once the scheduler has dispatched it.
    doctor.goto(f"/phone/{emma}")
    bubble = doctor.locator(".bubble", has_text="Hi Emma, a small dent is common too.")
    deadline = time.monotonic() + 60
    while bubble.count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        doctor.reload()
    expect(bubble).to_have_count(1)
    expect(bubble).to_contain_text("Dr Park")

    # On the patient's page the conversation names who wrote it.
    doctor.goto(f"/patients/{emma}")
    conversation = doctor.locator("#conversation")
    expect(conversation.locator("li.staff")).to_contain_text("Dr Park")
    expect(conversation.locator("li.staff")).to_contain_text("Hi Emma")

    # The same screens in Korean: the clinician switches their own language.
    doctor.goto("/me")
    doctor.locator("select#language").select_option("ko")
    doctor.locator("form.card button.primary").click()
    doctor.goto("/inbox")
    expect(doctor.locator("html")).to_have_attribute("lang", "ko")
    expect(doctor.locator("h1")).to_have_text("받은 문자함")
    doctor.screenshot(path=str(shots / "14-inbox-ko.png"), full_page=True)
    doctor.goto("/review")
    doctor.locator("a.item-title", has_text="김민지").first.click()
    canned = doctor.get_by_label("상용 답변")
    expect(canned.locator("option:checked")).to_have_text("내일 내원해 주세요")
    canned.select_option(label="첫 주에는 정상입니다")
    doctor.get_by_role("button", name="넣기").click()
    expect(doctor.locator("#segment-count")).to_contain_text("UCS-2")
    doctor.screenshot(path=str(shots / "15-review-item-answer-ko.png"), full_page=True)

    # On a phone-sized screen nothing scrolls sideways: inbox, patient page, canned answers.
    small = new_page(browser, server, width=390, height=844)
    sign_in(small, "admin@hanbit.test")
    for path in ("/inbox", f"/patients/{emma}", "/admin/canned"):
        small.goto(path)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    small.goto("/admin/canned")
    small.screenshot(path=str(shots / "16-canned-answers-390.png"), full_page=True)
