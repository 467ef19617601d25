"""Need-to-know: who may read what a patient wrote."""

from collections.abc import Iterable
from dataclasses import replace

import sqlalchemy as sa

from clinic.models import Reply, ReviewItem
from clinic.timeline import Entry

CLINICAL_ROLES = ("clinician", "admin")
CLINICAL_SEVERITIES = ("urgent", "concern", "expected")


def is_clinical(reply: Reply) -> bool:
    """Whether a reply speaks of the patient's health (findings or a clinical severity).

    Booking answers (confirm, move, cancel), keywords and texts from unknown
    numbers are the front desk's business and are not clinical.
    """
    if reply.patient_id is None:
        return False
    return bool(reply.findings) or reply.severity in CLINICAL_SEVERITIES


def readable_replies(role: str) -> sa.ColumnElement[bool]:
    """SQL: the patients' replies ``role`` may read (``is_clinical`` as a condition)."""
    from_patient = Reply.patient_id.is_not(None)
    if role in CLINICAL_ROLES:
        return from_patient
    # A JSON list is stored as its text on both databases: "[]" when there are no findings.
    no_findings = sa.func.coalesce(sa.cast(Reply.findings, sa.String), "[]").in_(("[]", "null"))
    return sa.and_(from_patient, no_findings, Reply.severity.not_in(CLINICAL_SEVERITIES))


def clinical_replies(role: str) -> sa.ColumnElement[bool]:
    """SQL: the clinical replies ``role`` may read (none for the front desk)."""
    if role not in CLINICAL_ROLES:
        return sa.false()
    return sa.not_(readable_replies("receptionist")) & Reply.patient_id.is_not(None)


def may_read(role: str, reply: Reply) -> bool:
    """Whether someone in ``role`` may read this reply's words, photos and triage."""
    return role in CLINICAL_ROLES or not is_clinical(reply)


def may_read_item(role: str, item: ReviewItem) -> bool:
    """Whether someone in ``role`` may read this review item's reason and findings."""
    return role in CLINICAL_ROLES or item.audience != "clinical"


def visible_entries(role: str, entries: Iterable[Entry]) -> list[Entry]:
    """Return a conversation with the clinical replies ``role`` may not read emptied."""
    return [
        replace(e, body="", withheld=True)
        if e.reply is not None and not may_read(role, e.reply)
        else e
        for e in entries
    ]


def shows_clinical(entries: Iterable[Entry]) -> bool:
    """Whether a conversation, as shown, holds a clinical reply's words."""
    return any(e.reply is not None and not e.withheld and is_clinical(e.reply) for e in entries)
