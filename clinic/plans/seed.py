"""The aftercare plans shipped with the software, loaded into an empty database.

Migration 0010 and the tests (after emptying the tables) seed from the same data
file, written from the plans and SMS templates the software shipped as code.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

SEED_FILE = Path(__file__).resolve().parents[2] / "migrations" / "data" / "0010_procedure_plan.json"

# Table shapes as of migration 0010, so the seed does not move with later models.
_plan = sa.table(
    "plan",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("visit_kind", sa.String),
    sa.column("thread_type", sa.String),
    sa.column("area", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
_version = sa.table(
    "plan_version",
    sa.column("id", sa.Integer),
    sa.column("plan_id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("author_id", sa.Integer),
    sa.column("note", sa.String),
    sa.column("changes", sa.JSON),
)
_step = sa.table(
    "plan_step",
    sa.column("version_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("day", sa.Integer),
    sa.column("at", sa.String),
    sa.column("useful_hours", sa.Integer),
    sa.column("conditions", sa.JSON),
    sa.column("why", sa.String),
    sa.column("text_en", sa.Text),
    sa.column("text_ko", sa.Text),
    sa.column("options", sa.JSON),
)


def shipped_plans() -> list[dict[str, Any]]:
    """Return the shipped plans as the data file describes them."""
    plans: list[dict[str, Any]] = json.loads(SEED_FILE.read_text(encoding="utf-8"))["plans"]
    return plans


def seed_plans(connection: sa.Connection) -> None:
    """Insert the shipped plans, each as its version 1 with no author."""
    now = datetime.now(UTC)
    for plan in shipped_plans():
        plan_id = connection.execute(
            sa.insert(_plan)
            .values(
                name=plan["name"],
                visit_kind=plan["visit_kind"],
                thread_type=plan["thread_type"],
                area=plan["area"],
                created_at=now,
            )
            .returning(_plan.c.id)
        ).scalar_one()
        version_id = connection.execute(
            sa.insert(_version)
            .values(plan_id=plan_id, number=1, created_at=now, note="Shipped plan", changes=[])
            .returning(_version.c.id)
        ).scalar_one()
        connection.execute(
            sa.insert(_step),
            [
                {"version_id": version_id, "position": position, **step}
                for position, step in enumerate(plan["steps"])
            ],
        )
