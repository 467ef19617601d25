"""Claims on texts: a text is ours while, and only while, we are sending it.

A dispatcher claims a batch with the current time and a short lease, keeps the
lease alive while the batch waits its turn, and takes the claim once more,
conditionally on its token, right before each send. A worker that dies stops
renewing, so its texts are free again within one lease; a worker that lost its
claim (another worker expired it) never sends that text.
"""

import secrets
import time
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.models import Message
from clinic.models.base import DbSession

Clock = Callable[[], datetime]

LEASE = timedelta(seconds=30)
# How long one send may take beyond the gateway's timeout (connect, then read).
SEND_MARGIN = timedelta(seconds=10)


def ticking(now: datetime) -> Clock:
    """Return a clock that reads ``now`` at first and then runs on in real time."""
    start = time.monotonic()
    return lambda: now + timedelta(seconds=time.monotonic() - start)


def lease_for(timeout_seconds: float) -> timedelta:
    """Return a lease that outlasts one send with the gateway's timeout."""
    # A send in flight is not renewed: its lease must cover a connect and a read timeout.
    return max(LEASE, timedelta(seconds=2 * timeout_seconds) + SEND_MARGIN)


def _due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Message.status == "pending",
        Message.send_at <= now,
        sa.or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
    )


def new_token() -> str:
    """Return a fresh claim token."""
    return secrets.token_hex(8)


def claim_due(
    session: DbSession,
    now: datetime,
    limit: int,
    lease: timedelta = LEASE,
    token: str | None = None,
) -> tuple[str, list[Message]]:
    """Atomically mark up to ``limit`` due texts as ours ('sending'); return token and rows.

    One UPDATE … RETURNING on PostgreSQL (rows another dispatcher holds are skipped);
    on SQLite, whose writers are serialised, the ids are read and then claimed in one
    UPDATE conditional on each row still being pending.
    """
    token = token or new_token()
    claim = {"status": "sending", "claim_token": token, "claimed_until": now + lease}
    order = (Message.send_at, Message.id)
    if session.get_bind().dialect.name == "postgresql":
        # Several dispatchers may run at once: each takes rows no one else holds.
        chosen = (
            sa.select(Message.id)
            .where(_due(now))
            .order_by(*order)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(
            session.scalars(
                sa.update(Message)
                .where(Message.id.in_(chosen))
                .values(**claim)
                .returning(Message.id)
                .execution_options(synchronize_session=False)
            )
        )
    else:
        candidates = list(
            session.scalars(sa.select(Message.id).where(_due(now)).order_by(*order).limit(limit))
        )
        ids = []
        if candidates:
            # Only rows still pending are claimed: another writer's claim is never taken over.
            ids = list(
                session.scalars(
                    sa.update(Message)
                    .where(Message.id.in_(candidates), Message.status == "pending")
                    .values(**claim)
                    .returning(Message.id)
                    .execution_options(synchronize_session=False)
                )
            )
    if not ids:
        return token, []
    return token, list(
        session.scalars(
            sa.select(Message)
            .where(Message.id.in_(ids), Message.claim_token == token)
            .options(
                selectinload(Message.patient),
                selectinload(Message.visit),
                selectinload(Message.review_item),
                selectinload(Message.staff),
            )
            .order_by(*order)
            .execution_options(populate_existing=True)
        )
    )


def ours(token: str) -> sa.ColumnElement[bool]:
    """The condition that a row is still claimed by ``token``."""
    return sa.and_(Message.status == "sending", Message.claim_token == token)


def renew(session: DbSession, ids: Collection[int], token: str, until: datetime) -> int:
    """Extend our claim on ``ids`` to ``until``; return how many are still ours."""
    if not ids:
        return 0
    result = session.execute(
        sa.update(Message)
        .where(Message.id.in_(list(ids)), ours(token))
        .values(claimed_until=until)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def take_for_send(
    session: DbSession, ids: Collection[int], token: str, now: datetime, lease: timedelta
) -> dict[int, str]:
    """Take the claims right before their sends: each id to 'send', 'stale' or 'lost'.

    Conditional on our token, so a text whose claim another worker expired is
    never sent by us ('lost'); the staleness check uses the time of the send, and
    a stale text is skipped. A text taken counts one more attempt.
    """
    wanted = list(ids)
    if not wanted:
        return {}
    taken = set(
        session.scalars(
            sa.update(Message)
            .where(Message.id.in_(wanted), ours(token), Message.expires_at > now)
            .values(claimed_until=now + lease, attempts=Message.attempts + 1)
            .returning(Message.id)
            .execution_options(synchronize_session=False)
        )
    )
    rest = [i for i in wanted if i not in taken]
    stale: set[int] = set()
    if rest:
        stale = set(
            session.scalars(
                sa.update(Message)
                .where(Message.id.in_(rest), ours(token))
                .values(
                    status="skipped",
                    claim_token=None,
                    claimed_until=None,
                    status_note="past its useful time when its turn came",
                )
                .returning(Message.id)
                .execution_options(synchronize_session=False)
            )
        )
    return {i: "send" if i in taken else "stale" if i in stale else "lost" for i in wanted}
