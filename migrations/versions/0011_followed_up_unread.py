"""idle jobs and pages at scale: prompts' followed-up mark, unread replies' index

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WAITING = (
    "kind IN ('check', 'nudge') AND status IN ('sent', 'delivered') AND followed_up_at IS NULL"
)
UNREAD = "read_at IS NULL AND patient_id IS NOT NULL"


def upgrade():
    # A check or nudge answered, superseded, nudged or flagged is marked, so the idle
    # pass of follow_up_silence reads only the prompts still waiting (the partial index).
    op.add_column("message", sa.Column("followed_up_at", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_message_prompt_waiting",
        "message",
        ["kind", "sent_at"],
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )
    # The unread badge on every page counts only unread replies.
    op.create_index(
        "ix_reply_unread",
        "reply",
        ["patient_id"],
        postgresql_where=sa.text(UNREAD),
        sqlite_where=sa.text(UNREAD),
    )


def downgrade():
    op.drop_index("ix_reply_unread", table_name="reply")
    op.drop_index("ix_message_prompt_waiting", table_name="message")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_column("followed_up_at")
