"""Grade a reply: numbered answers, findings, trajectory, time, questions and photos."""

import re
from dataclasses import dataclass
from typing import Literal

from clinic.checks import FOLLOWUP_STEPS, RED_FLAG_CODES, REMINDER_STEPS, Option, options_for
from clinic.triage.matching import EMERGENCY, SEVERE, compile_fragment, find_hits
from clinic.triage.normalise import normalise
from clinic.triage.phrases import BODY_WORDS, FINDING_LABELS, OPTION_LABELS, QUESTION
from clinic.triage.reading import Reading, read
from clinic.triage.red_flags import EMERGENCY_NUMBER_FLAGS
from clinic.triage.timing import EXPECTED_DAYS, days_mentioned

Severity = Literal["urgent", "concern", "expected", "none"]

_RANK: dict[Severity, int] = {"none": 0, "expected": 1, "concern": 2, "urgent": 3}
_URGENT_CODES = frozenset({*RED_FLAG_CODES, SEVERE, EMERGENCY, "infection_sign"})
_QUESTION = [compile_fragment(f) for f in QUESTION]
_BODY = [compile_fragment(f) for f in BODY_WORDS]


@dataclass(frozen=True)
class Triage:
    """What one reply says about the patient, and the words that say it."""

    findings: tuple[str, ...]
    severity: Severity
    reason: str
    evidence: tuple[str, ...] = ()
    # A red flag or general emergency: the answer names the emergency number.
    emergency: bool = False


_NUM_PREFIX = re.compile(
    r"^\(?\s*(?:(?:answer|option|number|choice|reply|no\.|i'?d say|i say|i think|i pick"
    r"|i choose|it'?s|its|probably|maybe|답변?|번호)\s*:?\s*)?"
)
_NUM = re.compile(r"#?\s*([0-9]{1,2})(?![0-9]|\.[0-9])(?:\s*번)?\)?")
_NUM_SEP = re.compile(r"\s*(?:,|/|&|\+|and\b|or\b|및|이랑|랑|하고|그리고)?\s*")
_NUM_UNIT = re.compile(
    r"\s*(?:(?:days?|weeks?|hours?|hrs?|h|pm|am|o'?clock|mins?|minutes?|times?|x|st|nd|rd|th"
    r"|mm|cm|kg)(?![a-z])|[시일주달도℃°%분초]|개월)"
)
_NUM_END = re.compile(r"$|[^a-z0-9]")


def _leading_numbers(text: str) -> tuple[list[str], str]:
    prefix = _NUM_PREFIX.match(text)
    pos = prefix.end() if prefix else 0
    numbers: list[str] = []
    while (m := _NUM.match(text, pos)) and not _NUM_UNIT.match(text, m.end()):
        if not _NUM_END.match(text, m.end()):
            break
        numbers.append(str(int(m.group(1))))
        pos = m.end()
        sep = _NUM_SEP.match(text, pos)
        if sep is None or not _NUM.match(text, sep.end()):
            break
        pos = sep.end()
    return (numbers, text[pos:]) if numbers else ([], text)


# A number later in an answer is another option ("1 no wait, 3", "1 sorry I meant 2"), unless
# it counts something: a day, a pain score, a temperature.
_LATER_NUM = re.compile(r"(?<![0-9a-z.,/:-])([0-9]{1,2})(?![0-9]|\.[0-9]|\s*/|\s*out of)")
_COUNTING_WORD = re.compile(
    r"(?:day|days|week|weeks|pain|level|score|is|was|at|about|around|since|by|after|on|of"
    r"|for|to|the|last|than|under|over|like|only|just|about|fever|temp\w*)\s*$"
)


def _later_numbers(rest: str) -> list[str]:
    later = []
    for m in _LATER_NUM.finditer(rest):
        if _NUM_UNIT.match(rest, m.end()) or _COUNTING_WORD.search(rest[: m.start()]):
            continue
        later.append(str(int(m.group(1))))
    return later


