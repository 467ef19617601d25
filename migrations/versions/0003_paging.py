"""on-call paging: staff phones, pages in the outbox, acknowledgements

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('confirmation', 'reminder', 'instruction', 'check', 'nudge', 'reply')"
NEW_KINDS = "kind IN ('confirmation', 'reminder', 'instruction', 'check', 'nudge', 'reply', 'page')"


def _foreign_keys(on: bool) -> None:
    # SQLite batch mode copies and drops tables that other rows point at; the
    # copy takes the old name again, so the references hold once it is done.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def upgrade():
    _foreign_keys(False)
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("language", sa.String(length=2), server_default="en", nullable=False)
        )
        batch_op.add_column(
            sa.Column("on_call", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index("ix_staff_phone", ["phone"], unique=True)

    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("page_round", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("acknowledged_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_via", sa.String(length=10), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_review_item_acknowledged_by_id_staff"),
            "staff",
            ["acknowledged_by_id"],
            ["id"],
        )

    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.alter_column("patient_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_number", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("review_item_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_message_staff_id_staff"), "staff", ["staff_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_message_review_item_id_review_item"),
            "review_item",
            ["review_item_id"],
            ["id"],
        )
        batch_op.create_index(
            batch_op.f("ix_message_review_item_id"), ["review_item_id"], unique=False
        )
        batch_op.drop_constraint(batch_op.f("ck_message_kind"), type_="check")
        batch_op.create_check_constraint("kind", NEW_KINDS)
    _foreign_keys(True)


def downgrade():
    _foreign_keys(False)
    op.execute("DELETE FROM message WHERE kind = 'page' OR patient_id IS NULL")
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_message_kind"), type_="check")
        batch_op.create_check_constraint("kind", OLD_KINDS)
        batch_op.drop_index(batch_op.f("ix_message_review_item_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_message_review_item_id_review_item"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_message_staff_id_staff"), type_="foreignkey")
        batch_op.drop_column("review_item_id")
        batch_op.drop_column("to_number")
        batch_op.drop_column("staff_id")
        batch_op.alter_column("patient_id", existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_review_item_acknowledged_by_id_staff"), type_="foreignkey"
        )
        batch_op.drop_column("acknowledged_via")
        batch_op.drop_column("acknowledged_by_id")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("page_round")

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("ix_staff_phone")
        batch_op.drop_column("on_call")
        batch_op.drop_column("language")
        batch_op.drop_column("phone")
    _foreign_keys(True)
