"""Indexes for the paged pages, the jobs' scans and patient search

Revision ID: 0007
Revises: 0001
Create Date: 2026-12-02 12:45:00

Each index is declared on its model too. The partial ones hold only the rows a
query looks for (open items, pending texts...), so they stay small as history grows.
Patient search gets trigram indexes on PostgreSQL (pg_trgm); SQLite scans.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = None

# name, table, columns, WHERE (for a partial index) or None
INDEXES = [
    ("ix_visit_starts_at", "visit", ["starts_at"], None),
    (
        "ix_visit_procedure_completed",
        "visit",
        ["completed_at"],
        "kind = 'procedure' AND status = 'completed'",
    ),
    (
        "ix_review_item_open",
        "review_item",
        ["audience", "severity", "created_at", "id"],
        "status = 'open'",
    ),
    ("ix_review_item_resolved", "review_item", ["resolved_at"], "status = 'resolved'"),
    ("ix_review_item_visit_id", "review_item", ["visit_id"], None),
    (
        "ix_message_prompt_sent",
        "message",
        ["kind", "sent_at", "patient_id", "id"],
        "kind IN ('check', 'nudge') AND status IN ('sent', 'delivered')",
    ),
    ("ix_message_pending_expires", "message", ["expires_at"], "status = 'pending'"),
    ("ix_message_sending_claimed", "message", ["claimed_until"], "status = 'sending'"),
    ("ix_reply_patient_received", "reply", ["patient_id", "received_at"], None),
    ("ix_patient_name_id", "patient", ["name", "id"], None),
]
TRIGRAM = [
    ("ix_patient_name_trgm", "lower(name) gin_trgm_ops"),
    ("ix_patient_phone_trgm", "phone gin_trgm_ops"),
]


def _trigrams_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
    ).scalar()
    return found is not None


def upgrade():
    for name, table, columns, where in INDEXES:
        condition = sa.text(where) if where else None
        op.create_index(
            name, table, columns, postgresql_where=condition, sqlite_where=condition
        )
    if _trigrams_available():
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, expression in TRIGRAM:
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON patient USING gin ({expression})")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, _ in TRIGRAM:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
