"""Staff accounts, passwords and API tokens."""

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from clinic.errors import InvalidInput
from clinic.models import ApiToken, Staff, utcnow
from clinic.models.base import DbSession
from clinic.models.staff import ROLES

MIN_PASSWORD_LENGTH = 8


def create_staff(session: DbSession, email: str, *, role: str, name: str, password: str) -> Staff:
    """Add a staff account; raise InvalidInput for a bad or taken email, role or password."""
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = "Enter a valid email address."
    elif session.scalar(sa.select(Staff.id).where(Staff.email == email)) is not None:
        errors["email"] = f"An account for {email} already exists."
    if role not in ROLES:
        errors["role"] = "Role must be one of: " + ", ".join(ROLES) + "."
    if not name.strip():
        errors["name"] = "Enter a name."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if errors:
        raise InvalidInput(errors)
    staff = Staff(
        email=email,
        role=role,
        name=name.strip(),
        password_hash=generate_password_hash(password),
    )
    session.add(staff)
    return staff


def find_staff(session: DbSession, email: str) -> Staff | None:
    """Return the account with this email, if any."""
    return session.scalar(sa.select(Staff).where(Staff.email == email.strip().lower()))


def check_login(session: DbSession, email: str, password: str) -> Staff | None:
    """Return the active account matching the credentials, or None."""
    staff = find_staff(session, email)
    if staff is None:
        # Spend the same time as a real check so timing does not reveal accounts.
        check_password_hash(generate_password_hash("x"), password)
        return None
    if not staff.active or not check_password_hash(staff.password_hash, password):
        return None
    return staff


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: DbSession, staff: Staff) -> str:
    """Create an API token for ``staff``; return it (only its digest is kept)."""
    token = "tc_" + secrets.token_urlsafe(32)
    session.add(ApiToken(staff=staff, token_hash=_digest(token)))
    return token


def staff_for_token(session: DbSession, token: str, now: datetime | None = None) -> Staff | None:
    """Return the active account a bearer token belongs to, or None."""
    row = session.scalar(
        sa.select(ApiToken).where(
            ApiToken.token_hash == _digest(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.staff.active:
        return None
    row.last_used_at = now or utcnow()
    return row.staff


def practitioners(session: DbSession) -> list[Staff]:
    """Return everyone who can be booked, by name."""
    return list(
        session.scalars(
            sa.select(Staff)
            .where(Staff.role == "clinician", Staff.active.is_(True))
            .order_by(Staff.name)
        )
    )
