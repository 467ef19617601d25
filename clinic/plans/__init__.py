"""The text plans: which texts a visit owes its patient, and when.

A step is sent on a clinic-local day counted from its anchor (the booking, the
visit's start or the moment a procedure was completed), at a local wall-clock
time, and stays useful for a while after that. Extra steps apply only when a
named condition holds for the patient and the procedure.

The visit's own texts (confirmation, reminders) are planned here; aftercare
plans are data, and their steps name the conditions below. The package's
modules: ``store`` (plans, versions, saving a step), ``text`` (rendering and
checking a step's wording), ``adjust`` (one patient's plan), ``seed`` (the
shipped plan).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from clinic.models import Patient, Visit

DAY = timedelta(hours=24)


@dataclass(frozen=True)
class Step:
    """One planned text. ``name`` is also the name of its SMS template."""

    name: str
    kind: str  # confirmation | reminder | instruction | check
    # before_visit: SAME_DAY_REMINDER_HOURS before the visit's start (day and at unused)
    anchor: str  # booking | rescheduling | visit_start | before_visit | completion | cancellation
    day: int  # local days after (negative: before) the anchor's local date
    at: time | None  # local wall-clock time; None sends at the anchor moment
    useful_for: timedelta = DAY
    until_visit_start: bool = False  # useless once the visit has begun
    visit_kinds: tuple[str, ...] = ("consultation", "procedure", "follow_up")
    when: tuple[str, ...] = ()  # any of these conditions; empty means always
    why: str = ""  # shown to staff beside an adaptive step


@dataclass(frozen=True)
class Profile:
    """What the conditions look at: the patient's assessed face, age and the procedure."""

    skin_thickness: str | None
    cheek_volume: str | None
    elasticity: str | None
    age: int | None
    areas: frozenset[str]
    thread_types: frozenset[str]


def profile_of(patient: Patient, visit: Visit, on: date) -> Profile:
    """Describe the patient and procedure as the plan's conditions see them."""
    return Profile(
        skin_thickness=patient.skin_thickness,
        cheek_volume=patient.cheek_volume,
        elasticity=patient.elasticity,
        age=patient.age_in(on.year),
        areas=frozenset(visit.areas or ()),
        thread_types=frozenset(t.type for t in visit.threads),
    )


MIDFACE = frozenset({"cheeks", "nasolabial", "marionette", "jawline"})

CONDITIONS: dict[str, Callable[[Profile], bool]] = {
    # Published rates: over 50, dimpling 16% vs 5.6% and infection 5.9% vs 0.7%.
    "age_50_plus": lambda p: p.age is not None and p.age >= 50,
    "thin_skin": lambda p: p.skin_thickness == "thin",
    "low_elasticity": lambda p: p.elasticity == "low",
    "low_cheek_volume": lambda p: p.cheek_volume == "low",
    # Barbed threads grip the tissue and pull it in where they anchor.
    "barbed_threads": lambda p: bool(p.thread_types & {"cog", "screw"}),
    "low_volume_midface": lambda p: p.cheek_volume == "low" and bool(p.areas & MIDFACE),
}

VISIT_PLAN: tuple[Step, ...] = (
    # Telling the patient their booked time stays useful right up to the visit.
    Step("confirmation", "confirmation", "booking", 0, None, 60 * DAY, until_visit_start=True),
    Step("rescheduled", "confirmation", "rescheduling", 0, None, 60 * DAY, until_visit_start=True),
    Step("reminder", "reminder", "visit_start", -1, time(10, 0), until_visit_start=True),
    Step("same_day_reminder", "reminder", "before_visit", 0, None, until_visit_start=True),
    Step(
        "procedure_prep",
        "instruction",
        "visit_start",
        -1,
        time(18, 0),
        until_visit_start=True,
        visit_kinds=("procedure",),
    ),
)

# Staff cancelled a visit still ahead: the patient is told, so they do not come for nothing.
CANCEL_PLAN: tuple[Step, ...] = (
    Step("cancelled", "confirmation", "cancellation", 0, None, 60 * DAY, until_visit_start=True),
)

# The visit's own texts; aftercare after a procedure is a plan kept in the database.
ALL_STEPS: dict[str, Step] = {s.name: s for s in VISIT_PLAN + CANCEL_PLAN}

# How long after a check prompt silence earns a nudge, then a review item.
NUDGE_AFTER = timedelta(hours=48)
FLAG_SILENCE_AFTER = timedelta(hours=24)


def applies(step: Step, profile: Profile) -> bool:
    """Whether a step belongs in this patient's plan."""
    return not step.when or any(CONDITIONS[name](profile) for name in step.when)
