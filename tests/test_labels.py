"""Every code the pages show has human words; none reaches the screen raw."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from clinic.checks import FINDING_CODES
from clinic.labels import TABLES, label
from clinic.models.message import MESSAGE_KINDS, MESSAGE_STATUSES
from clinic.models.review import OUTCOMES, REVIEW_SEVERITIES
from clinic.models.visit import AREAS, THREAD_TYPES, VISIT_KINDS, VISIT_STATUSES
from clinic.outcomes import GROUPINGS
from clinic.plans import ALL_STEPS
from tests.conftest import csrf_token, page

CODES = [
    ("finding", FINDING_CODES),
    ("step", tuple(ALL_STEPS)),
    ("visit_kind", VISIT_KINDS),
    ("visit_status", VISIT_STATUSES),
    ("message_kind", MESSAGE_KINDS),
    ("message_status", MESSAGE_STATUSES),
    ("severity", REVIEW_SEVERITIES),
    ("outcome", OUTCOMES),
    ("grouping", GROUPINGS),
    ("area", AREAS),
    ("thread_type", THREAD_TYPES),
]


@pytest.mark.parametrize(("table", "codes"), CODES)
def test_every_code_has_a_label(table: str, codes: tuple[str, ...]) -> None:
    missing = [c for c in codes if c not in TABLES[table]]
    assert missing == []
    assert all("_" not in label(c, table) for c in codes)


# Machine words the issue found on screen.
RAW = re.compile(r"pain swelling|day\d+ check|followup invite|hollow check|>nothing<|_")


def test_pages_show_words_not_codes(
    client: FlaskClient, login_as: Callable[[str], Any], make_visit: Callable[..., Any]
) -> None:
    login_as("admin")
    visit = make_visit()
    pages = [f"/visits/{visit.id}", f"/patients/{visit.patient_id}", "/", "/outcomes"]
    for url in pages:
        text = page(client, url)
        body = re.sub(r"<[^>]*>", " ", text[text.index("<main") :])
        found = RAW.search(body)
        assert found is None, f"{url}: {body[max(0, found.start() - 60) : found.end() + 60]}"
    detail = page(client, f"/visits/{visit.id}")
    assert "Booking confirmation" in detail and "Reminder the day before" in detail
    token = csrf_token(client, f"/visits/{visit.id}")
    client.post(f"/visits/{visit.id}/complete", data={"csrf_token": token, "confirmed": "yes"})
    detail = " ".join(re.sub(r"<[^>]*>", " ", page(client, f"/visits/{visit.id}")).split())
    assert "Completed on" in detail and "completed completed" not in detail.lower()
    assert "Day 1 check" in detail
