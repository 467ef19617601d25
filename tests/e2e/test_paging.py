"""On-call paging in Debian's Chromium, against the real server and its scheduler.

A clinician adds a mobile number and goes on call from their profile page; an urgent
reply typed in the phone simulator puts a page on that clinician's simulated phone;
the clinician opens the item from the page, it shows as acknowledged, and no second
page goes out.
"""

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import new_page, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def test_urgent_reply_pages_the_on_call_clinician_who_acknowledges_by_opening_it(
    browser: Any, server: str, shots: Path
) -> None:
    expect = sync_api.expect
    doctor = new_page(browser, server)
    sign_in(doctor, "park@hanbit.test")

    # The clinician adds a mobile number and goes on call.
    doctor.get_by_role("link", name="Dr Park (clinician)").click()
    doctor.get_by_label("Mobile number for on-call pages").fill("010-7000-0001")
    doctor.get_by_role("button", name="Save").click()
    expect(doctor.locator(".flash.success")).to_contain_text("Saved")
    doctor.get_by_role("button", name="I'm on call").click()
    expect(doctor.locator("body")).to_contain_text("You are on call")

    # The front desk registers a patient, who texts an urgent reply from the simulator.
    desk = new_page(browser, server)
    sign_in(desk, "mina@hanbit.test")
    desk.goto("/patients/new")
    desk.get_by_label("Name").fill("Emma Stone")
    desk.get_by_label("Mobile phone").fill("+1 212 555 0199")
    desk.get_by_label("Patient agreed to receive aftercare texts").check()
    desk.get_by_role("button", name="Register patient").click()
    patient_id = re.search(r"/patients/(\d+)", desk.url).group(1)  # type: ignore[union-attr]
    desk.goto(f"/phone/{patient_id}")
    desk.get_by_label("Reply as the patient").fill("fever since last night and pus from my cheek")
    desk.get_by_role("button", name="Send as Emma").click()
    expect(desk.locator(".flash")).to_contain_text("urgent")

    # Within one dispatch pass the page is on the on-call clinician's phone.
    doctor.goto("/phone")
    doctor.get_by_role("link", name="Dr Park", exact=True).click()
    pages = doctor.locator(".bubble.in", has_text="URGENT")
    deadline = time.monotonic() + 45
    while pages.count() == 0 and time.monotonic() < deadline:
        time.sleep(1)
        doctor.reload()
    expect(pages).to_have_count(1)
    expect(pages.first).to_contain_text("ACK")
    expect(pages.first).not_to_contain_text("pus")
    doctor.screenshot(path=str(shots / "10-on-call-page.png"), full_page=True)
    link = re.search(r"/review/(\d+)", pages.first.inner_text())
    assert link, pages.first.inner_text()

    # Opening the item acknowledges it.
    doctor.goto(link.group(0))
    paging = doctor.locator("#paging")
    expect(paging).to_contain_text("Acknowledged")
    expect(paging).to_contain_text("Dr Park")
    expect(paging).to_contain_text("opened the item")
    expect(paging.locator("tbody tr")).to_have_count(1)
    doctor.screenshot(path=str(shots / "11-page-acknowledged.png"), full_page=True)

    # A whole scheduler cycle later, still exactly one page.
    time.sleep(16)
    doctor.go_back()
    doctor.reload()
    expect(doctor.locator(".bubble.in", has_text="URGENT")).to_have_count(1)
