"""Aftercare plans as data: a plan per procedure kind, saved in versions of steps."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, utcnow
from clinic.models.staff import Staff
from clinic.models.visit import Visit

ADJUSTMENTS = ("add", "skip")


class Plan(Base):
    """The texts a completed procedure earns; optionally only for one thread type or area."""

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    visit_kind: Mapped[str] = mapped_column(sa.String(20), default="procedure")
    # None: any thread type / area. A plan naming one wins over the general plan.
    thread_type: Mapped[str | None] = mapped_column(sa.String(10))
    area: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["PlanVersion"]] = relationship(
        back_populates="plan", order_by="PlanVersion.number"
    )


class PlanVersion(Base):
    """One saved state of a plan; a save never changes an older version."""

    __tablename__ = "plan_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None for the version shipped with the software.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    # What changed, for the audit trail ("day7_check: text_ko").
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    # What changed, for the history staff read: [{"step": name, "fields": [field, ...]}].
    changes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)

    plan: Mapped[Plan] = relationship(back_populates="versions")
    author: Mapped[Staff | None] = relationship()
    steps: Mapped[list["PlanStep"]] = relationship(
        back_populates="version", order_by="PlanStep.position", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.UniqueConstraint("plan_id", "number"),)


class PlanStep(Base):
    """One text of a plan version: when it goes, to whom, and what it says."""

    __tablename__ = "plan_step"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_version.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(20))
    day: Mapped[int]
    # Local wall-clock time "HH:MM"; None sends at the moment the procedure was completed.
    at: Mapped[str | None] = mapped_column(sa.String(5))
    useful_hours: Mapped[int] = mapped_column(default=24)
    # Any of these conditions adds the step; empty means always.
    conditions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    why: Mapped[str] = mapped_column(sa.String(200), default="")
    text_en: Mapped[str] = mapped_column(sa.Text)
    text_ko: Mapped[str] = mapped_column(sa.Text)
    # Numbered answers of a check prompt: [{"number", "findings", "severity"}].
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)

    version: Mapped[PlanVersion] = relationship(back_populates="steps")

    __table_args__ = (sa.UniqueConstraint("version_id", "name"),)


class PlanAdjustment(Base):
    """A clinician's change to one visit's plan: a step added or skipped, with the reason."""

    __tablename__ = "plan_adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    action: Mapped[str] = mapped_column(sa.String(10))
    reason: Mapped[str] = mapped_column(sa.String(300))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship()
    author: Mapped[Staff | None] = relationship()

    __table_args__ = (sa.CheckConstraint(f"action IN {ADJUSTMENTS}", name="action"),)
