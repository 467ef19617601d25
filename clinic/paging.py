"""On-call paging: an urgent review item pages clinicians through the outbox until acknowledged.

A page is an ordinary outbox row (kind ``page``, urgent) addressed to a staff
phone, so it gets the dispatcher's claims, retries and reconciliation. Its
business key is item × recipient × round, so nothing pages twice.
"""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.models import Message, ReviewItem, Staff
from clinic.models.base import DbSession
from clinic.sms.render import render_sms

# A page still matters for hours while nobody has acknowledged the item.
PAGE_USEFUL_FOR = timedelta(hours=12)
# An urgent item raised without paging (by code that did not page) is caught this long after.
CATCH_UNPAGED_WITHIN = timedelta(hours=1)
ACK_WAYS = ("sms", "opened", "api", "resolved")
PAGING_ROLES = ("clinician", "admin")


@dataclass(frozen=True)
class PageView:
    """One page as staff see it: who, when it went out (None while waiting), its status."""

    staff: str
    sent_at: datetime | None
    status: str
    round: int


def page_key(item_id: int, staff_id: int, round_: int) -> str:
    """Return the business key of one page."""
    return f"page:{item_id}:{staff_id}:{round_}"


def item_link(clinic: ClinicSettings, item: ReviewItem) -> str:
    """Return the address staff open the item at."""
    return f"{clinic.public_base_url}/review/{item.id}"


def _with_phone(roles: tuple[str, ...]) -> sa.Select[Staff]:
    return (
        sa.select(Staff)
        .where(Staff.role.in_(roles), Staff.active.is_(True), Staff.phone.is_not(None))
        .order_by(Staff.id)
    )


def on_call_clinician(session: DbSession) -> Staff | None:
    """Return the clinician on call, if any."""
    return session.scalar(
        sa.select(Staff).where(
            Staff.on_call.is_(True), Staff.active.is_(True), Staff.role == "clinician"
        )
    )


def first_round(session: DbSession) -> list[Staff]:
    """Whom a new urgent item pages: the on-call clinician, else every clinician with a phone."""
    on_call = on_call_clinician(session)
    if on_call is not None and on_call.phone:
        return [on_call]
    clinicians = list(session.scalars(_with_phone(("clinician",))))
    # Nobody clinical reachable: an admin must still hear of it.
    return clinicians or escalation_round(session)


def escalation_round(session: DbSession) -> list[Staff]:
    """Whom an unacknowledged item pages: every clinician and admin with a phone."""
    return list(session.scalars(_with_phone(PAGING_ROLES)))


def _queue_page(
    session: DbSession,
    clinic: ClinicSettings,
    item: ReviewItem,
    staff: Staff,
    round_: int,
    now: datetime,
) -> bool:
    key = page_key(item.id, staff.id, round_)
    if session.scalar(sa.select(Message.id).where(Message.key == key)) is not None:
        return False
    body = render_sms(
        "page" if round_ == 1 else "page_escalation",
        staff.text_language(clinic.country),
        clinic_name=clinic.name,
        link=item_link(clinic, item),
        minutes=str(clinic.escalate_after_minutes),
    )
    session.add(
        Message(
            key=key,
            patient_id=None,
            staff=staff,
            to_number=staff.phone,
            review_item_id=item.id,
            step=f"page_round{round_}",
            kind="page",
            body=body,
            status="pending",
            urgent=True,
            send_at=now,
            expires_at=now + PAGE_USEFUL_FOR,
        )
    )
    return True


def page_item(session: DbSession, clinic: ClinicSettings, item: ReviewItem, now: datetime) -> int:
    """Queue the first round of pages for an urgent item; return how many (caller commits)."""
    if item.severity != "urgent" or item.status != "open" or item.acknowledged_at is not None:
        return 0
    recipients = first_round(session) if item.page_round == 0 else []
    if not recipients:
        return 0  # nobody to page yet: page_unpaged tries again for a while
    item.page_round = 1
    queued = sum(_queue_page(session, clinic, item, s, 1, now) for s in recipients)
    session.flush()
    return queued


def _waiting(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        ReviewItem.severity == "urgent",
        ReviewItem.status == "open",
        ReviewItem.acknowledged_at.is_(None),
        ReviewItem.created_at <= now,
    )