# A name signed at the end of a reply that thanks: "Thank you for checking. Linda".
_SIGNATURE = re.compile(
    r"(?:[.!,\n]|(?i:thank you|thanks)(?i: so much| very much| again)?)\s*[-–]?\s*"
    r"(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\s*[.!]*\s*(?:x+)?\s*$"
)
_THANKED_NAME = re.compile(
    r"(?P<thanks>\b(?i:thanks|thank you|cheers|ta)(?i: so much| very much| again)?)"
    r" (?P<name>[A-Z][a-z]+)\b(?=\s*[,.!)\n]|\s*$)"
)
_THANKS = re.compile(r"(?i)\b(?:thank|thanks|thx|cheers|regards|best wishes|take care)\b")


def _without_signature(body: str) -> str:
    # "Cheers Sam, no problems", "Thanks so much Jenny, all fine": the name is not a finding.
    body = _THANKED_NAME.sub(
        lambda m: m.group() if find_hits(normalise(m["name"])) else m["thanks"], body
    )
    signed = _SIGNATURE.search(body)
    thanked = signed is not None and _THANKS.search(body, 0, signed.start("name"))
    if signed is None or not thanked or find_hits(normalise(signed["name"])):
        return body
    return body[: signed.start("name")]


def _step_label(step: str | None) -> str:
    if step is None:
        return "the last text"
    base = step.removesuffix("_nudge")
    day = re.fullmatch(r"day(\d+)_(\w+)", base)
    return f"the day-{day[1]} {day[2].replace('_', ' ')}" if day else f"the {base}"


def _step_day(step: str | None) -> int | None:
    if step is None:
        return None
    base = step.removesuffix("_nudge")
    day = re.match(r"day(\d+)_", base)
    return 0 if base == "care_instructions" else (int(day[1]) if day else None)


def _worst(a: Severity, b: Severity) -> Severity:
    return a if _RANK[a] >= _RANK[b] else b


def _severity(value: str) -> Severity:
    for severity in _RANK:
        if severity == value:
            return severity
    raise ValueError(f"unknown severity {value!r}")


def _answers(
    numbers: list[str], step: str | None, options: dict[str, Option]
) -> tuple[set[str], Severity, list[str]]:
    findings: set[str] = set()
    severity: Severity = "none"
    reasons: list[str] = []
    base = (step or "").removesuffix("_nudge")
    label = _step_label(step)
    unknown: list[str] = []
    for number in numbers:
        option = options.get(number)
        if option is not None:
            findings.update(option.findings)
            severity = _worst(severity, _severity(option.severity))
            words = OPTION_LABELS.get((base, number)) or (
                ", ".join(FINDING_LABELS[f] for f in option.findings) or "all fine"
            )
            reasons.append(f"Answered {number} to {label}: {words}")
        elif base in REMINDER_STEPS + FOLLOWUP_STEPS and number in ("1", "2"):
            reasons.append(f"Answered {number} to {label}: a front-desk request")
        else:
            unknown.append(number)
    if unknown:
        severity = _worst(severity, "concern")
        reasons.append(f"Answered {', '.join(unknown)}, which {label} does not offer")
    return findings, severity, reasons


def _text_severity(code: str, reading: Reading, days: int | None) -> Severity:
    if code in _URGENT_CODES:
        return "urgent"
    if code in ("pain_swelling", "other") and code in reading.growing:
        # Pain or swelling that grows is urgent (infection, haematoma); rising after day 3
        # is never the expected course. So is "it's getting worse" with nothing named.
        return "urgent"
    if code in reading.growing or code in reading.lingering:
        return "concern"
    window = EXPECTED_DAYS.get(code)
    if code in ("pain_swelling", "bruising") and window is not None:
        return "expected" if days is None or days < window else "concern"
    return "concern"


