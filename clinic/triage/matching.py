"""Find the phrases of the triage tables in a normalised reply."""

import re
from dataclasses import dataclass

from clinic.triage.phrases import (
    ACKNOWLEDGE,
    ALL_GOOD,
    FINDING_PHRASES,
    PERSISTING,
    TRAJECTORY,
    URGENT_PAIN,
)
from clinic.triage.red_flags import COLOUR_WORDS, EMERGENCIES, RED_FLAGS

HANGUL = re.compile(r"[가-힣ㄱ-ㅎ]")

# Kinds of hit besides the finding codes.
SEVERE, GOOD, ACK = "severe", "good", "ack"
EMERGENCY, COLOUR, TRAJECTORY_KIND = "emergency", "colour", "trajectory"
PERSISTING_KIND = "persisting"
# Hits that say nothing is wrong, or how a finding changes, rather than a finding.
NOT_FINDINGS = frozenset({GOOD, ACK, TRAJECTORY_KIND, PERSISTING_KIND})


def compile_fragment(fragment: str) -> re.Pattern[str]:
    """Compile one table fragment: English as whole words, Korean as a substring."""
    if HANGUL.search(fragment) or not re.search(r"[a-z]", fragment):
        return re.compile(fragment)
    return re.compile(rf"(?<![a-z0-9'])(?:{fragment})(?![a-z0-9])")


def _rules(table: dict[str, tuple[str, ...]]) -> list[tuple[re.Pattern[str], str]]:
    return [(compile_fragment(f), kind) for kind, fs in table.items() for f in fs]


# Red flags and other urgent phrases are chosen before ordinary ones, so "lips swollen"
# is never read as plain swelling and "한쪽이 처져" never as plain asymmetry.
_URGENT_RULES = _rules({**RED_FLAGS, EMERGENCY: EMERGENCIES, SEVERE: URGENT_PAIN})
_RULES = _rules(
    {
        **FINDING_PHRASES,
        COLOUR: COLOUR_WORDS,
        TRAJECTORY_KIND: TRAJECTORY,
        PERSISTING_KIND: PERSISTING,
        GOOD: ALL_GOOD,
        ACK: ACKNOWLEDGE,
    }
)


@dataclass
class Hit:
    """One phrase found in the text, and whether its own clause negates it."""

    start: int
    end: int
    kind: str
    text: str
    negated: bool = False
    carried_by_comma: bool = False


def _choose(found: list[Hit], chosen: list[Hit]) -> None:
    # The longest phrase wins an overlap: "red and hot" over "red", "no problems" over
    # "problems", "cheekbones sticking out" over "sticking out".
    found.sort(key=lambda h: (h.start - h.end, h.start))
    for hit in found:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)


def find_hits(text: str) -> list[Hit]:
    """Return the non-overlapping phrases found in `text`, in reading order."""
    chosen: list[Hit] = []
    for rules in (_URGENT_RULES, _RULES):
        found = [
            Hit(m.start(), m.end(), kind, m.group())
            for pattern, kind in rules
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
        _choose(found, chosen)
    return sorted(chosen, key=lambda h: h.start)
