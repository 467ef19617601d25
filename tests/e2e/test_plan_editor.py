"""An admin edits the day-7 wording in Korean, in Debian's Chromium.

The preview shows the new wording for a sample patient as the admin types; once saved,
a procedure completed afterwards gets the new wording while one completed before keeps
the old. Screenshots of the plan editor in English and Korean go to THREADCARE_SCREENSHOTS.
"""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clinic.models import utcnow
from tests.e2e.conftest import ZONE, new_page, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

NEW_WORDING = "일주일 지났어요. 실 주변 피부는 어떠세요?"


def completed_procedure(desk: Any, name: str, phone: str, hour: str) -> str:
    """Register a Korean-speaking patient, book a procedure and complete it; return the id."""
    desk.goto("/patients/new")
    desk.get_by_label("Name").fill(name)
    desk.get_by_label("Mobile phone").fill(phone)
    desk.get_by_label("Language of texts").select_option("ko")
    desk.get_by_label("Patient agreed to receive aftercare texts").check()
    desk.get_by_role("button", name="Register patient").click()
    patient_id = re.search(r"/patients/(\d+)", desk.url).group(1)  # type: ignore[union-attr]
    day = (utcnow().astimezone(ZoneInfo(ZONE)) + timedelta(days=1)).date().isoformat()
    desk.get_by_role("link", name="Book a visit").first.click()
    desk.get_by_label("Practitioner").select_option(label="Dr Park")
    desk.get_by_label("Kind of visit").select_option("procedure")
    desk.get_by_label("Date").fill(day)
    desk.get_by_label("Time").fill(hour)
    desk.get_by_label("cheeks").check()
    desk.get_by_label("Threads row 1, type").select_option("mono")
    desk.get_by_label("Threads row 1, material").select_option("PDO")
    desk.get_by_label("Threads row 1, count").fill("8")
    desk.get_by_role("button", name="Book visit").click()
    desk.get_by_role("button", name="Mark completed").click()
    desk.get_by_role("button", name="Yes, complete it now").click()
    sync_api.expect(desk.locator(".flash.success")).to_contain_text("aftercare")
    return patient_id


def day7_text(page: Any, patient_id: str) -> str:
    page.goto(f"/patients/{patient_id}")
    item = page.locator("ol.timeline li", has_text="Day 7 check").first
    return str(item.locator(".body").inner_text())


def test_admin_changes_the_day7_wording_in_korean(browser: Any, server: str, shots: Path) -> None:
    expect = sync_api.expect
    desk = new_page(browser, server)
    sign_in(desk, "mina@hanbit.test")
    older = completed_procedure(desk, "이수진", "010-5555-1201", "10:00")

    admin = new_page(browser, server)
    sign_in(admin, "admin@hanbit.test")
    admin.goto("/plans")
    admin.get_by_role("link", name="Thread lift aftercare").click()
    expect(admin.locator("h1")).to_have_text("Thread lift aftercare")
    admin.locator("a[href$='/steps/day7_check']").click()
    korean = admin.get_by_label("Text in Korean")
    text = korean.input_value()
    korean.fill(text.replace("1주째인데 피부는 어떠세요?", NEW_WORDING))
    preview = admin.locator("[data-language=ko] .preview-text")
    expect(preview).to_contain_text("지수님, " + NEW_WORDING)
    expect(admin.locator("[data-language=ko] .segments")).to_contain_text("UCS-2")
    admin.screenshot(path=str(shots / "17-plan-editor.png"), full_page=True)

    # A placeholder that does not exist is refused live, with the reason.
    korean.fill(text + " {{ nickname }}")
    expect(admin.locator("[data-language=ko] .preview-error")).to_contain_text("nickname")
    korean.fill(text.replace("1주째인데 피부는 어떠세요?", NEW_WORDING))
    admin.get_by_role("button", name="Save as a new version").click()
    expect(admin.locator(".flash.success")).to_contain_text("version 2")
    history = admin.locator(".plan-history li").first
    expect(history).to_contain_text("Ada Admin")
    expect(history).to_contain_text("Day 7 check: Korean text")  # English untouched

    newer = completed_procedure(desk, "최하늘", "010-5555-1202", "12:00")
    doctor = new_page(browser, server)
    sign_in(doctor, "park@hanbit.test")
    assert NEW_WORDING in day7_text(doctor, newer)
    assert NEW_WORDING not in day7_text(doctor, older)
    assert "1주째인데 피부는 어떠세요?" in day7_text(doctor, older)

    # The editor in Korean.
    admin.goto("/me")
    admin.locator("select#language").select_option("ko")
    admin.locator("form.card button.primary").click()
    admin.goto("/plans")
    expect(admin.locator("h1")).to_have_text("시술 후 관리 계획")
    admin.locator("a", has_text="Thread lift aftercare").click()
    admin.screenshot(path=str(shots / "18-plan-steps-ko.png"), full_page=True)
    admin.locator("a[href$='/steps/day7_check']").click()
    expect(admin.locator("[data-language=ko] .preview-text")).to_contain_text(NEW_WORDING)
    admin.screenshot(path=str(shots / "19-plan-editor-ko.png"), full_page=True)
