"""Fixtures: an app on a real SQLite file (and PostgreSQL where configured), factories, guards."""

import html
import ipaddress
import os
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import flask_migrate
import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from clinic import MIGRATIONS_DIR, create_app
from clinic.accounts import create_staff, create_token
from clinic.config import ClinicSettings
from clinic.extensions import db
from clinic.models import Patient, Staff, Visit
from clinic.patients import PatientInput, create_patient
from clinic.plans.seed import seed_plans
from clinic.visits import ThreadInput, VisitInput, book_visit

pytest_plugins = ["tests.twilio_standin"]

PASSWORD = "correct horse battery"
# The moment every test starts at: Thursday 26 Nov 2026, 09:00 in Seoul, outside quiet hours.
# Tests build every other date from it; none reads the real wall clock.
NOW = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
TODAY = NOW.astimezone(ZoneInfo("Asia/Seoul")).date()


def day(offset: int) -> date:
    """The Seoul calendar day ``offset`` days after the frozen NOW's day."""
    return TODAY + timedelta(days=offset)


PG_URL = os.environ.get("TEST_DATABASE_URL", "")

# Settings the developer's shell might carry; tests start from the contract's defaults.
_ENV_KEYS = (
    "DATABASE_URL SECRET_KEY CLINIC_NAME CLINIC_PHONE CLINIC_TIMEZONE CLINIC_COUNTRY "
    "QUIET_HOURS SMS_BACKEND TWILIO_ACCOUNT_SID TWILIO_AUTH_TOKEN TWILIO_FROM_NUMBER "
    "TWILIO_MESSAGING_SERVICE_SID TWILIO_API_URL PUBLIC_BASE_URL DAILY_TEXT_CAP "
    "ESCALATE_AFTER_MINUTES"
).split()


def pytest_report_header() -> str:
    return f"PostgreSQL tests: {'on' if PG_URL else 'skipped (TEST_DATABASE_URL not set)'}"


def pytest_unconfigure() -> None:
    """Cancel one-shot timers (Flask-Limiter's memory store) so the run can exit."""
    # Under CI's shifted-clock run libfaketime also fakes the monotonic clock, a timed wait
    # never ends there, and Python waits for every live Timer before it exits.
    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.cancel()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Skipped by a mark, so that `-rs` folds them into one line per file.
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """Freeze the clock at NOW for every test; time then runs on from there.

    ``clock.move_to(moment)`` or ``clock.shift(timedelta)`` set another moment.
    Processes a test starts get the same clock through ``tests.frozen``.
    """
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in _ENV_KEYS:
        monkeypatch.delenv(key, raising=False)


_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            allowed = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = False
        if not allowed:
            raise AssertionError(f"test tried to reach {host}: only loopback is allowed")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


BASE_CONFIG: dict[str, Any] = {
    "SECRET_KEY": "test-secret",
    "CLINIC_NAME": "Seoul Thread Clinic",
    "CLINIC_PHONE": "+82 2-555-0100",
    "CLINIC_TIMEZONE": "Asia/Seoul",
    "CLINIC_COUNTRY": "KR",
    "TESTING": True,
}


