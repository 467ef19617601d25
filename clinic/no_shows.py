"""The no-show report: how many due visits each practitioner's patients missed, by month."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.models import Staff, Visit
from clinic.models.base import DbSession
from clinic.timeutil import local_day_bounds


@dataclass(frozen=True)
class NoShowRow:
    """One month of one practitioner: visits that were due, and how many were missed."""

    month: str  # YYYY-MM, clinic-local
    practitioner_id: int
    practitioner: str
    visits: int  # completed or no-show
    no_shows: int

    @property
    def rate(self) -> float:
        """The share of due visits that were missed (0-1)."""
        return self.no_shows / self.visits if self.visits else 0.0


def no_show_report(
    session: DbSession, clinic: ClinicSettings, start: date, end: date
) -> list[NoShowRow]:
    """Count no-shows among completed and missed visits between two local days (inclusive)."""
    first, _ = local_day_bounds(start, clinic.timezone)
    _, last = local_day_bounds(end, clinic.timezone)
    rows = session.execute(
        sa.select(Visit.starts_at, Visit.status, Staff.id, Staff.name)
        .join(Staff, Visit.practitioner_id == Staff.id)
        .where(
            Visit.starts_at >= first,
            Visit.starts_at < last,
            Visit.status.in_(("completed", "no_show")),
        )
    )
    counts: dict[tuple[str, int, str], list[int]] = {}
    for starts_at, status, staff_id, name in rows:
        month = f"{starts_at.astimezone(clinic.timezone):%Y-%m}"
        tally = counts.setdefault((month, staff_id, name), [0, 0])
        tally[0] += 1
        tally[1] += status == "no_show"
    return [
        NoShowRow(month, staff_id, name, visits, missed)
        for (month, staff_id, name), (visits, missed) in sorted(counts.items())
    ]
