"""Staff sessions end when they should; sign-in is throttled; every answer carries the headers."""

import os
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic import create_app
from clinic.models import AuditEvent, Patient, Staff
from tests.conftest import BASE_CONFIG, PASSWORD, csrf_token, login

Login = Callable[[str], Staff]


@pytest.fixture
def web(app: Flask, database_url: str) -> Flask:
    """A second app on the same database whose requests each get their own app context.

    The ``app`` fixture keeps one app context open for the whole test, so ``g`` (where
    Flask-Login and Flask-WTF cache the user and the CSRF token) would be shared by
    every test client; browsers with their own cookies need their own contexts.
    """
    return create_app({**BASE_CONFIG, "DATABASE_URL": database_url})


@pytest.fixture
def browser(web: Flask) -> FlaskClient:
    return web.test_client()


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app: Flask, cookie: str, url: str = "/patients") -> Any:
    """Send a copied session cookie from another browser."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other.get(url)


def _sign_out(client: FlaskClient) -> None:
    token = csrf_token(client, "/patients")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_a_copied_cookie_stops_working_after_sign_out(
    web: Flask, browser: FlaskClient, make_staff: Callable[..., Staff]
) -> None:
    login(browser, make_staff("receptionist"))
    cookie = _cookie(browser)
    assert _replay(web, cookie).status_code == 200
    _sign_out(browser)
    replayed = _replay(web, cookie)
    assert replayed.status_code == 302 and "/login" in replayed.headers["Location"]


def test_sign_out_ends_the_other_sessions_of_that_person_too(
    web: Flask, make_staff: Callable[..., Staff]
) -> None:
    staff = make_staff("clinician")
    office, tablet = web.test_client(), web.test_client()
    login(office, staff)
    login(tablet, staff)
    _sign_out(office)
    assert tablet.get("/patients").status_code == 302


def test_a_password_change_ends_other_sessions_but_keeps_this_one(
    web: Flask, make_staff: Callable[..., Staff]
) -> None:
    staff = make_staff("receptionist")
    here, elsewhere = web.test_client(), web.test_client()
    login(here, staff)
    login(elsewhere, staff)
    response = here.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(here, "/account/password"),
            "current": PASSWORD,
            "new": "violet tulip meadow",
            "again": "violet tulip meadow",
        },
    )
    assert response.status_code == 303
    assert here.get("/patients").status_code == 200
    assert elsewhere.get("/patients").status_code == 302
    login(web.test_client(), staff, "violet tulip meadow")


def test_a_weak_new_password_is_refused_on_the_form(client: FlaskClient, login_as: Login) -> None:
    login_as("receptionist")
    response = client.post(
        "/account/password",
        data={
            "csrf_token": csrf_token(client, "/account/password"),
            "current": PASSWORD,
            "new": "password123",
            "again": "password123",
        },
    )
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


def test_an_idle_session_ends_after_the_idle_timeout(
    client: FlaskClient, login_as: Login, clock: Any
) -> None:
    login_as("receptionist")
    clock.shift(timedelta(minutes=29))
    assert client.get("/patients").status_code == 200  # a request restarts the idle clock
    clock.shift(timedelta(minutes=29))
    assert client.get("/patients").status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get("/patients")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Your session ended" in client.get("/login").get_data(as_text=True)


def test_a_busy_session_still_ends_after_twelve_hours(
    client: FlaskClient, login_as: Login, clock: Any
) -> None:
    login_as("clinician")
    for _ in range(12 * 3):
        clock.shift(timedelta(minutes=20))
        if client.get("/patients").status_code != 200:
            break
    assert client.get("/patients").status_code == 302


def test_the_idle_timeout_is_configurable(
    database_url: str, make_staff: Callable[..., Staff], clock: Any
) -> None:
    staff = make_staff("receptionist")
    short = create_app({**BASE_CONFIG, "DATABASE_URL": database_url, "SESSION_IDLE_MINUTES": "5"})
    client = short.test_client()
    login(client, staff)
    clock.shift(timedelta(minutes=6))
    assert client.get("/patients").status_code == 302


def _try(client: FlaskClient, email: str, password: str) -> Any:
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_the_sixth_wrong_password_gets_429_with_retry_after(
    client: FlaskClient, make_staff: Callable[..., Staff], clock: Any, session: Any
) -> None:
    staff = make_staff("admin")
    for _ in range(5):
        assert _try(client, staff.email, "wrong password!").status_code == 400
    sixth = _try(client, staff.email, "wrong password!")
    assert sixth.status_code == 429
    retry = int(sixth.headers["Retry-After"])
    assert 0 < retry <= 15 * 60
    # The form says when, in the clinic's time: 15 minutes after the first failure.
    assert "Too many failed sign-ins. Try again after 09:15." in sixth.get_data(as_text=True)
    # Even the right password waits.
    assert _try(client, staff.email, PASSWORD).status_code == 429
    clock.shift(timedelta(minutes=16))
    assert _try(client, staff.email, PASSWORD).status_code == 302
    actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("login.failed") == 5 and "login.throttled" in actions


def test_the_account_is_throttled_from_any_address(
    web: Flask, make_staff: Callable[..., Staff]
) -> None:
    staff = make_staff("admin")
    for n in range(5):
        client = web.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        assert _try(client, staff.email, "wrong password!").status_code == 400
    client = web.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.99"
    assert _try(client, staff.email, PASSWORD).status_code == 429


def test_one_address_is_throttled_across_accounts_and_unknown_emails(
    client: FlaskClient, make_staff: Callable[..., Staff]
) -> None:
    staff = make_staff("receptionist")
    for n in range(5):
        assert _try(client, f"nobody{n}@clinic.test", "wrong password!").status_code == 400
    assert _try(client, staff.email, PASSWORD).status_code == 429


def test_successful_sign_ins_are_not_counted(web: Flask, make_staff: Callable[..., Staff]) -> None:
    staff = make_staff("receptionist")
    for _ in range(8):
        login(web.test_client(), staff)


def test_unknown_emails_cost_one_hash_like_wrong_passwords(
    session: Any, make_staff: Callable[..., Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    from clinic import accounts

    staff = make_staff("receptionist")
    accounts.check_login(session, "warm@up.test", "x")  # the decoy hash is made once
    calls: list[str] = []
    real_check, real_make = accounts.check_password_hash, accounts.generate_password_hash
    monkeypatch.setattr(
        accounts, "check_password_hash", lambda h, p: calls.append("check") or real_check(h, p)
    )
    monkeypatch.setattr(
        accounts, "generate_password_hash", lambda p: calls.append("make") or real_make(p)
    )
    accounts.check_login(session, "nobody@clinic.test", "wrong password!")
    unknown = list(calls)
    calls.clear()
    accounts.check_login(session, staff.email, "wrong password!")
    assert unknown == calls == ["check"]


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.mark.parametrize("url", ["/login", "/patients", "/static/style.css", "/nope"])
def test_every_page_carries_the_security_headers(
    client: FlaskClient, login_as: Login, url: str
) -> None:
    login_as("receptionist")
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here
    if url != "/static/style.css":
        assert response.headers["Cache-Control"] == "no-store"


def test_api_answers_with_patient_data_are_not_stored(
    api_as: Callable[[str], Any], make_patient: Callable[..., Patient]
) -> None:
    patient = make_patient()
    response = api_as("receptionist").get(f"/patients/{patient.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_holds_inline_script_or_style() -> None:
    templates = Path(__file__).parent.parent / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "style=" not in text, path
        assert "onclick" not in text and "javascript:" not in text, path


@pytest.fixture
def proxied_app(app: Flask, database_url: str) -> Flask:
    return create_app({**BASE_CONFIG, "DATABASE_URL": database_url, "TRUST_PROXY_HEADERS": 1})


def test_behind_a_trusted_proxy_https_gets_secure_cookies_and_hsts(proxied_app: Flask) -> None:
    client = proxied_app.test_client()
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = proxied_app.test_client().get("/login")
    assert "Secure" not in plain.headers["Set-Cookie"]


def test_files_are_created_for_the_service_user_only(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = create_app({**BASE_CONFIG, "INSTANCE_PATH": str(instance), "SECRET_KEY": ""})
    with app.app_context():
        from clinic.media import media_dir

        media = media_dir(app.instance_path)
    assert stat.S_IMODE(os.stat(instance).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(instance / "clinic.db").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(instance / "secret_key").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(media).st_mode) == 0o700