def _nothing_found(
    reading: Reading,
    text: str,
    step: str | None,
    num_media: int,
    question: bool,
    options: dict[str, Option],
) -> tuple[set[str], Severity, str | None]:
    # Severity "none" only for a reply we understood as all-well; anything else is read
    # by a person.
    if reading.unwell:
        return {"other"}, "concern", "Says they are not well"
    if reading.ack and options and not reading.good:
        return set(), "concern", f"Said yes to {_step_label(step)} without choosing a number"
    if (reading.negated or reading.good or reading.ack) and reading.unread and not question:
        return set(), "concern", "Part of the reply needs a person to read it"
    if reading.negated:
        return set(), "none", "Says no: " + ", ".join(dict.fromkeys(reading.negated))
    if reading.good or reading.ack:
        return set(), "none", None if question else "Says all is well"
    if not text:
        return set(), ("none" if num_media else "concern"), None if num_media else "Empty reply"
    if question:
        return set(), "concern", None
    clinical = any(p.search(text) for p in _BODY)
    return {"other"} if clinical else set(), "concern", "Unclear reply, needs a person to read it"


def triage_reply(
    body: str,
    *,
    step: str | None,
    num_media: int = 0,
    days_since: int | None = None,
    options: dict[str, Option] | None = None,
) -> Triage:
    """Triage one reply to the prompt `step` (None: answers nothing).

    `days_since` is the number of days since the procedure was completed, when known.
    `options` are the numbered answers the prompt offered, as the plan version it was
    sent from stores them; without them, the shipped plan's.
    """
    offered = options if options is not None else options_for(step)
    text = normalise(_without_signature(body))
    numbers, rest = _leading_numbers(text)
    reading = read(rest)
    said_days, time_words = days_mentioned(rest)
    known = [d for d in (said_days, days_since, _step_day(step)) if d is not None]
    days = max(known) if known else None
    if numbers:
        numbers += [n for n in _later_numbers(rest) if n in offered and n not in numbers]
    answered, severity, reasons = _answers(numbers, step, offered)
    if numbers and not answered and reading.unread and not reading.found:
        # "1 (all fine) but …" with words the triage does not understand: a person reads them.
        severity = _worst(severity, "concern")
        reasons.append("Says more than the number; needs a person to read it")
    findings = set(answered)
    for code in reading.found:
        findings.add({SEVERE: "pain_swelling", EMERGENCY: "other"}.get(code, code))
        severity = _worst(severity, _text_severity(code, reading, days))
    mentions = [surface for surfaces in reading.found.values() for surface in surfaces]
    if mentions:
        reasons.append("Mentions: " + ", ".join(dict.fromkeys(mentions)))
    if reading.growing:
        reasons.append("Getting worse or coming back")
    if said_days is not None and reading.found:
        reasons.append(f"About {said_days} days after the procedure")
    if "thread_exposure" in reading.found and "visible_thread" not in answered:
        # A thread seen through the skin and one out of it are the same thread.
        findings.discard("visible_thread")

    question = any(p.search(text) for p in _QUESTION)
    if not findings and not numbers:
        findings, severity, why = _nothing_found(reading, text, step, num_media, question, offered)
        reasons += [why] if why else []
    if question:
        severity = _worst(severity, "concern")
        reasons.append("Asks a question or for a call")
    if num_media > 0:
        # A photo needs a clinician's eye whatever the words say.
        severity = _worst(severity, "concern")
        photos = f"{num_media} photo" + ("s" if num_media > 1 else "")
        reasons.append(f"Sent {photos}{'' if text else ' with no text'} for a clinician to look at")

    evidence = [*numbers, *reading.evidence]
    if reading.found:
        evidence += time_words
    emergency = EMERGENCY in reading.found or bool(EMERGENCY_NUMBER_FLAGS & findings)
    reason = "; ".join(reasons)
    return Triage(
        tuple(sorted(findings)),
        severity,
        reason[:1].upper() + reason[1:],
        tuple(dict.fromkeys(evidence)),
        emergency,
    )
