"""working hours, closed days and the schedule's audit trail

Revision ID: 0006
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "working_hours",
        sa.Column("practitioner_id", sa.Integer(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practitioner_id"], ["staff.id"], name=op.f("fk_working_hours_practitioner_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["staff.id"], name=op.f("fk_working_hours_updated_by_id_staff")
        ),
        sa.PrimaryKeyConstraint("practitioner_id", name=op.f("pk_working_hours")),
    )
    op.create_table(
        "closed_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closed_day")),
    )
    op.create_table(
        "schedule_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_schedule_event_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_event")),
    )


def downgrade():
    op.drop_table("schedule_event")
    op.drop_table("closed_day")
    op.drop_table("working_hours")
