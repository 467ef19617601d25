"""Numbered answers offered by each text that asks the patient something.

A plan step's text lists its options in words; triage maps a bare number back
to findings through the options stored with the same step, so the two stay in
step (the plan editor refuses a text whose numbers differ, and a test renders
every shipped step and checks the numbers).
"""

from dataclasses import dataclass
from typing import Any

from clinic.plans.seed import shipped_plans

# Reply severities, most severe first. ``none`` means "all is well".
SEVERITIES = ("urgent", "concern", "expected", "none")


@dataclass(frozen=True)
class Option:
    """One numbered answer: what it says about the patient, and how bad it is."""

    number: str
    findings: tuple[str, ...]
    severity: str


def options_from(rows: list[dict[str, Any]]) -> dict[str, Option]:
    """Read a plan step's stored options ({"number", "findings", "severity"} each)."""
    return {
        str(r["number"]): Option(str(r["number"]), tuple(r["findings"]), r["severity"])
        for r in rows
    }


# Check prompts of the shipped plan: step name -> numbered answers. Replies to a
# prompt planned from a saved plan version use that version's options instead.
CHECK_OPTIONS: dict[str, dict[str, Option]] = {
    step["name"]: options_from(step["options"])
    for plan in shipped_plans()
    for step in plan["steps"]
    if step["options"]
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