def page_unpaged(session: DbSession, clinic: ClinicSettings, now: datetime) -> int:
    """Page recent urgent items that were raised without paging; return how many items."""
    items = session.scalars(
        sa.select(ReviewItem).where(
            _waiting(now),
            ReviewItem.page_round == 0,
            ReviewItem.created_at >= now - CATCH_UNPAGED_WITHIN,
        )
    ).all()
    for item in items:
        page_item(session, clinic, item, now)
    return len(items)


def escalate_unacknowledged(session: DbSession, clinic: ClinicSettings, now: datetime) -> int:
    """Page everyone for urgent items unacknowledged past the limit; return how many items."""
    cutoff = now - timedelta(minutes=clinic.escalate_after_minutes)
    waiting = session.scalars(
        sa.select(ReviewItem)
        .where(_waiting(now), ReviewItem.page_round == 1)
        .order_by(ReviewItem.id)
    ).all()
    # Waited too long, or every first page failed (a wrong number): nobody has it.
    items = [i for i in waiting if i.created_at <= cutoff or _all_failed(i)]
    everyone = escalation_round(session) if items else []
    for item in items:
        item.page_round = 2
        for staff in everyone:
            _queue_page(session, clinic, item, staff, 2, now)
    session.flush()
    return len(items)


def _all_failed(item: ReviewItem) -> bool:
    pages = [m for m in item.pages if m.kind == "page"]
    return bool(pages) and all(m.status in ("failed", "undelivered") for m in pages)


def acknowledge(
    session: DbSession, item: ReviewItem, staff: Staff | None, via: str, now: datetime
) -> bool:
    """Record the first acknowledgement of an item and stop its paging; return whether new."""
    if via not in ACK_WAYS:
        raise ValueError(f"unknown way to acknowledge: {via}")
    if item.acknowledged_at is not None:
        return False
    item.acknowledged_at, item.acknowledged_by, item.acknowledged_via = now, staff, via
    stop_paging(session, item)
    return True


def stop_paging(session: DbSession, item: ReviewItem) -> int:
    """Cancel an item's pages still waiting to go; return how many."""
    result = session.execute(
        sa.update(Message)
        .where(
            Message.review_item_id == item.id,
            Message.kind == "page",
            Message.status == "pending",
        )
        .values(status="cancelled", status_note="item acknowledged")
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def page_verdict(message: Message, now: datetime) -> tuple[str, str, datetime | None]:
    """Decide at send time for a page: quiet hours and caps never hold it."""
    item = message.review_item
    if item is None or item.status != "open":
        return "cancel", "item resolved", None
    if item.acknowledged_at is not None:
        return "cancel", "item acknowledged", None
    if message.staff is not None and not message.staff.active:
        return "cancel", "staff account deactivated", None
    if now >= message.expires_at:
        return "skip", "past its useful time", None
    return "send", "", None


def pages_of(item: ReviewItem) -> list[PageView]:
    """Return who was paged for an item and when, oldest first."""
    return [
        PageView(
            staff=m.staff.name if m.staff else (m.to_number or ""),
            sent_at=m.sent_at,
            status=m.status,
            round=2 if m.step == "page_round2" else 1,
        )
        for m in item.pages
        if m.status not in ("cancelled", "skipped")
    ]


def acknowledgement_times(
    session: DbSession, since: datetime, until: datetime
) -> dict[str, int | float | None]:
    """Time to acknowledge urgent items raised in [since, until): count, median, 90th centile."""
    items = session.scalars(
        sa.select(ReviewItem).where(
            ReviewItem.severity == "urgent",
            ReviewItem.created_at >= since,
            ReviewItem.created_at < until,
        )
    ).all()
    minutes = sorted(m for m in (i.minutes_to_acknowledge for i in items) if m is not None)
    p90: float | None = None
    if len(minutes) == 1:
        p90 = minutes[0]
    elif minutes:
        p90 = statistics.quantiles(minutes, n=10, method="inclusive")[8]
    return {
        "urgent_items": len(items),
        "urgent_acknowledged": len(minutes),
        "median_minutes_to_acknowledge": round(statistics.median(minutes), 1) if minutes else None,
        "p90_minutes_to_acknowledge": round(p90, 1) if p90 is not None else None,
    }
