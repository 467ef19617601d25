"""Human words for every code the pages show: one table, so translating it is one place."""

from flask import has_request_context
from flask_babel import gettext

from clinic.plans import ALL_STEPS
from clinic.plans.seed import shipped_plans


def N_(text: str) -> str:  # noqa: N802 - gettext's name for "mark for translation, later"
    """Mark words for the catalogue; label() translates them when a page shows them."""
    return text


# Kept apart from the triage's own phrase tables: these are what staff read on screen.
FINDINGS = {
    "dimple": N_("Dimple or dent"),
    "visible_thread": N_("Visible or palpable thread"),
    "rippling": N_("Rippling"),
    "hollow_cheek": N_("Hollow cheeks"),
    "prominent_cheekbone": N_("Prominent cheekbones"),
    "asymmetry": N_("Asymmetry"),
    "pain_swelling": N_("Pain or swelling"),
    "bruising": N_("Bruising"),
    "infection_sign": N_("Signs of infection"),
    "thread_exposure": N_("Thread coming through the skin"),
    "numbness": N_("Numbness"),
    "other": N_("Another problem"),
    "breathing_swallowing": N_("Trouble breathing or swallowing"),
    "allergic_reaction": N_("Allergic reaction"),
    "facial_weakness": N_("Facial weakness"),
    "vision_change": N_("Change in vision"),
    "heavy_bleeding": N_("Heavy bleeding"),
    "skin_colour_change": N_("Skin colour change"),
}
STEPS = {
    "confirmation": N_("Booking confirmation"),
    "rescheduled": N_("New time notice"),
    "cancelled": N_("Cancellation notice"),
    "reminder": N_("Reminder the day before"),
    "same_day_reminder": N_("Same-day reminder"),
    "procedure_prep": N_("Preparation advice"),
    "care_instructions": N_("Care instructions"),
    "day1_check": N_("Day 1 check"),
    "day2_infection_check": N_("Day 2 infection check"),
    "day3_check": N_("Day 3 check (photo)"),
    "day5_dimple_check": N_("Day 5 dimple check"),
    "day7_check": N_("Day 7 check"),
    "day10_thread_check": N_("Day 10 thread check"),
    "day14_check": N_("Day 14 check"),
    "day21_hollow_check": N_("Day 21 hollowing check"),
    "followup_invite": N_("Follow-up invitation"),
    "nudge": N_("Reminder to answer"),
    "reply": N_("Answer to the patient"),
    "staff": N_("Message from staff"),
    "page": N_("Page to a clinician"),
}
VISIT_KINDS = {
    "consultation": N_("Consultation"),
    "procedure": N_("Procedure"),
    "follow_up": N_("Follow-up"),
}
VISIT_STATUSES = {
    "booked": N_("Booked"),
    "confirmed": N_("Confirmed"),
    "completed": N_("Completed"),
    "cancelled": N_("Cancelled"),
    "no_show": N_("No-show"),
}
MESSAGE_KINDS = {
    "confirmation": N_("Confirmation"),
    "reminder": N_("Reminder"),
    "instruction": N_("Instructions"),
    "check": N_("Check"),
    "nudge": N_("Nudge"),
    "reply": N_("Answer"),
    "staff": N_("From staff"),
    "page": N_("Page"),
}
MESSAGE_STATUSES = {
    "pending": N_("Waiting"),
    "sending": N_("Sending"),
    "sent": N_("Sent"),
    "delivered": N_("Delivered"),
    "undelivered": N_("Not delivered"),
    "failed": N_("Failed"),
    "cancelled": N_("Withdrawn"),
    "skipped": N_("Skipped"),
    "unknown": N_("Checking with the carrier"),
}
SEVERITIES = {
    "urgent": N_("Urgent"),
    "concern": N_("Concern"),
    "expected": N_("Expected"),
    "info": N_("For the front desk"),
    "none": N_("All well"),
}
OUTCOMES = {
    "reassured": N_("Reassured"),
    "review_visit_booked": N_("Review visit booked"),
    "urgent_care": N_("Sent to urgent care"),
    "other": N_("Other"),
}
GROUPINGS = {
    "": N_("All procedures together"),
    "practitioner": N_("Practitioner"),
    "thread_type": N_("Thread type"),
    "area": N_("Treated area"),
    "skin": N_("Skin profile"),
    "age_band": N_("Age band"),
}
ROLES = {
    "receptionist": N_("Front desk"),
    "clinician": N_("Clinician"),
    "admin": N_("Administrator"),
}
ACTIONS = {
    "booked": N_("Booked"),
    "moved": N_("Moved"),
    "confirmed": N_("Confirmed"),
    "cancelled": N_("Cancelled"),
    "completed": N_("Completed"),
    "reopened": N_("Completion undone"),
    "no_show": N_("No-show"),
}
AREAS = {
    "cheeks": N_("Cheeks"),
    "jawline": N_("Jawline"),
    "nasolabial": N_("Nasolabial folds"),
    "marionette": N_("Marionette lines"),
    "brow": N_("Brow"),
    "neck": N_("Neck"),
}
THREAD_TYPES = {
    "mono": N_("Mono"),
    "cog": N_("Cog (barbed)"),
    "screw": N_("Screw"),
    "other": N_("Other"),
}
SKIN = {"thin": N_("Thin skin"), "normal": N_("Normal skin"), "thick": N_("Thick skin")}

THICKNESS = {"thin": N_("Thin"), "normal": N_("Normal"), "thick": N_("Thick")}
LEVELS = {"low": N_("Low"), "normal": N_("Normal"), "full": N_("Full"), "high": N_("High")}

# Notes kept in English in the database (why a text was withdrawn, say): shown translated.
STORED_NOTES = {
    n: n
    for n in (
        N_("visit completed"),
        N_("visit cancelled"),
        N_("visit no-show"),
        N_("visit moved or changed"),
        N_("patient opted out"),
        N_("no SMS consent"),
        N_("completion undone"),
        N_("completion undone; visit booked again"),
        N_("past its useful time"),
        N_("sent early on request"),
        N_("item acknowledged"),
        N_("deferred: quiet hours"),
        N_("quiet hours until past its useful time"),
        N_("past its useful time when its turn came"),
        N_("past its useful time while retrying"),
        N_("found at Twilio; not sent again"),
        N_("never reached Twilio; now too late"),
        N_("never reached Twilio; sending again"),
        N_("no answer from Twilio; checking before any resend"),
        N_("no answer from Twilio after the claim ran out; checking first"),
        N_("the sender stopped before recording Twilio's answer"),
    )
}

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
    "thickness": THICKNESS,
    "level": LEVELS,
}
_SHIPPED = {step["name"] for plan in shipped_plans() for step in plan["steps"]}
assert set(ALL_STEPS) | _SHIPPED <= set(STEPS), "every plan step needs a label"


def english_label(code: str | None, table: str) -> str:
    """Return the English words for a code, for text stored in the database."""
    if code is None:
        return ""
    found = TABLES[table].get(code)
    return found if found is not None else code.replace("_", " ").capitalize()


def label(code: str | None, table: str) -> str:
    """Return the words staff read for a code, in the page's language; never the raw code."""
    words = english_label(code, table)
    if code is None or code not in TABLES[table] or not has_request_context():
        return words
    return str(gettext(words))


def stored_words(text: str | None) -> str:
    """Show a note kept in English in the page's language when it is a known one."""
    if not text:
        return ""
    if text in STORED_NOTES and has_request_context():
        return str(gettext(text))
    return text
