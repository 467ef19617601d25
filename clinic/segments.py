"""How many SMS segments a text takes: GSM-7 or UCS-2, as carriers count them.

Mirrored in clinic/static/compose.js for the live counter; keep the two in step.
"""

from dataclasses import dataclass

# The GSM 03.38 default alphabet (one septet each) and its extension table (two each:
# an escape and the character).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
# Units a segment holds: alone, and as part of a longer (concatenated) text.
LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class SegmentCount:
    """What a text costs: characters, the encoding it needs and its segments."""

    characters: int
    encoding: str
    segments: int


def _units(text: str) -> tuple[str, list[int]]:
    """Return the encoding a text needs and the units each character takes in it."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        return "GSM-7", [2 if c in GSM_EXTENDED else 1 for c in text]
    # UTF-16 code units: a character outside the BMP (an emoji) takes two.
    return "UCS-2", [2 if ord(c) > 0xFFFF else 1 for c in text]


def count_segments(text: str) -> SegmentCount:
    """Count a text's segments; a two-unit character is never split between segments."""
    encoding, units = _units(text)
    single, part = LIMITS[encoding]
    if sum(units) <= single:
        return SegmentCount(len(text), encoding, 1 if text else 0)
    segments, used = 1, 0
    for size in units:
        if used + size > part:
            segments, used = segments + 1, 0
        used += size
    return SegmentCount(len(text), encoding, segments)
