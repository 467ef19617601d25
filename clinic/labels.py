"""Human words for every code the pages show: one table, so translating it is one place."""

from clinic.plans import ALL_STEPS
from clinic.plans.seed import shipped_plans

# Kept apart from the triage's own phrase tables: these are what staff read on screen.
FINDINGS = {
    "dimple": "Dimple or dent",
    "visible_thread": "Visible or palpable thread",
    "rippling": "Rippling",
    "hollow_cheek": "Hollow cheeks",
    "prominent_cheekbone": "Prominent cheekbones",
    "asymmetry": "Asymmetry",
    "pain_swelling": "Pain or swelling",
    "bruising": "Bruising",
    "infection_sign": "Signs of infection",
    "thread_exposure": "Thread coming through the skin",
    "numbness": "Numbness",
    "other": "Another problem",
    "breathing_swallowing": "Trouble breathing or swallowing",
    "allergic_reaction": "Allergic reaction",
    "facial_weakness": "Facial weakness",
    "vision_change": "Change in vision",
    "heavy_bleeding": "Heavy bleeding",
    "skin_colour_change": "Skin colour change",
}
STEPS = {
    "confirmation": "Booking confirmation",
    "rescheduled": "New time notice",
    "reminder": "Reminder the day before",
    "same_day_reminder": "Same-day reminder",
    "procedure_prep": "Preparation advice",
    "care_instructions": "Care instructions",
    "day1_check": "Day 1 check",
    "day2_infection_check": "Day 2 infection check",
    "day3_check": "Day 3 check (photo)",
    "day5_dimple_check": "Day 5 dimple check",
    "day7_check": "Day 7 check",
    "day10_thread_check": "Day 10 thread check",
    "day14_check": "Day 14 check",
    "day21_hollow_check": "Day 21 hollowing check",
    "followup_invite": "Follow-up invitation",
    "nudge": "Reminder to answer",
    "reply": "Answer to the patient",
    "staff": "Message from staff",
    "page": "Page to a clinician",
}
VISIT_KINDS = {"consultation": "Consultation", "procedure": "Procedure", "follow_up": "Follow-up"}
VISIT_STATUSES = {
    "booked": "Booked",
    "confirmed": "Confirmed",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "no_show": "No-show",
}
MESSAGE_KINDS = {
    "confirmation": "Confirmation",
    "reminder": "Reminder",
    "instruction": "Instructions",
    "check": "Check",
    "nudge": "Nudge",
    "reply": "Answer",
    "staff": "From staff",
    "page": "Page",
}
MESSAGE_STATUSES = {
    "pending": "Waiting",
    "sending": "Sending",
    "sent": "Sent",
    "delivered": "Delivered",
    "undelivered": "Not delivered",
    "failed": "Failed",
    "cancelled": "Withdrawn",
    "skipped": "Skipped",
    "unknown": "Checking with the carrier",
}
SEVERITIES = {
    "urgent": "Urgent",
    "concern": "Concern",
    "expected": "Expected",
    "info": "For the front desk",
    "none": "All well",
}
OUTCOMES = {
    "reassured": "Reassured",
    "review_visit_booked": "Review visit booked",
    "urgent_care": "Sent to urgent care",
    "other": "Other",
}
GROUPINGS = {
    "": "All procedures together",
    "practitioner": "Practitioner",
    "thread_type": "Thread type",
    "area": "Treated area",
    "skin": "Skin profile",
    "age_band": "Age band",
}
ROLES = {"receptionist": "Front desk", "clinician": "Clinician", "admin": "Administrator"}
ACTIONS = {
    "booked": "Booked",
    "moved": "Moved",
    "confirmed": "Confirmed",
    "cancelled": "Cancelled",
    "completed": "Completed",
    "reopened": "Completion undone",
    "no_show": "No-show",
}
AREAS = {
    "cheeks": "Cheeks",
    "jawline": "Jawline",
    "nasolabial": "Nasolabial folds",
    "marionette": "Marionette lines",
    "brow": "Brow",
    "neck": "Neck",
}
THREAD_TYPES = {"mono": "Mono", "cog": "Cog (barbed)", "screw": "Screw", "other": "Other"}
SKIN = {"thin": "Thin skin", "normal": "Normal skin", "thick": "Thick skin"}

TABLES: dict[str, dict[str, str]] = {
    "finding": FINDINGS,
    "step": STEPS,
    "visit_kind": VISIT_KINDS,
    "visit_status": VISIT_STATUSES,
    "message_kind": MESSAGE_KINDS,
    "message_status": MESSAGE_STATUSES,
    "severity": SEVERITIES,
    "outcome": OUTCOMES,
    "grouping": GROUPINGS,
    "role": ROLES,
    "action": ACTIONS,
    "area": AREAS,
    "thread_type": THREAD_TYPES,
    "skin": SKIN,
}
_SHIPPED = {step["name"] for plan in shipped_plans() for step in plan["steps"]}
assert set(ALL_STEPS) | _SHIPPED <= set(STEPS), "every plan step needs a label"


def label(code: str | None, table: str) -> str:
    """Return the words staff read for a code; an unknown code is shown tidied, never raw."""
    if code is None:
        return ""
    found = TABLES[table].get(code)
    return found if found is not None else code.replace("_", " ").capitalize()
