"""Message wording: render SMS templates, format local dates and times, count segments."""

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from clinic.segments import count_segments

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


def tidy(text: str) -> str:
    """Trim a rendered text: no trailing spaces, no runs of blank lines."""
    text = _TRAILING_SPACE_RE.sub("\n", text.strip())
    return _BLANK_RUN_RE.sub("\n\n", text)


def render_sms(name: str, language: str, **context: object) -> str:
    """Render the SMS template ``name`` in ``language`` (English if the language is unknown)."""
    return tidy(_environment().get_template(_template_path(name, language)).render(**context))


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
    return "GSM-7" if count_segments(body).encoding == "GSM-7" else "UCS-2"


def sms_segments(body: str) -> int:
    """Return how many SMS segments ``body`` is sent as (0 for an empty body)."""
    return count_segments(body).segments
