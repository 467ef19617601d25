"""Staff accounts, passwords and API tokens."""

import hashlib
import secrets
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from clinic.audit import record
from clinic.errors import InvalidInput
from clinic.i18n import gettext as _
from clinic.models import ApiToken, Staff, utcnow
from clinic.models.base import DbSession
from clinic.models.staff import ROLES
from clinic.passwords import password_problem
from clinic.text import clean_name


def create_staff(session: DbSession, email: str, *, role: str, name: str, password: str) -> Staff:
    """Add a staff account; raise InvalidInput for a bad or taken email, role or password."""
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = _("Enter a valid email address.")
    elif session.scalar(sa.select(Staff.id).where(Staff.email == email)) is not None:
        errors["email"] = _("An account for %(email)s already exists.", email=email)
    if role not in ROLES:
        errors["role"] = _("Role must be one of: %(roles)s.", roles=", ".join(ROLES))
    name = clean_name(name)
    if not name:
        errors["name"] = _("Enter a name.")
    elif len(name) > 120:
        errors["name"] = _("Use at most 120 characters.")
    problem = password_problem(password, email=email, name=name)
    if problem:
        errors["password"] = problem
    if errors:
        raise InvalidInput(errors)
    staff = Staff(
        email=email,
        role=role,
        name=name,
        password_hash=generate_password_hash(password),
    )
    session.add(staff)
    return staff


def list_staff(session: DbSession) -> list[Staff]:
    """Return every account, active ones first, by name."""
    return list(session.scalars(sa.select(Staff).order_by(Staff.active.desc(), Staff.name)))


def end_sessions(staff: Staff) -> None:
    """End every signed-in session of ``staff`` (their cookies stop working)."""
    staff.session_version += 1


def set_password(session: DbSession, staff: Staff, password: str, now: datetime) -> None:
    """Give ``staff`` a new password and end all their sessions; raise InvalidInput if weak."""
    problem = password_problem(password, email=staff.email, name=staff.name)
    if problem:
        raise InvalidInput({"password": problem})
    staff.password_hash = generate_password_hash(password)
    end_sessions(staff)
    record(session, "staff.password", now, subject=f"staff:{staff.id}")


def deactivate(session: DbSession, staff: Staff, now: datetime) -> int:
    """Turn an account off: its sessions and tokens stop working; return tokens revoked."""
    staff.active = False
    end_sessions(staff)
    record(session, "staff.deactivate", now, subject=f"staff:{staff.id}")
    return revoke_tokens(session, staff, now)


def revoke_tokens(
    session: DbSession, staff: Staff, now: datetime, token_id: int | None = None
) -> int:
    """Revoke ``staff``'s live API tokens (or only ``token_id``); return how many."""
    query = sa.select(ApiToken).where(ApiToken.staff_id == staff.id, ApiToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(ApiToken.id == token_id)
    tokens = list(session.scalars(query))
    for token in tokens:
        token.revoked_at = now
        record(session, "token.revoke", now, subject=f"token:{token.id}", detail=staff.email)
    return len(tokens)


def tokens_of(session: DbSession, staff: Staff) -> list[ApiToken]:
    """Return an account's API tokens, newest first."""
    return list(
        session.scalars(
            sa.select(ApiToken).where(ApiToken.staff_id == staff.id).order_by(ApiToken.id.desc())
        )
    )


def find_staff(session: DbSession, email: str) -> Staff | None:
    """Return the account with this email, if any."""
    return session.scalar(sa.select(Staff).where(Staff.email == email.strip().lower()))


@cache
def _decoy_hash() -> str:
    return generate_password_hash(secrets.token_hex(16))


def check_login(session: DbSession, email: str, password: str) -> Staff | None:
    """Return the active account matching the credentials, or None."""
    staff = find_staff(session, email)
    # Exactly one hash check whatever the email, so timing does not reveal accounts.
    stored = staff.password_hash if staff is not None else _decoy_hash()
    matches = check_password_hash(stored, password)
    if staff is None or not staff.active or not matches:
        return None
    return staff


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: DbSession, staff: Staff, now: datetime | None = None) -> str:
    """Create an API token for ``staff``; return it (only its digest is kept)."""
    token = "tc_" + secrets.token_urlsafe(32)
    row = ApiToken(staff=staff, token_hash=_digest(token), created_at=now or utcnow())
    session.add(row)
    session.flush()
    record(session, "token.create", row.created_at, subject=f"token:{row.id}", detail=staff.email)
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
