"""Message wording: render SMS templates, format local dates and times, count segments."""

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "sms"
LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"

# Names reach a filesystem loader, so only plain identifiers are accepted.
_NAME_RE = re.compile(r"[a-z0-9_]+")
_BLANK_RUN_RE = re.compile(r"\n{3,}")
_TRAILING_SPACE_RE = re.compile(r"[ \t]+\n")

# Fixed tables rather than strftime or CLDR: the C locale has no Korean names, and CLDR's
# English time pattern puts a narrow no-break space before AM/PM, which forces UCS-2.
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KO_WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")

# GSM 03.38 default alphabet (ESC excluded) and its extension table, whose
# characters are sent as ESC + char and so take two septets.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("\f^{}\\[~]|€")

_GSM_SINGLE, _GSM_PART = 160, 153
_UCS2_SINGLE, _UCS2_PART = 70, 67


def _language(language: str) -> str:
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _template_path(name: str, language: str) -> str:
    if not _NAME_RE.fullmatch(name):
        raise ValueError(f"invalid SMS template name: {name!r}")
    return f"{_language(language)}/{name}.txt"


def render_sms(name: str, language: str, **context: object) -> str:
    """Render the SMS template ``name`` in ``language`` (English if the language is unknown)."""
    text = _environment().get_template(_template_path(name, language)).render(**context)
    text = _TRAILING_SPACE_RE.sub("\n", text.strip())
    return _BLANK_RUN_RE.sub("\n\n", text)


def template_exists(name: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether ``render_sms(name, language)`` would find a template."""
    try:
        path = _template_path(name, language)
    except ValueError:
        return False
    return (TEMPLATE_DIR / path).is_file()


def format_local_date(value: datetime, language: str) -> str:
    """Format a clinic-local date: "Tue 3 Dec" in English, "12월 3일(화)" in Korean."""
    weekday = value.weekday()
    if _language(language) == "ko":
        return f"{value.month}월 {value.day}일({_KO_WEEKDAYS[weekday]})"
    return f"{_EN_WEEKDAYS[weekday]} {value.day} {_EN_MONTHS[value.month - 1]}"


def format_local_time(value: datetime, language: str) -> str:
    """Format a clinic-local time: "2:30 PM" in English, "오후 2:30" in Korean."""
    hour12 = value.hour % 12 or 12
    clock = f"{hour12}:{value.minute:02d}"
    if _language(language) == "ko":
        return f"{'오전' if value.hour < 12 else '오후'} {clock}"
    return f"{clock} {'AM' if value.hour < 12 else 'PM'}"


def sms_encoding(body: str) -> Literal["GSM-7", "UCS-2"]:
    """Return the encoding a carrier must use for ``body``."""
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in body):
        return "GSM-7"
    return "UCS-2"


def _unit_costs(body: str, encoding: str) -> list[int]:
    if encoding == "GSM-7":
        return [2 if ch in _GSM_EXTENDED else 1 for ch in body]
    # UTF-16 code units: characters outside the BMP are surrogate pairs.
    return [2 if ord(ch) > 0xFFFF else 1 for ch in body]


def sms_segments(body: str) -> int:
    """Return how many SMS segments ``body`` is sent as (0 for an empty body)."""
    encoding = sms_encoding(body)
    single, part = (_GSM_SINGLE, _GSM_PART) if encoding == "GSM-7" else (_UCS2_SINGLE, _UCS2_PART)
    costs = _unit_costs(body, encoding)
    total = sum(costs)
    if total == 0:
        return 0
    if total <= single:
        return 1
    # Carriers never split an escape sequence or a surrogate pair across parts,
    # so pack greedily instead of dividing: a part may end one unit short.
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return segments
