"""triage evidence: the words a reply's triage matched, on the reply and its review item

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN with a constant default: both SQLite and PostgreSQL do it in place,
    # with no table rebuild (which would trip SQLite's foreign keys on existing rows).
    for table in ("reply", "review_item"):
        op.add_column(
            table,
            sa.Column("evidence", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )


def downgrade():
    # SQLite rebuilds each table to drop a column; other tables' foreign keys point at them.
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA foreign_keys=OFF")
    for table in ("review_item", "reply"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("evidence")
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
