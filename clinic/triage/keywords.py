"""Whole-message keywords (STOP, HELP, YES, move requests) acted on before triage."""

import re
from enum import StrEnum

from clinic.triage.normalise import QUOTES, fold
from clinic.triage.phrases import KEYWORDS, MOVE_REQUEST, MOVE_REQUEST_KO


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
    raw = " ".join(fold(body).translate(QUOTES).lower().split())
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
