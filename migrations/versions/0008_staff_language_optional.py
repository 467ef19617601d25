"""staff language optional: no setting means the browser's language

Revision ID: 0008
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing values stay: "en" may have been chosen, and nothing tells a default from a choice.
    with op.batch_alter_table("staff") as batch_op:
        batch_op.alter_column(
            "language", existing_type=sa.String(length=2), nullable=True, server_default=None
        )


def downgrade() -> None:
    op.execute("UPDATE staff SET language = 'en' WHERE language IS NULL")
    with op.batch_alter_table("staff") as batch_op:
        batch_op.alter_column(
            "language", existing_type=sa.String(length=2), nullable=False, server_default="en"
        )
