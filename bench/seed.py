"""Seed a large clinic into a PostgreSQL database of its own, with COPY.

At scale 1: 100,000 patients, 400,000 visits, about 2,000,000 texts, 200,000 replies
and 20,000 review items, spread over three years up to a month ahead of ``now``.
"""

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import sqlalchemy as sa

FAMILY = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh"]
GIVEN = ["Minji", "Jiwoo", "Seoyeon", "Hana", "Yuna", "Soojin", "Eunji", "Jisoo", "Hyejin"]
GIVEN += ["Sarah", "Emma", "Olivia", "Grace", "Mia", "Chloe", "Jenny", "Anna", "Julia"]
KINDS = ["consultation", "procedure", "follow_up", "procedure"]
CHECKS = [(1, "day1_check"), (3, "day3_check"), (7, "day7_check"), (14, "day14_check")]
# body, findings, severity; weighted so that about one reply in ten needs a review.
REPLIES = [
    ("All good, thank you", [], "none", 50),
    ("1", [], "none", 15),
    ("still a bit swollen and bruised", ["pain_swelling", "bruising"], "expected", 25),
    ("I can see a dent on my left cheek", ["dimple"], "concern", 5),
    ("the threads show when I smile", ["visible_thread"], "concern", 4),
    ("red, hot and some pus near the entry point", ["infection_sign"], "urgent", 1),
]
STAFF_PASSWORD = "bench-password-2026"


