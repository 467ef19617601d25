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
    for table in ("reply", "review_item"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("evidence", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
            )


def downgrade():
    for table in ("review_item", "reply"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("evidence")
