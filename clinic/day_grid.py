"""The day as a time grid: rows of 30 minutes, one column per practitioner, free time visible."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from clinic.config import ClinicSettings
from clinic.models import Staff, Visit
from clinic.models.base import DbSession
from clinic.schedule import spans_for
from clinic.timeutil import local_datetime

SLOT = timedelta(minutes=30)


@dataclass
class Cell:
    """One practitioner at one row: a visit starting here, free, not working, or covered."""

    state: str  # visit | free | off | covered
    at: datetime
    visit: Visit | None = None
    rows: int = 1


@dataclass
class GridColumn:
    """One practitioner's day."""

    practitioner: Staff
    cells: list[Cell] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)  # every visit that day, in time order
    off_grid: list[Visit] = field(default_factory=list)  # cancelled, or overlapping another

    @property
    def active_count(self) -> int:
        """Visits that still take up time (not cancelled)."""
        return sum(1 for v in self.visits if v.status != "cancelled")


@dataclass
class DayGrid:
    """Row start times and the columns."""

    rows: list[datetime]
    columns: list[GridColumn]


def _bounds(
    clinic: ClinicSettings,
    day: date,
    spans: dict[int, list[tuple[datetime, datetime]]],
    visits: list[Visit],
) -> tuple[datetime, datetime]:
    start = local_datetime(day, time(8), clinic.timezone)
    end = local_datetime(day, time(20), clinic.timezone)
    moments = [m for person in spans.values() for span in person for m in span]
    moments += [m for v in visits if v.status != "cancelled" for m in (v.starts_at, v.ends_at)]
    if moments:
        start, end = min(moments), max(moments)
    midnight = local_datetime(day, time(0), clinic.timezone)
    # Rows start on the half hour.
    start = midnight + SLOT * int((start - midnight) / SLOT)
    return start, max(end, start + SLOT)


def day_grid(
    session: DbSession,
    clinic: ClinicSettings,
    day: date,
    people: list[Staff],
    visits: list[Visit],
) -> DayGrid:
    """Lay a day's visits out on a 30-minute grid, one column per practitioner."""
    ids = list(dict.fromkeys([p.id for p in people] + [v.practitioner_id for v in visits]))
    spans = spans_for(session, clinic, ids, day)
    start, end = _bounds(clinic, day, {p.id: spans[p.id] for p in people}, visits)
    rows = []
    at = start
    while at < end:
        rows.append(at)
        at += SLOT
    columns = {p.id: GridColumn(p) for p in people}
    for visit in visits:
        # A practitioner who has left still shows on days they had visits.
        columns.setdefault(visit.practitioner_id, GridColumn(visit.practitioner)).visits.append(
            visit
        )
    for column in columns.values():
        working = spans[column.practitioner.id]
        cells = [
            Cell("free" if any(a <= r and r + SLOT <= b for a, b in working) else "off", r)
            for r in rows
        ]
        for visit in column.visits:
            index = int((visit.starts_at - start) / SLOT)
            if visit.status == "cancelled" or cells[index].state in ("visit", "covered"):
                column.off_grid.append(visit)
                continue
            span = max(1, ceil((visit.ends_at - rows[index]) / SLOT))
            span = min(span, len(rows) - index)
            if any(c.state in ("visit", "covered") for c in cells[index : index + span]):
                column.off_grid.append(visit)
                continue
            cells[index] = Cell("visit", rows[index], visit, span)
            for i in range(index + 1, index + span):
                cells[i] = Cell("covered", rows[i])
        column.cells = cells
    return DayGrid(rows, list(columns.values()))


def week_of(day: date) -> list[date]:
    """Return the Monday-to-Sunday week a day falls in."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=n) for n in range(7)]
