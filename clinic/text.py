"""Cleaning what people type into names."""

import unicodedata

# Bidirectional controls (embeddings, overrides, isolates and marks) can make a
# name read differently from what is stored; no name needs them.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def clean_name(text: str) -> str:
    """Strip bidi controls and outer space; return "" when no visible character is left."""
    cleaned = text.translate(BIDI_CONTROLS).strip()
    visible = any(
        unicodedata.category(ch)[0] in "LNPS" and unicodedata.category(ch) != "Cf" for ch in cleaned
    )
    return cleaned if visible else ""
