"""The day as a time grid: rows of 30 minutes, one column per practitioner, free time visible."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

import sqlalchemy as sa

from clinic.config import ClinicSettings
from clinic.models import Patient, Staff, Visit
from clinic.models.base import DbSession
from clinic.schedule import spans_for
from clinic.timeutil import local_datetime, local_day_bounds

SLOT = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class GridVisit:
    """What the grid shows of a visit: a day holds hundreds, read as plain rows."""

    id: int
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    practitioner_id: int
    patient_name: str


def grid_visits(
    session: DbSession, clinic: ClinicSettings, day: date, practitioner_id: int | None = None
) -> list[GridVisit]:
    """Return the visits that start on a clinic-local day, in time order, in one statement."""
    start, end = local_day_bounds(day, clinic.timezone)
    query = (
        sa.select(
            Visit.id,
            Visit.kind,
            Visit.status,
            Visit.starts_at,
            Visit.ends_at,
            Visit.practitioner_id,
            Patient.name,
        )
        .join(Patient, Patient.id == Visit.patient_id)
        .where(Visit.starts_at >= start, Visit.starts_at < end)
        .order_by(Visit.starts_at, Visit.id)
    )
    if practitioner_id is not None:
        query = query.where(Visit.practitioner_id == practitioner_id)
    return [GridVisit(*row) for row in session.execute(query)]


@dataclass
class Cell:
    """One practitioner at one row: a visit starting here, free, not working, or covered."""

    state: str  # visit | free | off | covered
    at: datetime
    visit: GridVisit | None = None
    rows: int = 1


@dataclass
class GridColumn:
    """One practitioner's day."""

    practitioner: Staff
    working: list[tuple[datetime, datetime]] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    visits: list[GridVisit] = field(default_factory=list)  # every visit that day, in order
    off_grid: list[GridVisit] = field(default_factory=list)  # cancelled, or overlapping

    @property
    def active_count(self) -> int:
        """Visits that still take up time (not cancelled)."""
        return sum(1 for v in self.visits if v.status != "cancelled")


@dataclass
class DayGrid:
    """Row start times and the columns."""

    rows: list[datetime]
    columns: list[GridColumn]

    def content_key(self) -> tuple[object, ...]:
        """Everything the grid shows, hashable: equal keys render the same grid."""
        return (
            tuple(self.rows),
            tuple(
                (c.practitioner.id, c.practitioner.name, tuple(c.working), tuple(c.visits))
                for c in self.columns
            ),
        )


def _bounds(
    clinic: ClinicSettings,
    day: date,
    spans: dict[int, list[tuple[datetime, datetime]]],
    visits: list[GridVisit],
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
    visits: list[GridVisit],
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
    stamps = [r.timestamp() for r in rows]
    step = SLOT.total_seconds()
    columns = {p.id: GridColumn(p) for p in people}
    # A practitioner who has left still shows on days they had visits.
    gone = {v.practitioner_id for v in visits} - set(columns)
    if gone:
        for staff in session.scalars(sa.select(Staff).where(Staff.id.in_(sorted(gone)))):
            columns[staff.id] = GridColumn(staff)
    for visit in visits:
        columns[visit.practitioner_id].visits.append(visit)
    for column in columns.values():
        working = column.working = spans[column.practitioner.id]
        # Compared as numbers: aware datetimes of two zones cost a UTC offset each time.
        bounds = [(a.timestamp(), b.timestamp()) for a, b in working]
        free = [False] * len(rows)
        for a, b in bounds:
            for i, r in enumerate(stamps):
                if a <= r and r + step <= b:
                    free[i] = True
        cells = [Cell("free" if f else "off", row) for row, f in zip(rows, free, strict=True)]
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
