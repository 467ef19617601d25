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
