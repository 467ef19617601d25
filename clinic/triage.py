"""Triage a patient's SMS reply into finding codes, a severity and a reason for staff.

Pure functions of the reply text, the prompt step it answers and its photo count; the
phrase tables live in ``clinic.triage_phrases``.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from clinic.checks import FOLLOWUP_STEPS, REMINDER_STEPS, options_for
from clinic.triage_phrases import (
    ACKNOWLEDGE,
    ALL_GOOD,
    BODY_WORDS,
    FINDING_LABELS,
    FINDING_PHRASES,
    FUZZY_STOP,
    FUZZY_WORDS,
    KEYWORDS,
    KO_NEGATORS,
    KO_PERSISTS,
    MOVE_REQUEST,
    MOVE_REQUEST_KO,
    NEGATORS,
    OPTION_LABELS,
    QUESTION,
    RESOLVED,
    URGENT_PAIN,
)

Severity = Literal["urgent", "concern", "expected", "none"]

_RANK: dict[Severity, int] = {"none": 0, "expected": 1, "concern": 2, "urgent": 3}


@dataclass(frozen=True)
class Triage:
    """What one reply says about the patient."""

    findings: tuple[str, ...]
    severity: Severity
    reason: str


class Keyword(StrEnum):
    """Whole-message keywords the inbound webhook acts on before triage."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    HELP = "help"
    CONFIRM = "confirm"
    MOVE = "move"


# --- keywords -------------------------------------------------------------------------

_MOVE_REQUEST = re.compile(MOVE_REQUEST)
_MOVE_REQUEST_KO = re.compile(MOVE_REQUEST_KO)
# Longer texts that mention a new time are usually about something else.
_MOVE_MAX_WORDS = 12


def detect_keyword(body: str) -> Keyword | None:
    """Return the keyword a whole message consists of, or None."""
    raw = " ".join(_fold(body).translate(_QUOTES).lower().split())
    text = re.sub(r"[\s.!?~,;:。]+$", "", raw)
    compact = re.sub(r"[\s\-_]", "", text)
    for keyword in Keyword:
        if compact in KEYWORDS[keyword.value]:
            return keyword
    if len(text.split()) <= _MOVE_MAX_WORDS and (
        _MOVE_REQUEST.search(raw) or _MOVE_REQUEST_KO.search(compact)
    ):
        return Keyword.MOVE
    return None


# --- text normalisation ---------------------------------------------------------------

_KEYCAP = re.compile("([0-9#])\ufe0f?\u20e3")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
_SPACE_IN_KOREAN = re.compile(r"(?<=[가-힣]) (?=[가-힣])")
_WORD = re.compile(r"[a-z]+")
_FUZZY_SORTED = sorted(FUZZY_WORDS)


def _fold(body: str) -> str:
    # NFKC turns full-width digits and letters into ASCII, but it would also turn
    # compatibility jamo ("ㅎㅎ") into conjoining jamo, so those are kept as typed.
    return "".join(
        c if "\u3130" <= c <= "\u318f" else unicodedata.normalize("NFKC", c)
        for c in unicodedata.normalize("NFC", body)
    )


def _normalise(body: str) -> str:
    text = _KEYCAP.sub(r"\1", _fold(body)).translate(_QUOTES).lower()
    text = _SPACE_IN_KOREAN.sub("", " ".join(text.split()))
    return _WORD.sub(lambda m: _correct(m.group()), text)


def _correct(word: str) -> str:
    if len(word) < 5 or word in FUZZY_WORDS or word in FUZZY_STOP:
        return word
    for known in _FUZZY_SORTED:
        limit = 2 if min(len(word), len(known)) >= 10 else 1
        if known[0] == word[0] and _distance(word, known, limit) <= limit:
            return known
    return word


