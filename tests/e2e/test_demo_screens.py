"""The demonstration clinic in the browser: what a clinic trying threadcare first sees."""

from pathlib import Path
from typing import Any

import pytest

from clinic.demo import DEMO_PASSWORD
from tests.e2e.conftest import nav, new_page, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def test_demo_clinic_shows_a_busy_day_and_a_queue_by_urgency(
    browser: Any, demo_server: str, shots: Path
) -> None:
    expect = sync_api.expect
    desk = new_page(browser, demo_server)
    sign_in(desk, "mina@demo.clinic", DEMO_PASSWORD)
    cards = desk.locator(".visit")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    kinds = {c.get_attribute("class") for c in cards.all()}
    assert any("kind-procedure" in k for k in kinds) and any(
        "kind-consultation" in k for k in kinds
    )
    desk.screenshot(path=str(shots / "01-day-view.png"), full_page=True)

    doctor = new_page(browser, demo_server)
    sign_in(doctor, "park@demo.clinic", DEMO_PASSWORD)
    nav(doctor, "Review").click()
    items = doctor.locator(".queue .item")
    expect(items.first).to_have_class("card item sev-urgent")
    severities = [i.locator(".badge").first.inner_text() for i in items.all()]
    order = {"Urgent": 0, "Concern": 1, "Expected": 2, "For the front desk": 3}
    assert severities == sorted(severities, key=order.__getitem__)
    assert {"Urgent", "Concern", "Expected"} <= set(severities)
    doctor.screenshot(path=str(shots / "08-demo-review-queue.png"), full_page=True)
    nav(doctor, "Outcomes").click()
    expect(doctor.locator("h1")).to_have_text("Outcomes")
    expect(doctor.locator("body")).to_contain_text("Dimple or dent")
    doctor.screenshot(path=str(shots / "09-outcomes.png"), full_page=True)


def test_the_demo_clinic_in_korean_for_a_korean_front_desk(
    browser: Any, demo_server: str, shots: Path
) -> None:
    """README pictures in Korean: a receptionist who chose 한국어, a doctor whose browser is."""
    expect = sync_api.expect
    desk = new_page(browser, demo_server, locale="ko-KR")
    desk.goto("/login")
    expect(desk.locator("html")).to_have_attribute("lang", "ko")
    desk.get_by_label("이메일").fill("mina@demo.clinic")
    desk.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    desk.get_by_role("button", name="로그인").click()
    desk.wait_for_url("**/")
    desk.goto("/me")
    desk.locator("select#language").select_option("ko")
    desk.locator("form.card button.primary").click()
    expect(desk.locator(".flash.success")).to_have_text("저장했습니다.")
    desk.goto("/")
    expect(desk.locator("h1")).to_contain_text("(오늘)")
    expect(desk.locator(".visit").first).to_be_visible()
    desk.screenshot(path=str(shots / "01-day-view-ko.png"), full_page=True)
    desk.get_by_role("link", name="예약하기").first.click()
    expect(desk.locator("h1")).to_have_text("예약하기")
    desk.locator("select#kind").select_option("procedure")
    desk.screenshot(path=str(shots / "02-booking-a-procedure-ko.png"), full_page=True)

    doctor = new_page(browser, demo_server, locale="ko-KR")
    doctor.goto("/login")
    doctor.get_by_label("이메일").fill("park@demo.clinic")
    doctor.get_by_label("비밀번호").fill(DEMO_PASSWORD)
    doctor.get_by_role("button", name="로그인").click()
    doctor.wait_for_url("**/")
    doctor.goto("/review")
    severities = {i.inner_text() for i in doctor.locator(".queue .item .badge").all()}
    assert {"긴급", "주의", "정상 경과"} <= severities
    doctor.screenshot(path=str(shots / "08-demo-review-queue-ko.png"), full_page=True)
    doctor.locator(".queue .item .item-title").first.click()
    doctor.screenshot(path=str(shots / "06-review-item-ko.png"), full_page=True)
    doctor.goto("/outcomes")
    expect(doctor.locator("h1")).to_have_text("결과")
    doctor.screenshot(path=str(shots / "09-outcomes-ko.png"), full_page=True)
