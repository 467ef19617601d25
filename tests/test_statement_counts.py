"""Every staff page and API list costs the same number of SQL statements for 2 rows or 20."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic.accounts import create_token
from clinic.extensions import db
from clinic.models import Message, Reply, Staff
from clinic.review import raise_item, resolve_item
from clinic.timeutil import local_datetime
from clinic.visits import complete_visit
from tests.conftest import NOW, TODAY, day, login

PAGES = [
    "/",
    "/review",
    "/review?status=resolved",
    "/patients",
    "/patients?q=Count",
    "/patients/{first}",
    "/outcomes",
    "/outcomes?by=thread_type",
    "/inbox",
    "/inbox/unread.json",
]
API = [
    "/api/v1/visits",
    "/api/v1/review",
    "/api/v1/review?status=resolved",
    "/api/v1/patients?q=Count",
    "/api/v1/patients/{first}/messages",
    "/api/v1/patients/{first}/replies",
    "/api/v1/outcomes?by=practitioner",
    "/api/v1/practitioners",
]


@contextmanager
def counted(app: Flask) -> Iterator[list[str]]:
    """Collect every statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


class Clinic:
    """Builds patients with a completed procedure today, a reply and review items each."""

    def __init__(self, session: Any, settings: Any, make_patient: Any, make_visit: Any) -> None:
        self.session, self.settings = session, settings
        self.make_patient, self.make_visit = make_patient, make_visit
        self.doctors: list[Staff] = []
        self.patients: list[Any] = []

    def grow_to(self, count: int, doctors: list[Staff]) -> None:
        while len(self.patients) < count:
            n = len(self.patients)
            patient = self.make_patient(name=f"Count Patient{n}", birth_year=1960 + n)
            # Today from 10:00 Seoul (NOW is 09:00), a slot per doctor per hour.
            starts = local_datetime(
                TODAY, NOW.astimezone(self.settings.timezone).time(), self.settings.timezone
            )
            starts += timedelta(hours=1 + n // len(doctors))
            visit = self.make_visit(
                patient, starts_at=starts, who=doctors[n % len(doctors)], duration_minutes=30
            )
            complete_visit(self.session, self.settings, visit, None, NOW)
            self.session.flush()
            prompt = self.session.scalars(
                sa.select(Message).where(Message.visit_id == visit.id).order_by(Message.id)
            ).first()
            reply = Reply(
                message_sid=f"SMcount{n}",
                patient=patient,
                message=prompt,
                from_number=patient.phone,
                body="a dent on my cheek",
                findings=["dimple"],
                severity="concern",
                received_at=NOW,
            )
            self.session.add(reply)
            self.session.flush()
            for kind in ("open", "resolved"):
                item = raise_item(
                    self.session,
                    key=f"count:{kind}:{n}",
                    patient=patient,
                    visit=visit,
                    reply=reply,
                    reason="Dimple reported",
                    severity=("urgent", "concern", "expected")[n % 3],
                    findings=["dimple"],
                    now=NOW,
                )
                if kind == "resolved":
                    resolve_item(
                        self.session, item, doctors[0], outcome="reassured", note="", now=NOW
                    )
            self.patients.append(patient)
            if n:
                # The first patient also gets a visit on each following day.
                self.make_visit(
                    self.patients[0],
                    kind="consultation",
                    starts_at=local_datetime(
                        day(n),
                        NOW.astimezone(self.settings.timezone).time(),
                        self.settings.timezone,
                    )
                    + timedelta(hours=2),
                    who=doctors[0],
                )
            self.session.commit()


@pytest.fixture
def grown(
    app: Flask, session: Any, settings: Any, make_patient: Any, make_visit: Any, make_staff: Any
) -> tuple[Clinic, list[Staff]]:
    doctors = [make_staff("clinician", name=f"Dr {n}") for n in range(4)]
    return Clinic(session, settings, make_patient, make_visit), doctors


def _counts(
    app: Flask, client: FlaskClient, urls: list[str], first: int, token: str
) -> dict[str, int]:
    found = {}
    for url in urls:
        target = url.format(first=first)
        headers = {"Authorization": f"Bearer {token}"} if target.startswith("/api") else {}
        # A fresh app context: its own session and g, as a real request has, so
        # nothing loaded by an earlier request or by the test hides a query.
        with app.app_context(), counted(app) as statements:
            response = client.get(target, headers=headers)
        assert response.status_code == 200, (target, response.get_data(as_text=True)[:500])
        found[url] = len(statements)
    return found


def test_pages_and_api_lists_cost_the_same_statements_for_2_rows_or_20(
    app: Flask, client: FlaskClient, session: Any, grown: Any, make_staff: Any
) -> None:
    clinic_rows, doctors = grown
    admin = make_staff("admin")
    token = create_token(session, admin)
    session.commit()
    login(client, admin)
    clinic_rows.grow_to(2, doctors)
    first = clinic_rows.patients[0].id
    small = _counts(app, client, PAGES + API, first, token)
    clinic_rows.grow_to(20, doctors)
    large = _counts(app, client, PAGES + API, first, token)
    grew = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert grew == {}, f"statements grew with the rows (2 rows, 20 rows): {grew}"
    # A handful each: a page is a few queries, never one per row.
    assert max(large.values()) <= 15, large


def test_the_counter_sees_a_query_per_row(app: Flask, grown: Any) -> None:
    """The listener is what the test above relies on: lazy loads per row show up in it."""
    clinic_rows, doctors = grown
    clinic_rows.grow_to(3, doctors)
    db.session.remove()
    with counted(app) as statements:
        visits = db.session.scalars(sa.select(Message)).all()
        for message in visits:
            _ = message.visit.patient_id if message.visit else None
    assert len(statements) > 3
