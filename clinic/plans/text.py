"""A plan step's wording: render it, preview it with a sample patient, and check it.

Step texts are Jinja templates kept in the database, so they are rendered in a
sandbox and may only use the placeholders listed here.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flask_babel import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from clinic.checks import FINDING_CODES, SEVERITIES
from clinic.segments import count_segments
from clinic.sms.render import tidy

# What a step text may use; the values of the sample patient in the preview.
PLACEHOLDERS = ("clinic_name", "clinic_phone", "first_name")
SAMPLE_NAMES = {"en": "Jisoo", "ko": "지수"}
MAX_SEGMENTS = 3
# A numbered answer line of a check prompt: "2 Some swelling".
OPTION_LINE = re.compile(r"^([0-9]{1,2}) \S", re.MULTILINE)
LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render_text(source: str, **context: object) -> str:
    """Render a step text with this patient's values."""
    return tidy(_environment().from_string(source).render(**context))


@dataclass(frozen=True)
class Preview:
    """A step text as the sample patient would receive it, or why it cannot be sent."""

    text: str
    characters: int
    encoding: str
    segments: int
    error: str | None


def _language_name(language: str) -> str:
    return str(_("English") if language == "en" else _("Korean"))


def sample(language: str, clinic_name: str, clinic_phone: str) -> dict[str, str]:
    """The sample patient's values, with the clinic's own name and number."""
    return {
        "clinic_name": clinic_name,
        "clinic_phone": clinic_phone,
        "first_name": SAMPLE_NAMES.get(language, SAMPLE_NAMES["en"]),
    }


def preview(source: str, language: str, values: dict[str, str]) -> Preview:
    """Render a step text for the sample patient and say what is wrong with it, if anything."""
    name = _language_name(language)
    if not source.strip():
        return Preview("", 0, "GSM-7", 0, _("The %(language)s text is empty.", language=name))
    try:
        parsed = _environment().parse(source)
    except TemplateSyntaxError as exc:
        return Preview(
            "",
            0,
            "GSM-7",
            0,
            _(
                "The %(language)s text has a broken placeholder (line %(line)s).",
                language=name,
                line=exc.lineno,
            ),
        )
    unknown = sorted(meta.find_undeclared_variables(parsed) - set(PLACEHOLDERS))
    if unknown:
        return Preview(
            "",
            0,
            "GSM-7",
            0,
            _(
                "The %(language)s text uses a placeholder that does not exist: %(names)s.",
                language=name,
                names=", ".join(unknown),
            ),
        )
    try:
        text = render_text(source, **values)
    except Exception:  # noqa: BLE001 - the sandbox refuses unsafe templates with many errors
        return Preview(
            "",
            0,
            "GSM-7",
            0,
            _("The %(language)s text cannot be rendered.", language=name),
        )
    count = count_segments(text)
    error = None
    if count.segments > MAX_SEGMENTS:
        error = _(
            "The %(language)s text takes %(segments)s SMS segments; keep it to %(max)s at most.",
            language=name,
            segments=count.segments,
            max=MAX_SEGMENTS,
        )
    return Preview(text, count.characters, count.encoding, count.segments, error)


def options_error(
    source: str, language: str, values: dict[str, str], options: list[dict[str, Any]]
) -> str | None:
    """Say why a check prompt's numbered lines do not match its options, if they do not."""
    try:
        text = render_text(source, **values)
    except Exception:  # noqa: BLE001 - already reported by preview()
        return None
    offered = OPTION_LINE.findall(text)
    numbers = [str(o["number"]) for o in options]
    if offered != numbers:
        return str(
            _(
                "The %(language)s text offers the answers %(offered)s but the step's options are "
                "%(numbers)s; they must be the same numbers, in order.",
                language=_language_name(language),
                offered=", ".join(offered) or "-",
                numbers=", ".join(numbers) or "-",
            )
        )
    return None


def parse_options(lines: str) -> tuple[list[dict[str, Any]], str | None]:
    """Read options written one a line as "number | findings, … | severity"."""
    options: list[dict[str, Any]] = []
    for raw in lines.splitlines():
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        if len(parts) != 3 or not parts[0].isdigit():
            return [], _(
                'Write each option as "number | findings | severity": %(line)s', line=raw.strip()
            )
        findings = [f.strip() for f in parts[1].split(",") if f.strip()]
        bad = [f for f in findings if f not in FINDING_CODES]
        if bad:
            return [], _("Unknown finding: %(names)s.", names=", ".join(bad))
        if parts[2] not in SEVERITIES:
            return [], _("Unknown severity: %(name)s.", name=parts[2])
        options.append({"number": str(int(parts[0])), "findings": findings, "severity": parts[2]})
    return options, None


def format_options(options: list[dict[str, Any]]) -> str:
    """Write options one a line, as parse_options reads them."""
    return "\n".join(
        f"{o['number']} | {', '.join(o['findings'])} | {o['severity']}" for o in options
    )