def _migrated(url: str) -> None:
    app = create_app({**BASE_CONFIG, "DATABASE_URL": url})
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS_DIR)
        if url.startswith("sqlite"):
            db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "clinic.db"
    _migrated(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    _migrated(PG_URL)
    return PG_URL


def _truncate_postgres(app: Flask) -> None:
    with app.app_context():
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        # The shipped aftercare plan is data seeded by a migration: put it back.
        seed_plans(db.session.connection())
        db.session.commit()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
        return str(request.getfixturevalue("postgres_migrated"))
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "clinic.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app_config(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Per-test overrides: ``@pytest.mark.clinic_zone(zone)``, or a module's own fixture."""
    marker = request.node.get_closest_marker("clinic_zone")
    return {"CLINIC_TIMEZONE": marker.args[0], "CLINIC_COUNTRY": "US"} if marker else {}


PUBLIC = "https://clinic.example.test"


@pytest.fixture
def twilio_config(twilio_standin: Any) -> dict[str, Any]:
    """Settings that send through the real SDK to the local Twilio stand-in."""
    return {"SMS_BACKEND": "twilio", "PUBLIC_BASE_URL": PUBLIC, **twilio_standin.env()}


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    """GET ``url``, check the status and return the unescaped HTML."""
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def app(database_url: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app({**BASE_CONFIG, "DATABASE_URL": database_url, **app_config})
    if database_url.startswith("postgresql"):
        _truncate_postgres(app)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def session(app: Flask) -> Any:
    return db.session


@pytest.fixture
def settings(app: Flask) -> ClinicSettings:
    settings: ClinicSettings = app.extensions["clinic_settings"]
    return settings


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_staff(session: Any) -> Callable[..., Staff]:
    counter = iter(range(1, 10_000))

    def make(
        role: str = "receptionist",
        name: str | None = None,
        email: str | None = None,
        password: str = PASSWORD,
        language: str | None = "en",
    ) -> Staff:
        """A staff account, English unless asked (None: follows the browser)."""
        n = next(counter)
        staff = create_staff(
            session,
            email or f"{role}{n}@clinic.test",
            role=role,
            name=name or f"{role.title()} {n}",
            password=password,
        )
        staff.language = language
        session.commit()
        return staff

    return make


@pytest.fixture
def make_patient(session: Any, settings: ClinicSettings) -> Callable[..., Patient]:
    counter = iter(range(1, 10_000))

    def make(now: datetime = NOW, **fields: Any) -> Patient:
        n = next(counter)
        data = PatientInput(
            name=fields.pop("name", f"Jane Doe{n}"),
            phone=fields.pop("phone", f"+82 10-5555-{n:04d}"),
            language=fields.pop("language", "en"),
            sms_consent=fields.pop("sms_consent", True),
            **fields,
        )
        patient = create_patient(session, settings, data, None, now)
        session.commit()
        return patient

    return make


@pytest.fixture
def practitioner(make_staff: Callable[..., Staff], session: Any) -> Staff:
    # Fixtures book at any hour; the working-hours tests set hours of their own.
    from clinic.schedule import DAYS, set_hours

    staff = make_staff("clinician", name="Dr Kim")
    set_hours(session, staff, {d: [["00:00", "24:00"]] for d in DAYS}, None, NOW)
    session.commit()
    return staff


@pytest.fixture
def make_visit(
    session: Any,
    settings: ClinicSettings,
    practitioner: Staff,
    make_patient: Callable[..., Patient],
) -> Callable[..., Visit]:
    def make(
        patient: Patient | None = None,
        *,
        starts_at: datetime | None = None,
        kind: str = "procedure",
        duration_minutes: int = 60,
        who: Staff | None = None,
        now: datetime = NOW,
        areas: list[str] | None = None,
        threads: list[ThreadInput] | None = None,
    ) -> Visit:
        patient = patient or make_patient()
        if kind == "procedure":
            areas = ["cheeks"] if areas is None else areas
            threads = [ThreadInput("mono", 10, "PDO")] if threads is None else threads
        visit = book_visit(
            session,
            settings,
            VisitInput(
                patient_id=patient.id,
                practitioner_id=(who or practitioner).id,
                kind=kind,
                starts_at=starts_at or now + timedelta(days=3, hours=2),
                duration_minutes=duration_minutes,
                areas=areas or [],
                threads=threads or [],
            ),
            None,
            now,
        )
        session.commit()
        return visit

    return make


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """Fetch a page and return the CSRF token of its first form."""
    page = client.get(url)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def login(client: FlaskClient, staff: Staff, password: str = PASSWORD) -> None:
    """Sign a staff member in through the real login form."""
    token = csrf_token(client, "/login")
    response = client.post(
        "/login", data={"email": staff.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def login_as(client: FlaskClient, make_staff: Callable[..., Staff]) -> Callable[[str], Staff]:
    def sign_in(role: str) -> Staff:
        staff = make_staff(role)
        login(client, staff)
        return staff

    return sign_in


class Api:
    """The JSON API as a program would call it, with a bearer token."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get("/api/v1" + path, headers=self._headers(), **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post("/api/v1" + path, json=json, headers=self._headers(), **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.patch("/api/v1" + path, json=json, headers=self._headers(), **kw)


@pytest.fixture
def api_as(
    client: FlaskClient, session: Any, make_staff: Callable[..., Staff]
) -> Callable[[str], Api]:
    def make(role: str) -> Api:
        staff = make_staff(role)
        token = create_token(session, staff)
        session.commit()
        return Api(client, token)

    return make
