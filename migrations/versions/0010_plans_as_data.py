"""plans as data: aftercare plans, their versions and steps, per-visit adjustments

Revision ID: 0010
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from clinic.plans.seed import seed_plans

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

# Rebuilt by SQLite's batch mode, which does not carry a partial index's WHERE over.
PARTIAL_INDEXES = (
    (
        "ix_message_prompt_sent",
        ["kind", "sent_at", "patient_id", "id"],
        "kind IN ('check', 'nudge') AND status IN ('sent', 'delivered')",
    ),
    ("ix_message_pending_expires", ["expires_at"], "status = 'pending'"),
    ("ix_message_sending_claimed", ["claimed_until"], "status = 'sending'"),
)


def _foreign_keys(on: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _partial_indexes() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, columns, where in PARTIAL_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
        op.create_index(name, "message", columns, sqlite_where=sa.text(where))


def upgrade():
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("visit_kind", sa.String(length=20), nullable=False),
        sa.Column("thread_type", sa.String(length=10), nullable=True),
        sa.Column("area", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
    )
    op.create_table(
        "plan_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_plan_version_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_version_plan_id_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_version")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_plan_version_plan_id")),
    )
    op.create_index(op.f("ix_plan_version_plan_id"), "plan_version", ["plan_id"])
    op.create_table(
        "plan_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=True),
        sa.Column("useful_hours", sa.Integer(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("why", sa.String(length=200), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_ko", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["plan_version.id"], name=op.f("fk_plan_step_version_id_plan_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_step")),
        sa.UniqueConstraint("version_id", "name", name=op.f("uq_plan_step_version_id")),
    )
    op.create_index(op.f("ix_plan_step_version_id"), "plan_step", ["version_id"])
    op.create_table(
        "plan_adjustment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("action IN ('add', 'skip')", name=op.f("ck_plan_adjustment_action")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["staff.id"], name=op.f("fk_plan_adjustment_author_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_plan_adjustment_visit_id_visit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_adjustment")),
    )
    op.create_index(op.f("ix_plan_adjustment_visit_id"), "plan_adjustment", ["visit_id"])
    seed_plans(op.get_bind())
    _foreign_keys(False)
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_version_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_message_plan_version_id_plan_version"),
            "plan_version",
            ["plan_version_id"],
            ["id"],
        )
    _partial_indexes()
    _foreign_keys(True)
    # Texts planned before plans were data came from the shipped plan: version 1.
    op.execute(
        "UPDATE message SET plan_version_id = (SELECT MIN(id) FROM plan_version) "
        "WHERE visit_id IS NOT NULL AND step IN ("
        "SELECT name FROM plan_step WHERE version_id = (SELECT MIN(id) FROM plan_version))"
    )


def downgrade():
    _foreign_keys(False)
    with op.batch_alter_table("message", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_message_plan_version_id_plan_version"), type_="foreignkey"
        )
        batch_op.drop_column("plan_version_id")
    _partial_indexes()
    _foreign_keys(True)
    op.drop_table("plan_adjustment")
    op.drop_table("plan_step")
    op.drop_table("plan_version")
    op.drop_table("plan")