def _distance(a: str, b: str, limit: int) -> int:
    """Return the edit distance with transpositions, or limit + 1 once it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, prev2[j - 2] + 1)
            row.append(value)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


# --- phrase matching ------------------------------------------------------------------

_HANGUL = re.compile(r"[가-힣ㄱ-ㅎ]")


def _compile(fragment: str) -> re.Pattern[str]:
    if _HANGUL.search(fragment) or not re.search(r"[a-z]", fragment):
        return re.compile(fragment)
    return re.compile(rf"(?<![a-z0-9'])(?:{fragment})(?![a-z0-9])")


_SEVERE, _GOOD, _ACK = "severe", "good", "ack"
_RULES: list[tuple[re.Pattern[str], str]] = [
    *((_compile(f), code) for code, fs in FINDING_PHRASES.items() for f in fs),
    *((_compile(f), _SEVERE) for f in URGENT_PAIN),
    *((_compile(f), _GOOD) for f in ALL_GOOD),
    *((_compile(f), _ACK) for f in ACKNOWLEDGE),
]
_QUESTION = [_compile(f) for f in QUESTION]
_BODY = [_compile(f) for f in BODY_WORDS]


@dataclass
class _Hit:
    start: int
    end: int
    kind: str
    text: str
    negated: bool = False
    carried_by_comma: bool = False


def _hits(text: str) -> list[_Hit]:
    found = [
        _Hit(m.start(), m.end(), kind, m.group())
        for pattern, kind in _RULES
        for m in pattern.finditer(text)
        if m.end() > m.start()
    ]
    # The longest phrase wins an overlap: "red and hot" over "red", "no problems" over
    # "problems", "cheekbones sticking out" over "sticking out".
    found.sort(key=lambda h: (h.start - h.end, h.start))
    chosen: list[_Hit] = []
    for hit in found:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h.start)


# --- negation -------------------------------------------------------------------------

_BOUNDARY = re.compile(
    r"[.;!?\n,]|\b(?:but|and|though|although|however|except|because|so|yet|while)\b"
    r"|지만|그런데|근데|는데|은데|인데"
)
_EN_NEGATOR = re.compile(rf"\b(?:{NEGATORS}|(?P<cant>can'?t|cannot))\b")
_EN_NEGATOR_REACH = 4  # "I don't think I have a fever": up to four words in between
_EN_AFTER = re.compile(
    r"^(?:\s*[:\-–?]\s*(?:none|no|nope|nil)\b|\s+none\b"
    r"|(?:'s|\s+(?:is|are|has|have|had)(?: been)?)?\s+(?:all |completely |mostly |almost "
    rf"|now |finally )?(?:{RESOLVED})\b)"
)
_KO_PERSIST = re.compile(KO_PERSISTS)
_KO_AFTER = re.compile(KO_NEGATORS)
_KO_INSIDE = re.compile(r"(?<![편불미])안(?:보|만져|느껴|나|생|튀|비)")
_KO_BEFORE = re.compile(r"(?<![편불미])안$")
_KO_WINDOW = 8
_LIST_GAP = re.compile(r"^\s*(?:or|nor|and|/|&)\s*(?:any\s+|no\s+)?$")
_COMMA_GAP = re.compile(r"^\s*,\s*(?:or\s+|and\s+|nor\s+)?$")
_KO_LIST_GAP = re.compile(r"^(?:이랑|랑|하고|이나|나|와|과|도|,|및|\s)*$")


def _mark_negations(text: str, hits: list[_Hit]) -> None:
    for i, hit in enumerate(hits):
        # A Korean negation follows its phrase, up to the next symptom mentioned.
        later = (h.start for h in hits[i + 1 :] if h.kind not in (_GOOD, _ACK))
        next_start = next(later, len(text))
        if _HANGUL.search(hit.text):
            hit.negated = _korean_negated(text, hit, next_start)
        else:
            hit.negated = _english_negated(text, hit)
        if not hit.negated and hit.kind not in (_GOOD, _ACK):
            _carry_list_negation(text, hits, i)
    # Korean negation follows the list: "열이랑 고름 없어요" negates both.
    for i in range(len(hits) - 2, -1, -1):
        hit, after = hits[i], hits[i + 1]
        symptom = hit.kind not in (_GOOD, _ACK)
        if symptom and _HANGUL.search(hit.text) and not hit.negated and after.negated:
            hit.negated = bool(_KO_LIST_GAP.match(text[hit.end : after.start]))


def _english_negated(text: str, hit: _Hit) -> bool:
    if _EN_AFTER.match(text[hit.end :]):
        return True
    clause = max((m.end() for m in _BOUNDARY.finditer(text, 0, hit.start)), default=0)
    window = text[clause : hit.start]
    negators = list(_EN_NEGATOR.finditer(window))
    if not negators:
        return False
    last = negators[-1]
    # "can't" negates only the phrase right after it: "can't see the thread", but not the
    # pain in "can't sleep because of the pain".
    reach = 0 if last.group("cant") else _EN_NEGATOR_REACH
    return len(window[last.end() :].split()) <= reach


def _korean_negated(text: str, hit: _Hit, next_start: int) -> bool:
    if _KO_INSIDE.search(hit.text) or _KO_BEFORE.search(text[max(0, hit.start - 3) : hit.start]):
        return True
    boundary = _BOUNDARY.search(text, hit.end)
    end = min(next_start, boundary.start() if boundary else len(text), hit.end + _KO_WINDOW)
    after = text[hit.end : end]
    return not _KO_PERSIST.search(after) and bool(_KO_AFTER.search(after))


def _carry_list_negation(text: str, hits: list[_Hit], i: int) -> None:
    # "no fever or pus", "no fever, pus or swelling": one negation covers the list.
    hit = hits[i]
    symptoms = [h for h in hits[:i] if h.kind not in (_GOOD, _ACK)]
    if not symptoms or not symptoms[-1].negated:
        return
    prev = symptoms[-1]
    gap = text[prev.end : hit.start]
    if _LIST_GAP.match(gap):
        hit.negated = True
    elif _COMMA_GAP.match(gap):
        after = text[hit.end : hits[i + 1].start] if i + 1 < len(hits) else ""
        continues = bool(_LIST_GAP.match(after) or _COMMA_GAP.match(after))
        hit.negated = hit.carried_by_comma = continues or prev.carried_by_comma


# --- reading a reply ------------------------------------------------------------------


@dataclass
class _Reading:
    found: dict[str, list[str]] = field(default_factory=dict)
    negated: list[str] = field(default_factory=list)
    good: bool = False
    unwell: bool = False
    ack: bool = False


def _read(text: str) -> _Reading:
    hits = _hits(text)
    _mark_negations(text, hits)
    reading = _Reading()
    for hit in hits:
        if hit.kind in (_GOOD, _ACK):
            reading.unwell |= hit.kind == _GOOD and hit.negated
            reading.good |= hit.kind == _GOOD and not hit.negated
            reading.ack |= hit.kind == _ACK and not hit.negated
        elif hit.negated:
            reading.negated.append(_display(hit))
        else:
            reading.found.setdefault(hit.kind, []).append(_display(hit))
    return reading


def _display(hit: _Hit) -> str:
    # Staff read reasons in English; the patient's own Korean words are in the reply.
    if not _HANGUL.search(hit.text):
        return hit.text
    if hit.kind != _SEVERE:
        return FINDING_LABELS[hit.kind]
    return "trouble opening the mouth" if re.match("[입턱]", hit.text) else "severe pain"


_NUM_PREFIX = re.compile(
    r"^\(?\s*(?:(?:answer|option|number|choice|reply|no\.|i'?d say|i say|i think|i pick"
    r"|i choose|it'?s|its|probably|maybe|답변?|번호)\s*:?\s*)?"
)
_NUM = re.compile(r"#?\s*([0-9]{1,2})(?![0-9]|\.[0-9])(?:\s*번)?\)?")
_NUM_SEP = re.compile(r"\s*(?:,|/|&|\+|and\b|or\b|및|이랑|랑|하고|그리고)?\s*")
_NUM_UNIT = re.compile(
    r"\s*(?:(?:days?|weeks?|hours?|hrs?|h|pm|am|o'?clock|mins?|minutes?|times?|x|st|nd|rd|th"
    r"|mm|cm|kg)(?![a-z])|[시일주달도℃°%]|개월)"
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


def _step_label(step: str | None) -> str:
    if step is None:
        return "the last text"
    base = step.removesuffix("_nudge")
    day = re.fullmatch(r"day(\d+)_(\w+)", base)
    return f"the day-{day[1]} {day[2].replace('_', ' ')}" if day else f"the {base}"


def _is_early(step: str | None) -> bool:
    if step is None:
        return True
    base = step.removesuffix("_nudge")
    day = re.match(r"day(\d+)_", base)
    return base == "care_instructions" or (day is not None and int(day[1]) < 7)


def _worst(a: Severity, b: Severity) -> Severity:
    return a if _RANK[a] >= _RANK[b] else b


def _severity(value: str) -> Severity:
    for severity in _RANK:
        if severity == value:
            return severity
    raise ValueError(f"unknown severity {value!r}")


def _answers(numbers: list[str], step: str | None) -> tuple[set[str], Severity, list[str]]:
    findings: set[str] = set()
    severity: Severity = "none"
    reasons: list[str] = []
    base = (step or "").removesuffix("_nudge")
    options, label = options_for(step), _step_label(step)
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


def _text_severity(code: str, step: str | None) -> Severity:
    if code in (_SEVERE, "infection_sign"):
        return "urgent"
    if code in ("pain_swelling", "bruising"):
        return "expected" if _is_early(step) else "concern"
    return "concern"


def _nothing_found(
    reading: _Reading, text: str, step: str | None, num_media: int, question: bool
) -> tuple[set[str], Severity, str | None]:
    # Severity "none" only for a reply we understood as all-well; anything else is read
    # by a person.
    if reading.unwell:
        return {"other"}, "concern", "Says they are not well"
    if reading.ack and options_for(step) and not reading.good:
        return set(), "concern", f"Said yes to {_step_label(step)} without choosing a number"
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


def triage_reply(body: str, *, step: str | None, num_media: int = 0) -> Triage:
    """Triage one inbound reply to the prompt `step` (None when it answers nothing)."""
    text = _normalise(body)
    numbers, rest = _leading_numbers(text)
    reading = _read(rest)
    answered, severity, reasons = _answers(numbers, step)
    findings = set(answered)
    for code in reading.found:
        findings.add("pain_swelling" if code == _SEVERE else code)
        severity = _worst(severity, _text_severity(code, step))
    mentions = [surface for surfaces in reading.found.values() for surface in surfaces]
    if mentions:
        reasons.append("Mentions: " + ", ".join(dict.fromkeys(mentions)))
    if "thread_exposure" in reading.found and "visible_thread" not in answered:
        # A thread seen through the skin and one out of it are the same thread.
        findings.discard("visible_thread")

    question = any(p.search(text) for p in _QUESTION)
    if not findings and not numbers:
        findings, severity, why = _nothing_found(reading, text, step, num_media, question)
        reasons += [why] if why else []
    if question:
        severity = _worst(severity, "concern")
        reasons.append("Asks a question or for a call")
    if num_media > 0:
        # A photo needs a clinician's eye whatever the words say.
        severity = _worst(severity, "concern")
        photos = f"{num_media} photo" + ("s" if num_media > 1 else "")
        reasons.append(f"Sent {photos}{'' if text else ' with no text'} for a clinician to look at")

    reason = "; ".join(reasons)
    return Triage(tuple(sorted(findings)), severity, reason[:1].upper() + reason[1:])
