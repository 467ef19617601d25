"""Canned answers: kept by admins, inserted and edited by staff before sending."""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from clinic.audit import record
from clinic.conversation import MAX_SEGMENTS
from clinic.errors import InvalidInput, NotFound
from clinic.models import CannedAnswer, Staff
from clinic.models.base import DbSession
from clinic.models.patient import LANGUAGES
from clinic.segments import count_segments


def list_canned(session: DbSession, *, active_only: bool = False) -> list[CannedAnswer]:
    """Return the canned answers by language and title (only active ones when asked)."""
    query = sa.select(CannedAnswer).order_by(
        CannedAnswer.language, CannedAnswer.title, CannedAnswer.id
    )
    if active_only:
        query = query.where(CannedAnswer.active.is_(True))
    return list(session.scalars(query))


def get_canned(session: DbSession, answer_id: int) -> CannedAnswer:
    """Return a canned answer or raise NotFound."""
    answer = session.get(CannedAnswer, answer_id)
    if answer is None:
        raise NotFound(f"No canned answer {answer_id}.")
    return answer


def save_canned(
    session: DbSession,
    answer: CannedAnswer | None,
    *,
    title: str,
    body: str,
    language: str,
    staff: Staff,
    now: datetime,
) -> CannedAnswer:
    """Add a canned answer (``answer`` None) or change one; raise InvalidInput."""
    title, body = title.strip(), body.strip()
    errors: dict[str, str] = {}
    if not title or len(title) > 120:
        errors["title"] = _("Give it a short title (up to 120 characters).")
    if not body:
        errors["body"] = _("Write the answer's text.")
    elif count_segments(body).segments > MAX_SEGMENTS:
        errors["body"] = _("Keep it to %(max)s segments at most.", max=MAX_SEGMENTS)
    if language not in LANGUAGES:
        errors["language"] = _("Choose English or Korean.")
    if errors:
        raise InvalidInput(errors)
    if answer is None:
        answer = CannedAnswer(created_at=now, active=True)
        session.add(answer)
    answer.title, answer.body, answer.language = title, body, language
    answer.updated_at, answer.updated_by = now, staff
    session.flush()
    record(session, "canned.save", now, subject=f"canned:{answer.id}", detail=title)
    return answer


def set_active(
    session: DbSession, answer: CannedAnswer, active: bool, staff: Staff, now: datetime
) -> None:
    """Deactivate (or bring back) a canned answer; deactivated ones are not offered."""
    answer.active = active
    answer.updated_at, answer.updated_by = now, staff
    action = "canned.activate" if active else "canned.deactivate"
    record(session, action, now, subject=f"canned:{answer.id}", detail=answer.title)