def _copy(
    conn: psycopg.Connection[Any], table: str, columns: str, rows: Iterator[tuple[Any, ...]]
) -> int:
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def seed(
    url: str, scale: float, now: datetime, practitioner_ids: list[int], resolver_id: int
) -> dict[str, int]:
    """COPY a clinic of ``scale`` × the full size into the (migrated, empty) database at ``url``."""
    rng = random.Random(13)
    patients = max(int(100_000 * scale), 20)
    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    counts: dict[str, int] = {}
    visits: list[tuple[int, int, str, str, datetime, datetime | None]] = []
    with psycopg.connect(dsn) as conn:
        counts["patients"] = _copy(
            conn,
            "patient",
            "id, name, phone, language, sms_consent, consent_recorded_at, opted_out, "
            "birth_year, skin_thickness, cheek_volume, elasticity, notes, created_at",
            (
                (
                    i,
                    f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                    f"+8210{20_000_000 + i}",
                    rng.choice(("en", "ko")),
                    True,
                    now - timedelta(days=800),
                    rng.random() < 0.01,
                    rng.randint(1955, 2000),
                    rng.choice(("thin", "normal", "thick", None)),
                    rng.choice(("low", "normal", "full", None)),
                    rng.choice(("low", "normal", "high", None)),
                    "",
                    now - timedelta(days=800),
                )
                for i in range(1, patients + 1)
            ),
        )

        def visit_rows() -> Iterator[tuple[Any, ...]]:
            visit_id = 0
            for patient in range(1, patients + 1):
                # Three years of history and a month ahead: about 350 visits a day.
                first = rng.randint(-1100, 20)
                for j, kind in enumerate(KINDS):
                    visit_id += 1
                    local_hour = rng.randint(10, 18)  # Seoul, 01:00-09:00 UTC
                    starts = (now + timedelta(days=first + 21 * j)).replace(
                        hour=local_hour - 9, minute=rng.choice((0, 30)), second=0, microsecond=0
                    )
                    status, completed = "booked", None
                    if starts < now:
                        status = rng.choices(("completed", "cancelled", "no_show"), (90, 5, 5))[0]
                        if status == "completed":
                            completed = starts + timedelta(minutes=60)
                    visits.append((visit_id, patient, kind, status, starts, completed))
                    yield (
                        visit_id,
                        patient,
                        rng.choice(practitioner_ids),
                        kind,
                        status,
                        starts,
                        starts + timedelta(minutes=60),
                        60,
                        '["cheeks"]' if kind == "procedure" else "[]",
                        "",
                        starts - timedelta(days=14),
                        completed,
                        starts - timedelta(days=20) if status == "cancelled" else None,
                    )

        counts["visits"] = _copy(
            conn,
            "visit",
            "id, patient_id, practitioner_id, kind, status, starts_at, ends_at, "
            "duration_minutes, areas, notes, created_at, completed_at, cancelled_at",
            visit_rows(),
        )
        counts["visit_threads"] = _copy(
            conn,
            "visit_thread",
            "id, visit_id, type, material, count",
            (
                (n, v[0], rng.choice(("mono", "cog", "screw")), "PDO", rng.randint(4, 12))
                for n, v in enumerate((v for v in visits if v[2] == "procedure"), start=1)
            ),
        )
        prompts: list[tuple[int, int, int, datetime]] = []

        def message_rows() -> Iterator[tuple[Any, ...]]:
            message_id = 0
            for visit_id, patient, kind, status, starts, completed in visits:
                planned = [
                    ("confirmation", "confirmation", starts - timedelta(days=14), starts),
                    ("reminder", "reminder", starts - timedelta(days=1), starts),
                ]
                if kind == "procedure":
                    at = starts - timedelta(hours=15)
                    planned.append(("procedure_prep", "reminder", at, starts))
                if completed is not None and kind == "procedure":
                    planned.append(
                        (
                            "care_instructions",
                            "instruction",
                            completed,
                            completed + timedelta(days=1),
                        )
                    )
                    for offset, step in CHECKS:
                        at = completed + timedelta(days=offset)
                        planned.append((step, "check", at, at + timedelta(days=1)))
                    at = completed + timedelta(days=28)
                    planned.append(("followup_invite", "reminder", at, at + timedelta(days=7)))
                for step, message_kind, send_at, expires in planned:
                    message_id += 1
                    sent = send_at <= now and not (status == "cancelled" and step == "reminder")
                    state = (
                        "delivered"
                        if sent
                        else ("cancelled" if status == "cancelled" else "pending")
                    )
                    if state == "delivered" and message_kind == "check":
                        prompts.append((message_id, patient, visit_id, send_at))
                    yield (
                        message_id,
                        f"{visit_id}:{step}",
                        patient,
                        visit_id,
                        step,
                        message_kind,
                        f"[Bench Clinic] {step.replace('_', ' ')}: reply 1 if all is well.",
                        state,
                        False,
                        send_at,
                        expires,
                        1 if sent else 0,
                        send_at if sent else None,
                        send_at + timedelta(seconds=5) if sent else None,
                        f"SMbench{message_id:012d}" if sent else None,
                        "",
                        send_at - timedelta(days=1),
                        send_at if sent else now,
                    )

        counts["messages"] = _copy(
            conn,
            "message",
            "id, key, patient_id, visit_id, step, kind, body, status, urgent, send_at, "
            "expires_at, attempts, sent_at, delivered_at, twilio_sid, status_note, created_at, "
            "updated_at",
            message_rows(),
        )
        share = min(1.0, 200_000 * scale / max(len(prompts), 1))
        answered = [p for p in prompts if rng.random() < share]
        items: list[tuple[Any, ...]] = []
        weights = [r[3] for r in REPLIES]

        def reply_rows() -> Iterator[tuple[Any, ...]]:
            for reply_id, (message_id, patient, visit_id, sent_at) in enumerate(answered, start=1):
                body, findings, severity, _ = rng.choices(REPLIES, weights)[0]
                received = sent_at + timedelta(minutes=rng.randint(5, 600))
                if received > now:
                    received = now - timedelta(minutes=1)
                finding_json = "[" + ", ".join(f'"{f}"' for f in findings) + "]"
                if severity in ("concern", "urgent"):
                    recent = received > now - timedelta(days=3)
                    resolved = not recent and rng.random() < 0.9
                    items.append(
                        (
                            len(items) + 1,
                            f"reply:{reply_id}",
                            patient,
                            visit_id,
                            reply_id,
                            message_id,
                            f"Reply reports: {', '.join(findings)}",
                            severity,
                            "clinical",
                            finding_json,
                            "resolved" if resolved else "open",
                            received,
                            received + timedelta(minutes=rng.randint(5, 240)) if resolved else None,
                            resolver_id if resolved else None,
                            "reassured" if resolved else None,
                            "",
                        )
                    )
                yield (
                    reply_id,
                    f"SMreply{reply_id:012d}",
                    patient,
                    message_id,
                    f"+8210{20_000_000 + patient}",
                    body,
                    "[]",
                    received,
                    finding_json,
                    severity,
                    "",
                    "",
                    # The front desk has read what came in before the last two days.
                    received if received < now - timedelta(days=2) else None,
                )

        counts["replies"] = _copy(
            conn,
            "reply",
            "id, message_sid, patient_id, message_id, from_number, body, media, received_at, "
            "findings, severity, triage_reason, action, read_at",
            reply_rows(),
        )
        counts["review_items"] = _copy(
            conn,
            "review_item",
            "id, key, patient_id, visit_id, reply_id, message_id, reason, severity, audience, "
            "findings, status, created_at, resolved_at, resolved_by_id, outcome, note",
            iter(items),
        )
        with conn.cursor() as cur:
            for table in ("patient", "visit", "visit_thread", "message", "reply", "review_item"):
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return counts


def utc_now() -> datetime:
    """The bench's own clock: the real one (the bench is no test), to the second."""
    return datetime.now(UTC).replace(microsecond=0)
