"""The whole flow in Debian's Chromium, against the real server started by the test.

A receptionist registers a Korean-speaking patient with thin skin, books a procedure
(and sees a double booking refused), completes it, sends the day-3 check from the
phone simulator and replies as the patient; a clinician finds the reply in the review
queue and books a review visit from it.

Screenshots go to a temporary folder, or to ``docs/screenshots`` with
THREADCARE_SCREENSHOTS=docs/screenshots (how the README's pictures are made).
"""

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from clinic.models import utcnow
from tests.e2e.conftest import ZONE, nav, new_page, sign_in

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def test_front_desk_to_clinician_walkthrough(browser: Any, server: str, shots: Path) -> None:
    expect = sync_api.expect
    desk = new_page(browser, server)
    sign_in(desk, "mina@hanbit.test")

    # Register a Korean-speaking patient with thin skin; a bad number is refused first.
    nav(desk, "Patients").click()
    desk.get_by_role("link", name="Register a patient").first.click()
    desk.get_by_label("Name").fill("김서연")
    desk.get_by_label("Mobile phone").fill("010-12")
    desk.get_by_role("button", name="Register patient").click()
    expect(desk.locator(".field.has-error p.error").first).to_contain_text("phone number")
    expect(desk.get_by_label("Name")).to_have_value("김서연")  # what was typed is kept
    desk.get_by_label("Mobile phone").fill("010-4321-8765")
    desk.get_by_label("Language of texts").select_option("ko")
    desk.get_by_label("Patient agreed to receive aftercare texts").check()
    desk.get_by_label("Birth year").fill("1968")
    desk.get_by_label("Skin thickness").select_option("thin")
    desk.get_by_role("button", name="Register patient").click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("김서연")
    expect(desk.locator("body")).to_contain_text("+82 10-4321-8765")

    # Book a procedure two days ahead at 11:00 clinic time.
    day = (utcnow().astimezone(ZoneInfo(ZONE)) + timedelta(days=2)).date().isoformat()
    desk.get_by_role("link", name="Book a visit").first.click()
    desk.get_by_label("Practitioner").select_option(label="Dr Park")
    desk.get_by_label("Kind of visit").select_option("procedure")
    desk.get_by_label("Date").fill(day)
    desk.get_by_label("Time").fill("11:00")
    desk.get_by_label("cheeks").check()
    desk.get_by_label("Threads row 1, type").select_option("cog")
    desk.get_by_label("Threads row 1, material").select_option("PDO")
    desk.get_by_label("Threads row 1, count").fill("8")
    desk.screenshot(path=str(shots / "02-booking-a-procedure.png"), full_page=True)
    desk.get_by_role("button", name="Book visit").click()
    expect(desk.locator(".flash.success")).to_contain_text("Booked 김서연")
    visit_url = desk.url

    # A second patient at the same time with the same doctor is refused, with the reason.
    desk.goto("/patients/new")
    desk.get_by_label("Name").fill("Emma Clarke")
    desk.get_by_label("Mobile phone").fill("+1 212 555 0142")
    desk.get_by_role("button", name="Register patient").click()
    desk.get_by_role("link", name="Book a visit").first.click()
    desk.get_by_label("Practitioner").select_option(label="Dr Park")
    desk.get_by_label("Date").fill(day)
    desk.get_by_label("Time").fill("11:30")
    desk.get_by_role("button", name="Book visit").click()
    expect(desk.locator(".has-error .error").first).to_contain_text("Dr Park is already booked")
    desk.screenshot(path=str(shots / "03-double-booking-refused.png"), full_page=True)

    # The day view shows the booking.
    desk.goto(f"/?date={day}")
    expect(desk.locator(".visit").first).to_contain_text("김서연")

    # Complete it: the aftercare plan starts now.
    desk.goto(visit_url)
    desk.get_by_role("button", name="Mark completed").click()
    # Two days early: the page asks first, saying that the aftercare plan starts now.
    expect(desk.locator("main")).to_contain_text("the aftercare plan starts now")
    desk.get_by_role("button", name="Yes, complete it now").click()
    expect(desk.locator(".flash.success")).to_contain_text("aftercare")

    # On the patient's phone, send the day-3 check now and reply as the patient.
    nav(desk, "Phones").click()
    desk.get_by_role("link", name="김서연").click()
    desk.get_by_role("button", name="Send the day 3 check (photo) now").click()
    expect(desk.locator(".flash.success")).to_contain_text("day 3 check")
    expect(desk.locator('.bubble[data-step="day3_check"]')).to_contain_text("패인")
    desk.get_by_label("Reply as the patient").fill("볼에 보조개가 생겼어요")
    desk.get_by_role("button", name="Send as 서연").click()
    expect(desk.locator(".flash.warning")).to_contain_text("review queue")
    # Need-to-know: the front desk sees that a clinical reply arrived, not its words.
    expect(desk.locator(".bubble.out").last).to_contain_text("A clinical reply arrived")
    expect(desk.locator("body")).not_to_contain_text("볼에 보조개가 생겼어요")
    desk.screenshot(path=str(shots / "04-phone-day3-check-and-reply.png"), full_page=True)
    # The front desk does not see clinical items.
    nav(desk, "Review").click()
    expect(desk.locator("body")).not_to_contain_text("볼에 보조개가 생겼어요")

    # A clinician sees the flagged reply and books a review visit from it.
    doctor = new_page(browser, server)
    sign_in(doctor, "park@hanbit.test")
    nav(doctor, "Review").click()
    item = doctor.locator(".queue .item").first
    expect(item).to_contain_text("김서연")
    expect(item).to_contain_text("dimple")
    expect(item.locator(".badge").first).to_have_text("Concern")
    doctor.screenshot(path=str(shots / "05-review-queue.png"), full_page=True)
    item.get_by_role("link", name="김서연").click()
    expect(doctor.locator("body")).to_contain_text("Cog (barbed)")
    expect(doctor.locator("body")).to_contain_text("thickness Thin")
    doctor.screenshot(path=str(shots / "06-review-item.png"), full_page=True)
    doctor.get_by_role("link", name="Book a review visit").click()
    review_day = (utcnow().astimezone(ZoneInfo(ZONE)) + timedelta(days=5)).date().isoformat()
    doctor.get_by_label("Date").fill(review_day)
    doctor.get_by_label("Time").fill("15:00")
    doctor.get_by_role("button", name="Book visit").click()
    expect(doctor.locator(".flash.success")).to_contain_text("review visit booked")
    nav(doctor, "Review").click()
    doctor.get_by_role("link", name="Resolved").click()
    resolved = doctor.locator(".queue .item").first
    expect(resolved).to_contain_text("Review visit booked by Dr Park")
    doctor.screenshot(path=str(shots / "07-resolved.png"), full_page=True)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_pages_work_by_keyboard_at_desktop_and_tablet_sizes(
    browser: Any, server: str, shots: Path, width: int, height: int
) -> None:
    expect = sync_api.expect
    page = new_page(browser, server, width, height)
    sign_in(page, "mina@hanbit.test")
    # Tab from the top: the skip link first, then the navigation, with a visible focus ring.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Day")
    outline = focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    for url in ("/", "/patients", "/patients/new", "/visits/new", "/review", "/phone"):
        page.goto(url)
        # Nothing runs off the side of the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways at {width}px"
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
            'input:not([type=hidden]), select, textarea')].filter(e =>
            !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
        assert unlabelled == [], f"{url} has fields without labels: {unlabelled}"
    page.goto("/")
    page.screenshot(path=str(shots / f"day-view-{width}x{height}.png"), full_page=True)


PHONE_PAGES = (
    "/",
    "/week",
    "/patients",
    "/patients/new",
    "/patients/1",
    "/visits/new",
    "/visits/1",
    "/visits/1/move",
    "/review",
    "/phone",
    "/phone/1",
    "/outcomes",
    "/admin/schedule",
    "/admin/no-shows",
    "/admin/staff",
    "/admin/audit",
    "/admin/canned",
    "/inbox",
    "/plans",
    "/plans/1",
    "/plans/1/steps/day7_check",
    "/me",
)


def test_no_page_scrolls_sideways_at_phone_width(browser: Any, server: str, shots: Path) -> None:
    expect = sync_api.expect
    page = new_page(browser, server, 390, 844)
    sign_in(page, "admin@hanbit.test")
    # The menu takes one row: its items scroll inside it rather than wrapping.
    rows = page.evaluate(
        "new Set([...document.querySelectorAll('nav[aria-label=Main] li')]"
        ".map(li => li.getBoundingClientRect().top)).size"
    )
    assert rows == 1
    for url in PHONE_PAGES:
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        expect(page.locator("main")).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways at 390px by {overflow}px"
    page.goto("/")
    page.screenshot(path=str(shots / "day-view-390x844.png"), full_page=True)
