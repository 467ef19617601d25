"""The review queue: raise items once, list them most severe first, resolve them."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.config import ClinicSettings
from clinic.errors import Conflict, InvalidInput, NotFound
from clinic.i18n import gettext as _
from clinic.models import Message, Patient, Reply, ReviewItem, Staff, Visit
from clinic.models.base import DbSession
from clinic.models.review import OUTCOMES, SEVERITY_RANK
from clinic.paging import acknowledge, page_item

# Which items each role sees: the front desk handles bookings and unreachable
# patients; clinical items need a clinician.
AUDIENCES_FOR_ROLE = {
    "receptionist": ("front_desk",),
    "clinician": ("clinical", "front_desk"),
    "admin": ("clinical", "front_desk"),
}
RESOLVERS = {
    "clinical": ("clinician", "admin"),
    "front_desk": ("receptionist", "clinician", "admin"),
}


def raise_item(
    session: DbSession,
    *,
    key: str,
    patient: Patient | None,
    reason: str,
    severity: str,
    now: datetime,
    audience: str = "clinical",
    findings: list[str] | None = None,
    evidence: list[str] | None = None,
    visit: Visit | None = None,
    reply: Reply | None = None,
    message: Message | None = None,
    clinic: ClinicSettings | None = None,
) -> ReviewItem:
    """Add a review item unless one with this key exists; an urgent one pages (given clinic)."""
    existing = session.scalar(sa.select(ReviewItem).where(ReviewItem.key == key))
    if existing is not None:
        return existing
    item = ReviewItem(
        key=key,
        patient=patient,
        visit=visit,
        reply=reply,
        message=message,
        reason=reason[:300],
        severity=severity,
        audience=audience,
        findings=list(findings or []),
        evidence=list(evidence or []),
        created_at=now,
    )
    session.add(item)
    session.flush()
    if clinic is not None:
        # Same transaction as the item: the page is in the outbox once the item exists.
        page_item(session, clinic, item, now)
    return item


def _severity_order() -> sa.Case[int]:
    return sa.case(SEVERITY_RANK, value=ReviewItem.severity, else_=9)


PAGE_SIZE = 50


def _visible(
    role: str,
    status: str,
    resolved_between: tuple[datetime, datetime] | None,
    severity: str | None = None,
) -> list[sa.ColumnElement[bool]]:
    conditions = [ReviewItem.status == status, ReviewItem.audience.in_(AUDIENCES_FOR_ROLE[role])]
    if resolved_between is not None:
        conditions += [
            ReviewItem.resolved_at >= resolved_between[0],
            ReviewItem.resolved_at < resolved_between[1],
        ]
    if severity is not None:
        conditions.append(ReviewItem.severity == severity)
    return conditions


def list_items(
    session: DbSession,
    role: str,
    status: str = "open",
    *,
    limit: int | None = None,
    offset: int = 0,
    resolved_between: tuple[datetime, datetime] | None = None,
    severity: str | None = None,
) -> list[ReviewItem]:
    """Return one page of the items a role sees: open ones most severe, then oldest, first."""
    order: tuple[Any, ...]
    if status == "open":
        order = (_severity_order(), ReviewItem.created_at, ReviewItem.id)
    else:
        order = (ReviewItem.resolved_at.desc(), ReviewItem.id.desc())
    # The page's ids first: ix_review_item_open answers that without reading a row;
    # then only those rows are read.
    ids = sa.select(ReviewItem.id).where(*_visible(role, status, resolved_between, severity))
    if limit is not None:
        ids = ids.order_by(*order).limit(limit).offset(offset)
    query = (
        sa.select(ReviewItem)
        .where(ReviewItem.id.in_(ids))
        .order_by(*order)
        # What the queue and the API show of each item, loaded in one statement each.
        .options(
            selectinload(ReviewItem.patient),
            selectinload(ReviewItem.reply),
            selectinload(ReviewItem.resolved_by),
            selectinload(ReviewItem.acknowledged_by),
            selectinload(ReviewItem.pages).selectinload(Message.staff),
        )
    )
    return list(session.scalars(query))


def severity_counts(
    session: DbSession,
    role: str,
    status: str = "open",
    *,
    resolved_between: tuple[datetime, datetime] | None = None,
) -> dict[str, int]:
    """Count the items a role sees per severity, most severe first."""
    rows = session.execute(
        sa.select(ReviewItem.severity, sa.func.count())
        .where(*_visible(role, status, resolved_between))
        .group_by(ReviewItem.severity)
    )
    found = {severity: int(count) for severity, count in rows}
    return {s: found.get(s, 0) for s in sorted(SEVERITY_RANK, key=SEVERITY_RANK.__getitem__)}


def open_counts(session: DbSession, role: str) -> tuple[int, int]:
    """Return how many open items a role sees, and how many of them are urgent."""
    row = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(
                sa.func.sum(sa.case((ReviewItem.severity == "urgent", 1), else_=0)), 0
            ),
        ).where(ReviewItem.status == "open", ReviewItem.audience.in_(AUDIENCES_FOR_ROLE[role]))
    ).one()
    return int(row[0]), int(row[1])


def get_item(session: DbSession, item_id: int, role: str) -> ReviewItem:
    """Return an item the role may see, or raise NotFound."""
    item = session.get(ReviewItem, item_id)
    if item is None or item.audience not in AUDIENCES_FOR_ROLE[role]:
        raise NotFound(_("No review item %(id)s.", id=item_id))
    return item


def can_resolve(item: ReviewItem, staff: Staff) -> bool:
    """Whether this staff member may resolve this item."""
    return staff.role in RESOLVERS[item.audience]


def resolve_item(
    session: DbSession, item: ReviewItem, staff: Staff, *, outcome: str, note: str, now: datetime
) -> ReviewItem:
    """Record how an item was handled; raise InvalidInput or Conflict."""
    errors: dict[str, str] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Outcome must be one of: %(values)s.", values=", ".join(OUTCOMES))
    if len(note) > 5000:
        errors["note"] = _("Keep the note under 5000 characters.")
    if outcome == "other" and not note.strip():
        errors["note"] = _("Say what was done when the outcome is 'other'.")
    if errors:
        raise InvalidInput(errors)
    if item.status == "resolved":
        raise Conflict(f"Review item #{item.id} was already resolved.")
    acknowledge(session, item, staff, "resolved", now)
    item.status, item.outcome, item.note = "resolved", outcome, note.strip()
    item.resolved_at, item.resolved_by = now, staff
    return item


def items_for_patient(session: DbSession, patient: Patient) -> list[ReviewItem]:
    """Return every item about a patient, newest first."""
    return list(
        session.scalars(
            sa.select(ReviewItem)
            .where(ReviewItem.patient_id == patient.id)
            .order_by(ReviewItem.created_at.desc(), ReviewItem.id.desc())
        )
    )
