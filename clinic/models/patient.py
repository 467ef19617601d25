"""Patients and their assessed skin profile."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.models.base import Base, utcnow
from clinic.models.staff import Staff

LANGUAGES = ("en", "ko")
THICKNESS = ("thin", "normal", "thick")
CHEEK_VOLUME = ("low", "normal", "full")
ELASTICITY = ("low", "normal", "high")


class Patient(Base):
    """Someone the clinic treats and texts."""

    __tablename__ = "patient"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # One patient per number: inbound texts are matched to patients by it.
    phone: Mapped[str] = mapped_column(sa.String(20), unique=True)
    language: Mapped[str] = mapped_column(sa.String(2), default="en")
    sms_consent: Mapped[bool] = mapped_column(default=False)
    consent_recorded_at: Mapped[datetime | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    opted_out: Mapped[bool] = mapped_column(default=False)
    opted_out_at: Mapped[datetime | None]
    birth_year: Mapped[int | None]
    skin_thickness: Mapped[str | None] = mapped_column(sa.String(10))
    cheek_volume: Mapped[str | None] = mapped_column(sa.String(10))
    elasticity: Mapped[str | None] = mapped_column(sa.String(10))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id"))
    # Set when the patient's personal data was erased; the anonymous row stays.
    erased_at: Mapped[datetime | None]

    consent_recorded_by: Mapped[Staff | None] = relationship(foreign_keys=[consent_recorded_by_id])

    __table_args__ = (
        sa.CheckConstraint(f"language IN {LANGUAGES}", name="language"),
        sa.Index("ix_patient_name_id", "name", "id"),
        # Search by any part of the name or number (PostgreSQL; SQLite scans).
        sa.Index(
            "ix_patient_name_trgm", sa.text("lower(name) gin_trgm_ops"), postgresql_using="gin"
        ).ddl_if(dialect="postgresql"),
        sa.Index(
            "ix_patient_phone_trgm", sa.text("phone gin_trgm_ops"), postgresql_using="gin"
        ).ddl_if(dialect="postgresql"),
    )

    @property
    def first_name(self) -> str:
        """The name a text greets the patient by."""
        if self.language == "ko":
            # Korean names are written family name first; greet by the given name.
            parts = self.name.split()
            if len(parts) > 1:
                return parts[-1]
            return self.name[1:] if len(self.name) == 3 else self.name
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def can_be_texted(self) -> bool:
        """Whether routine texts may go to this patient now."""
        return self.sms_consent and not self.opted_out

    def age_in(self, year: int) -> int | None:
        """Return the patient's age (in whole years, approximately) in ``year``."""
        return None if self.birth_year is None else year - self.birth_year
