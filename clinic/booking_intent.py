"""Say whether a patient's text asks the front desk to cancel, move or expect them late.

Pure functions of the text and the step it answers. A booking request goes to the
front desk; the same text may also describe a complaint, which clinical triage still
grades (the caller runs both).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from clinic.checks import REMINDER_STEPS

Intent = Literal["cancel", "move", "late", "change"]

# English, matched on lower-cased text with single spaces; common typos included.
_CANCEL = re.compile(
    r"^(?:can+[cs]e?l+\w*|canc?le\w*|cansel+\w*)\b"
    r"|\b(?:can+[cs]e?l+\w*|canc?le\w*|cansel+\w*|cacnel\w*|cencel\w*|call (?:it )?off)\b"
    r".*\b(?:appoint?\w*|apo?int\w*|appt|booking|visit|it|session|procedure|consult\w*"
    r"|tomorrow|today|friday|monday|tuesday|wednesday|thursday|saturday|sunday)\b"
    r"|\b(?:i'?ll|i will|i'?d like to|i want to|i need to|have to|need to|want to|wanna|"
    r"gonna|going to|please|pls|plz|can i|could i|can you|could you|may i|let me)\b"
    r"(?: \w+){0,2} (?:can+[cs]e?l+\w*|canc?le\w*|cansel+\w*|cacnel\w*|cencel\w*)"
    r"|\b(?:not|won'?t|can'?t|cannot|unable to|wont|no longer|not going to|not gonna)"
    r"(?: be)?(?: able to)? (?:com(?:e|ing)|make it|attend\w*|be there|show(?:ing)? up)\b"
    # "it won't come out", "can't make it go away": not about the visit.
    r"(?! (?:out|off|to terms|go|away|back|down|undone|loose|through|better|stop|work|right))"
)
_WHEN = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs"
    r"|fri|sat|sun|tomorrow|tmrw|today|tonight|morning|afternoon|evening|weekend|next \w+"
    r"|\d+ ?(?:am|pm)|\d+:\d\d|noon"
)
_MOVE = re.compile(
    r"\b(?:re-?s?c?h?e?d+u?l+\w*|resched\w*|reshedul\w*|re-?s[ck]h?[ea]?d\w*|postpone?\w*"
    r"|postphone\w*"
    r"|push (?:it |my appointment |the appointment )?back"
    r"|(?:change|chnage|chage|move|mvoe|switch|shift)(?: it| the| my| our)?"
    r" (?:time|appointment|appt|apointment|appoitment|booking|date|day|visit|slot)"
    r"|(?:change|move|switch) it (?:to|for)"
    r"|(?:can'?t|cannot|won'?t) make it)\b(?! (?:go|stop|better|work|right|away))"
    r"|\b(?:can|could|would|need|want|prefer|possible|please|how about|any)\b.*"
    r"\b(?:different|another|later|earlier|other) (?:time|day|date|slot|appointment)\b"
    r"|\b(?:different|another|later|earlier|other) (?:time|day|date|slot|appointment)\b"
    r".*(?:\?|\bplease\b|\bpls\b)"
    # "could we do next week instead?", "can I come thursday instead"
    rf"|\b(?:{_WHEN})\b.*\binstead\b|\binstead\b.*\b(?:{_WHEN})\b"
)
_LATE = re.compile(
    r"\b(?:run+ing|runnin|be|am|i'?m|im|bit|little|few minutes|\d+ ?(?:min|mins|minutes?))"
    r" (?:a (?:bit|little) |abit )?lat(?:e|er|ee)\b"
    r"|\b(?:stuck in traffic|traffic jam|traffic|late for (?:my|the) (?:appointment|appt|visit)"
    r"|delayed|be there in \d+|there in \d+ ?(?:min|mins|minutes))\b"
)
# Korean, matched with every space removed.
_CANCEL_KO = re.compile(
    r"(?:취소|취쇼|최소|취서)(?!안|하지|말|는안)|못갈|못가|못와|못올|못오|안갈게|안가겠|못방문"
    r"|(?:방문|가기|내원|오기|참석)(?:가|이|는|도|은|하기가|하기)?(?:어렵|어려울|힘들|힘드|곤란|불가)"
)
_MOVE_KO = re.compile(
    r"(?:예약|시간|날짜|일정|방문|날)(?:을|를|좀|이|은|도)*(?:변경|바꾸|바꿀|바꿔|바꾸|옮기|옮길|옮겨"
    r"|미루|미룰|미뤄|조정|연기)|변경|옮기|옮겨|미뤄|미룰|연기|다른(?:시간|날|요일)|말고"
    r"|(?:요일|일|주|시|날|월|오전|오후|저녁|아침)(?:으로|로|에)(?:[가-힣]{0,3}?)(?:바꿔|바꿀|바꾸|옮겨|옮길"
    r"|변경|미뤄|당겨|당길|가능|될까|되나|돼요|되요|해주)|당겨|당길"
)
_LATE_KO = re.compile(
    r"늦을|늦어질|늦겠|늦어요|늦어서|늦게도착|늦게갈|조금늦|좀늦|분늦|지각|늦습니다"
)
# "2" offered as "reply 2 to change", with any words around it ("2 please", "2 일요일 말고").
_TWO = re.compile(r"^\W*(?:2|２|2️⃣)(?!\d|[:.,]\d)")


@dataclass(frozen=True)
class BookingRequest:
    """What the patient asks of the front desk, in words staff read."""

    intent: Intent
    reason: str


REASONS: dict[Intent, str] = {
    "cancel": "Asks to cancel the appointment; call them to check and cancel it.",
    "move": "Asks to change the appointment; call them to find a new time.",
    "late": "Says they will be late for the appointment.",
    "change": "Replied 2 to change the appointment; call them to find a new time.",
}


def _clean(body: str) -> str:
    text = unicodedata.normalize("NFKC", body).replace("\u2019", "'").lower()
    return " ".join(re.sub(r"[^\w'?\s]", " ", text).split())


def booking_request(body: str, step: str | None) -> BookingRequest | None:
    """Return the booking request a text makes, or None when it makes none."""
    text = _clean(body)
    compact = text.replace(" ", "")
    if step in REMINDER_STEPS and _TWO.match(unicodedata.normalize("NFKC", body)):
        return BookingRequest("change", REASONS["change"])
    if _LATE.search(text) or _LATE_KO.search(compact):
        return BookingRequest("late", REASONS["late"])
    if _CANCEL.search(text) or _CANCEL_KO.search(compact):
        return BookingRequest("cancel", REASONS["cancel"])
    if _MOVE.search(text) or _MOVE_KO.search(compact):
        return BookingRequest("move", REASONS["move"])
    return None
