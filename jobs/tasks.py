"""The scheduled jobs: plain functions of ``now`` that run in an app context."""

from datetime import datetime, timedelta
from typing import cast

import sqlalchemy as sa
from flask import current_app

from clinic.claims import lease_for
from clinic.config import ClinicSettings
from clinic.dispatch import dispatch_due, expire_stale
from clinic.extensions import db
from clinic.followup import flag_silent_patients, nudge_silent_patients
from clinic.media import delete_local_photos
from clinic.paging import escalate_unacknowledged, page_unpaged
from clinic.privacy import erase_patient, stale_patients
from clinic.reconcile import expire_claims, reconcile_unknown
from clinic.sms_setup import gateway


def _clinic() -> ClinicSettings:
    return cast(ClinicSettings, current_app.extensions["clinic_settings"])


def _lease() -> timedelta:
    # Every worker derives the same lease from the same settings; reconciliation relies on it.
    return lease_for(float(current_app.config["TWILIO_TIMEOUT"]))


def page_urgent_items(now: datetime) -> str:
    """Page for urgent items raised without a page; page everyone for unacknowledged ones."""
    paged = page_unpaged(db.session, _clinic(), now)
    escalated = escalate_unacknowledged(db.session, _clinic(), now)
    db.session.commit()
    return f"{paged} items paged late, {escalated} escalated"


def dispatch_due_texts(now: datetime) -> str:
    """Send every text due at ``now``."""
    config = current_app.config
    report = dispatch_due(
        db.session,
        gateway(),
        _clinic(),
        now,
        batch=int(config["DISPATCH_BATCH"]),
        concurrency=int(config["DISPATCH_CONCURRENCY"]),
        rate=float(config["DISPATCH_RATE"]),
        lease=_lease(),
    )
    parts = [
        f"{n} {name}"
        for name, n in (
            ("sent", report.sent),
            ("deferred", report.deferred),
            ("skipped", report.skipped),
            ("cancelled", report.cancelled),
            ("retrying", report.retrying),
            ("failed", report.failed),
            ("unknown", report.unknown),
            ("claims lost to another worker", report.lost),
        )
        if n
    ]
    return ", ".join(parts) or "nothing due"


def reconcile_unknown_texts(now: datetime) -> str:
    """Turn expired claims into 'unknown' and settle unknown texts from Twilio's records."""
    expired = expire_claims(db.session, now)
    db.session.commit()
    settled = reconcile_unknown(db.session, gateway(), now, lease=_lease())
    db.session.commit()
    return f"{expired} claims expired, {settled} unknown settled"


def expire_stale_texts(now: datetime) -> str:
    """Skip pending texts past their useful time."""
    skipped = expire_stale(db.session, now)
    db.session.commit()
    return f"{skipped} stale skipped"


def follow_up_silence(now: datetime) -> str:
    """Nudge patients silent 48 hours after a check; flag those still silent a day later."""
    nudged = nudge_silent_patients(db.session, _clinic(), now)
    flagged = flag_silent_patients(db.session, now)
    db.session.commit()
    return f"{nudged} nudges planned, {flagged} silent patients flagged"


def checkpoint_sqlite_wal(now: datetime) -> str:
    """Fold SQLite's write-ahead log back into the database file so it stays small."""
    if db.engine.dialect.name != "sqlite":
        return "not SQLite"
    # TRUNCATE waits (busy_timeout) for readers to finish, then empties the WAL file.
    busy, wal_pages, moved = db.session.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    db.session.commit()
    if busy:
        return f"checkpoint incomplete ({moved} of {wal_pages} pages; readers were busy)"
    return "WAL checkpointed"


def apply_retention(now: datetime) -> str:
    """Anonymise patients with no visit for RETENTION_YEARS (erased as by an admin)."""
    years = int(current_app.config["RETENTION_YEARS"])
    erased = 0
    for patient in stale_patients(db.session, now, years):
        photos = erase_patient(db.session, patient, now)
        db.session.commit()
        delete_local_photos(current_app.instance_path, photos)
        erased += 1
    return f"{erased} patients anonymised after {years} years without a visit"
