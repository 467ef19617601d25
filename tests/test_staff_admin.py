"""Staff administration by admins (pages and CLI) and the password rules."""

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from clinic import create_app
from clinic.accounts import create_staff, create_token
from clinic.errors import InvalidInput
from clinic.models import ApiToken, AuditEvent, Staff
from clinic.passwords import password_problem
from tests.conftest import BASE_CONFIG, PASSWORD, csrf_token, login, page


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", "at least 10"),
        ("short", "at least 10"),
        ("1234567890", "too common"),
        ("Password2026!", "too common"),
        ("qwertyuiop", "too common"),
        ("aaaaaaaaaaaa", "too common"),
        ("x" * 201, "at most 200"),
    ],
)
def test_weak_or_overlong_passwords_are_refused(password: str, why: str) -> None:
    problem = password_problem(password)
    assert problem is not None and why in problem


def test_a_good_password_and_the_longest_allowed_pass() -> None:
    assert password_problem("correct horse battery") is None
    assert password_problem("violet tulip " + "m" * 187) is None  # 200 characters


def test_the_password_may_not_be_the_email(session: Any) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_staff(
            session, "kimsoyeon@clinic.test", role="admin", name="Kim", password="kimsoyeon1"
        )
    assert "email or name" in caught.value.errors["password"]


@pytest.fixture
def web(app: Flask, database_url: str) -> Flask:
    # Its own app: each request gets its own app context (see test_sessions.web).
    return create_app({**BASE_CONFIG, "DATABASE_URL": database_url})


@pytest.fixture
def admin_browser(web: Flask, make_staff: Callable[..., Staff]) -> FlaskClient:
    client = web.test_client()
    login(client, make_staff("admin"))
    return client


def test_an_admin_adds_a_staff_member_who_can_sign_in(
    web: Flask, admin_browser: FlaskClient, session: Any
) -> None:
    response = admin_browser.post(
        "/admin/staff",
        data={
            "csrf_token": csrf_token(admin_browser, "/admin/staff"),
            "email": "Nari@Clinic.test",
            "name": "Nari Lee",
            "role": "receptionist",
            "password": "lantern orchard 7",
        },
    )
    assert response.status_code == 303
    nari = session.scalars(sa.select(Staff).where(Staff.email == "nari@clinic.test")).one()
    assert nari.role == "receptionist"
    login(web.test_client(), nari, "lantern orchard 7")
    assert "Nari Lee" in page(admin_browser, "/admin/staff")


def test_the_form_refuses_a_common_password(admin_browser: FlaskClient) -> None:
    response = admin_browser.post(
        "/admin/staff",
        data={
            "csrf_token": csrf_token(admin_browser, "/admin/staff"),
            "email": "weak@clinic.test",
            "name": "Weak",
            "role": "admin",
            "password": "12345678",
        },
    )
    assert response.status_code == 422
    assert "Use at least 10 characters." in response.get_data(as_text=True)


def test_deactivating_ends_sessions_and_tokens_at_once(
    web: Flask,
    admin_browser: FlaskClient,
    make_staff: Callable[..., Staff],
    session: Any,
) -> None:
    mina = make_staff("receptionist")
    token = create_token(session, mina)
    session.commit()
    her_browser = web.test_client()
    login(her_browser, mina)
    headers = {"Authorization": f"Bearer {token}"}
    assert her_browser.get("/api/v1/practitioners", headers=headers).status_code == 200
    response = admin_browser.post(
        f"/admin/staff/{mina.id}/deactivate",
        data={"csrf_token": csrf_token(admin_browser, "/admin/staff")},
    )
    assert response.status_code == 303
    assert her_browser.get("/patients").status_code == 302
    assert web.test_client().get("/api/v1/practitioners", headers=headers).status_code == 401
    retry = web.test_client()
    token_field = csrf_token(retry, "/login")
    refused = retry.post(
        "/login", data={"email": mina.email, "password": PASSWORD, "csrf_token": token_field}
    )
    assert refused.status_code == 400
    actions = session.scalars(sa.select(AuditEvent.action)).all()
    assert "staff.deactivate" in actions and "token.revoke" in actions


def test_an_admin_resets_a_password_and_the_old_sessions_end(
    web: Flask, admin_browser: FlaskClient, make_staff: Callable[..., Staff]
) -> None:
    park = make_staff("clinician")
    his = web.test_client()
    login(his, park)
    admin_browser.post(
        f"/admin/staff/{park.id}/password",
        data={
            "csrf_token": csrf_token(admin_browser, "/admin/staff"),
            "password": "harbour lights 42",
        },
    )
    assert his.get("/patients").status_code == 302
    login(web.test_client(), park, "harbour lights 42")


def test_an_admin_creates_lists_and_revokes_tokens(
    web: Flask, admin_browser: FlaskClient, make_staff: Callable[..., Staff], session: Any
) -> None:
    park = make_staff("clinician")
    shown = admin_browser.post(
        f"/admin/staff/{park.id}/tokens",
        data={"csrf_token": csrf_token(admin_browser, "/admin/staff")},
    ).get_data(as_text=True)
    token = shown.split('<code class="token">')[1].split("<")[0]
    api = web.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/practitioners", headers=headers).status_code == 200
    row = session.scalars(sa.select(ApiToken).where(ApiToken.staff_id == park.id)).one()
    assert f"#{row.id}" in page(admin_browser, "/admin/staff")
    admin_browser.post(
        f"/admin/staff/{park.id}/tokens/{row.id}/revoke",
        data={"csrf_token": csrf_token(admin_browser, "/admin/staff")},
    )
    assert api.get("/api/v1/practitioners", headers=headers).status_code == 401


def test_staff_cli_lists_deactivates_and_revokes(
    app: Flask, make_staff: Callable[..., Staff], session: Any
) -> None:
    runner = app.test_cli_runner()
    park = make_staff("clinician", name="Dr Park")
    token = create_token(session, park)
    session.commit()
    listed = runner.invoke(args=["staff", "list"])
    assert listed.exit_code == 0 and park.email in listed.output and "1 token(s)" in listed.output
    revoked = runner.invoke(args=["staff", "revoke-tokens", park.email])
    assert revoked.exit_code == 0 and "Revoked 1" in revoked.output
    client = app.test_client()
    assert (
        client.get(
            "/api/v1/practitioners", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )
    off = runner.invoke(args=["staff", "deactivate", park.email])
    assert off.exit_code == 0
    session.expire_all()
    assert session.get(Staff, park.id).active is False
    assert "deactivated" in runner.invoke(args=["staff", "list"]).output
    unknown = runner.invoke(args=["staff", "deactivate", "nobody@clinic.test"])
    assert unknown.exit_code != 0 and "No staff account" in unknown.output


@pytest.mark.parametrize("password", ["12345678", "p" * 5000])
def test_cli_refuses_weak_and_overlong_passwords(app: Flask, password: str) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "staff",
            "create",
            "a@clinic.test",
            "--role",
            "admin",
            "--name",
            "A",
            "--password",
            password,
        ]
    )
    assert result.exit_code != 0 and "password" in result.output
