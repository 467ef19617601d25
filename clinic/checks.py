"""Numbered answers offered by each text that asks the patient something.

The SMS templates in ``templates/sms/<lang>/<step>.txt`` list these options in
words; triage maps a bare number back to findings through this table, so the
two must stay in step (a test renders every template and checks the numbers).
"""

from dataclasses import dataclass

# Reply severities, most severe first. ``none`` means "all is well".
SEVERITIES = ("urgent", "concern", "expected", "none")


@dataclass(frozen=True)
class Option:
    """One numbered answer: what it says about the patient, and how bad it is."""

    number: str
    findings: tuple[str, ...]
    severity: str


def _opts(*options: tuple[str, tuple[str, ...], str]) -> dict[str, Option]:
    return {n: Option(n, f, s) for n, f, s in options}


FINE: tuple[str, ...] = ()

# Check prompts after a procedure: step name -> numbered answers.
CHECK_OPTIONS: dict[str, dict[str, Option]] = {
    "day1_check": _opts(
        ("1", FINE, "none"),
        ("2", ("pain_swelling", "bruising"), "expected"),
        ("3", ("pain_swelling",), "urgent"),  # severe or worsening pain
        ("4", ("infection_sign",), "urgent"),  # redness, warmth, discharge, fever
        ("5", ("pain_swelling",), "urgent"),  # hard to open the mouth
    ),
    "day2_infection_check": _opts(
        ("1", FINE, "none"),
        ("2", ("infection_sign",), "urgent"),
        ("3", ("pain_swelling",), "urgent"),
    ),
    "day3_check": _opts(
        ("1", FINE, "none"),
        ("2", ("dimple",), "concern"),
        ("3", ("pain_swelling", "bruising"), "expected"),
        ("4", ("other",), "concern"),
    ),
    "day5_dimple_check": _opts(
        ("1", FINE, "none"),
        ("2", ("dimple",), "concern"),
        ("3", ("hollow_cheek",), "concern"),
    ),
    "day7_check": _opts(
        ("1", FINE, "none"),
        ("2", ("visible_thread",), "concern"),
        ("3", ("rippling",), "concern"),
        ("4", ("thread_exposure",), "concern"),
    ),
    "day10_thread_check": _opts(
        ("1", FINE, "none"),
        ("2", ("visible_thread",), "concern"),
        ("3", ("rippling",), "concern"),
    ),
    "day14_check": _opts(
        ("1", FINE, "none"),
        ("2", ("hollow_cheek",), "concern"),
        ("3", ("prominent_cheekbone",), "concern"),
        ("4", ("asymmetry",), "concern"),
    ),
    "day21_hollow_check": _opts(
        ("1", FINE, "none"),
        ("2", ("hollow_cheek",), "concern"),
        ("3", ("prominent_cheekbone",), "concern"),
    ),
}

# Steps whose numbered answers are front-desk requests rather than findings.
# "1" confirms a visit; "2" asks to move it; on the follow-up invitation "1"
# asks the front desk to book the follow-up.
REMINDER_STEPS = ("confirmation", "rescheduled", "reminder", "same_day_reminder", "procedure_prep")
FOLLOWUP_STEPS = ("followup_invite",)

# Findings that always make a reply urgent; the patient is also told the emergency number.
RED_FLAG_CODES = (
    "breathing_swallowing",
    "allergic_reaction",
    "facial_weakness",
    "vision_change",
    "heavy_bleeding",
    "skin_colour_change",
)

FINDING_CODES = (
    "dimple",
    "visible_thread",
    "rippling",
    "hollow_cheek",
    "prominent_cheekbone",
    "asymmetry",
    "pain_swelling",
    "bruising",
    "infection_sign",
    "thread_exposure",
    "numbness",
    "other",
    *RED_FLAG_CODES,
)


def options_for(step: str | None) -> dict[str, Option]:
    """Return the numbered answers a step offers (empty if it asks nothing)."""
    if step is None:
        return {}
    # A nudge repeats the prompt it follows up, so it offers the same answers.
    base = step.removesuffix("_nudge")
    return CHECK_OPTIONS.get(base, {})
