"""Side-effect rates after the clinic's procedures, against the published rates."""

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.checks import FINDING_CODES
from clinic.config import ClinicSettings
from clinic.models import Message, Patient, Reply, ReviewItem, Visit
from clinic.models.base import DbSession
from clinic.paging import acknowledgement_times
from clinic.timeutil import local_datetime

GROUPINGS = ("practitioner", "thread_type", "area", "skin", "age_band")

# Meta-analyses of thread lifts: swelling 16-35%, bruising ~26%, dimpling 7-10%,
# visible or palpable threads 4-6%, infection ~2%.
PUBLISHED: dict[str, tuple[float, float]] = {
    "pain_swelling": (0.16, 0.35),
    "bruising": (0.26, 0.26),
    "dimple": (0.07, 0.10),
    "visible_thread": (0.04, 0.06),
    "infection_sign": (0.02, 0.02),
}
# By age: dimpling 16% over 50 vs 5.6% under; infection 5.9% vs 0.7%.
PUBLISHED_BY_AGE: dict[str, dict[str, tuple[float, float]]] = {
    "50+": {"dimple": (0.16, 0.16), "infection_sign": (0.059, 0.059)},
    "under 50": {"dimple": (0.056, 0.056), "infection_sign": (0.007, 0.007)},
}
Z95 = 1.959964


def wilson(count: int, total: int) -> tuple[float, float]:
    """Return the 95% Wilson score interval of ``count`` out of ``total``."""
    if total == 0:
        return 0.0, 0.0
    p = count / total
    denominator = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def age_band(age: int | None) -> str:
    """Name the age band of an age."""
    if age is None:
        return "unknown"
    return "50+" if age >= 50 else "under 50"


def _rates(
    visits: list[Visit], found: dict[int, set[str]], published: dict[str, tuple[float, float]]
) -> list[dict[str, object]]:
    total = len(visits)
    rates = []
    for code in FINDING_CODES:
        count = sum(1 for v in visits if code in found.get(v.id, set()))
        low, high = wilson(count, total)
        rates.append(
            {
                "code": code,
                "count": count,
                "rate": round(count / total, 4) if total else 0.0,
                "ci_low": round(low, 4),
                "ci_high": round(high, 4),
                "base_rate": published.get(code),
            }
        )
    return rates


def _keys(visit: Visit, by: str) -> Iterable[str]:
    patient = visit.patient
    if by == "practitioner":
        return [visit.practitioner.name]
    if by == "thread_type":
        return sorted({t.type for t in visit.threads}) or ["not recorded"]
    if by == "area":
        return sorted(visit.areas or []) or ["not recorded"]
    if by == "skin":
        return [patient.skin_thickness or "not assessed"]
    year = (visit.completed_at or visit.starts_at).year
    return [age_band(patient.age_in(year))]


def outcomes(
    session: DbSession, clinic: ClinicSettings, start: date, end: date, by: str | None
) -> dict[str, object]:
    """Report findings per procedure completed between two clinic-local days (inclusive)."""
    since = local_datetime(start, time(0), clinic.timezone)
    until = local_datetime(end + timedelta(days=1), time(0), clinic.timezone)
    # The range's procedures, found through ix_visit_procedure_completed; the queries
    # below join on this subquery instead of sending thousands of ids back in IN (...).
    in_range = (
        Visit.kind == "procedure",
        Visit.status == "completed",
        Visit.completed_at >= since,
        Visit.completed_at < until,
    )
    ids = sa.select(Visit.id).where(*in_range)
    visits = list(
        session.scalars(
            sa.select(Visit)
            .where(*in_range)
            .options(
                selectinload(Visit.patient),
                selectinload(Visit.threads),
                selectinload(Visit.practitioner),
            )
            .order_by(Visit.completed_at)
        )
    )
    found: dict[int, set[str]] = defaultdict(set)
    # Only the columns the report adds up, not whole replies.
    replies = (
        list(
            session.execute(
                sa.select(Message.visit_id, Reply.message_id, Reply.findings, Reply.media)
                .join(Reply, Reply.message_id == Message.id)
                .where(Message.visit_id.in_(ids))
            )
        )
        if visits
        else []
    )
    for reply in replies:
        if reply.visit_id is not None:
            found[reply.visit_id].update(reply.findings or [])
    groups: dict[str, list[Visit]] = defaultdict(list)
    if by:
        for visit in visits:
            for key in _keys(visit, by):
                groups[key].append(visit)
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "by": by,
        "procedures": len(visits),
        "findings": _rates(visits, found, PUBLISHED),
        "groups": [
            {
                "key": key,
                "procedures": len(members),
                "findings": _rates(
                    members,
                    found,
                    {**PUBLISHED, **PUBLISHED_BY_AGE.get(key, {})}
                    if by == "age_band"
                    else PUBLISHED,
                ),
            }
            for key, members in sorted(groups.items())
        ],
        "engagement": {
            **_engagement(session, visits, ids, replies),
            # Urgent items raised in the range, whichever visit they belong to.
            **acknowledgement_times(session, since, until),
        },
    }


def _engagement(
    session: DbSession, visits: list[Visit], ids: sa.Select[int], replies: list[Any]
) -> dict[str, object]:
    checks = (
        list(
            session.execute(
                sa.select(Message.id, Message.kind, Message.key).where(
                    Message.visit_id.in_(ids),
                    Message.kind.in_(("check", "nudge")),
                    Message.status.in_(("sent", "delivered")),
                )
            )
        )
        if visits
        else []
    )
    asked = {m.id: m for m in checks}
    # A check counts as answered when a reply answers it or the nudge that followed it.
    answered = set()
    for reply in replies:
        prompt = asked.get(reply.message_id or 0)
        if prompt is not None:
            answered.add(
                prompt.key.removeprefix("nudge:") if prompt.kind == "nudge" else str(prompt.id)
            )
    sent = sum(1 for m in checks if m.kind == "check")
    minutes = (
        [
            int((resolved - created).total_seconds() // 60)
            for created, resolved in session.execute(
                sa.select(ReviewItem.created_at, ReviewItem.resolved_at).where(
                    ReviewItem.visit_id.in_(ids), ReviewItem.status == "resolved"
                )
            )
            if resolved is not None
        ]
        if visits
        else []
    )
    opted_out = (
        int(
            session.scalar(
                sa.select(sa.func.count())
                .select_from(Patient)
                .where(
                    Patient.id.in_(sa.select(Visit.patient_id).where(Visit.id.in_(ids))),
                    Patient.opted_out.is_(True),
                )
            )
            or 0
        )
        if visits
        else 0
    )
    return {
        "checks_sent": sent,
        "checks_answered": len(answered),
        "response_rate": round(len(answered) / sent, 4) if sent else None,
        "replies": len(replies),
        "photos": sum(1 for r in replies if r.media),
        "patients_opted_out": opted_out,
        "median_minutes_to_review": statistics.median(m for m in minutes if m is not None)
        if any(m is not None for m in minutes)
        else None,
    }
