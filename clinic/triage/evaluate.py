"""Measure the triage on a file of graded replies: confusion matrix, urgent recall, misses.

One JSON object a line: ``{"body": str, "severity": urgent|concern|expected|none,
"findings"?: [code], "step"?: prompt step, "days_since"?: int}``; other keys are ignored,
blank lines and lines starting with ``#`` are skipped.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from clinic.checks import FINDING_CODES
from clinic.triage.grading import Severity, triage_reply

SEVERITIES: tuple[Severity, ...] = ("urgent", "concern", "expected", "none")
_RANK = {"none": 0, "expected": 1, "concern": 2, "urgent": 3}


class CaseFileError(ValueError):
    """The file is not a list of graded replies; the message names the line."""


@dataclass(frozen=True)
class Case:
    """One graded reply."""

    line: int
    body: str
    severity: Severity
    findings: tuple[str, ...] | None = None
    step: str | None = None
    days_since: int | None = None


@dataclass(frozen=True)
class Outcome:
    """A case and what the triage made of it."""

    case: Case
    severity: Severity
    findings: tuple[str, ...]


@dataclass
class Report:
    """The figures of one evaluation."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, expected: str, got: str) -> int:
        """Return how many replies graded `expected` the triage called `got`."""
        return sum(1 for o in self.outcomes if o.case.severity == expected and o.severity == got)

    @property
    def exact(self) -> int:
        """Replies graded exactly as the file says."""
        return sum(1 for o in self.outcomes if o.case.severity == o.severity)

    @property
    def under(self) -> list[Outcome]:
        """Replies graded lower than the file says."""
        return [o for o in self.outcomes if _RANK[o.severity] < _RANK[o.case.severity]]

    @property
    def urgent_total(self) -> int:
        """Replies the file grades urgent."""
        return sum(1 for o in self.outcomes if o.case.severity == "urgent")

    @property
    def urgent_found(self) -> int:
        """Urgent replies the triage also called urgent."""
        return self.count("urgent", "urgent")

    @property
    def missing_findings(self) -> list[Outcome]:
        """Cases whose expected finding codes the triage did not all report."""
        return [
            o
            for o in self.outcomes
            if o.case.findings is not None and not set(o.case.findings) <= set(o.findings)
        ]


def _case(number: int, line: str) -> Case:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(data, dict):
        raise CaseFileError(f"line {number}: expected an object with body and severity")
    body, severity = data.get("body"), data.get("severity")
    if not isinstance(body, str):
        raise CaseFileError(f"line {number}: body must be a string")
    if severity not in SEVERITIES:
        raise CaseFileError(f"line {number}: severity must be one of {', '.join(SEVERITIES)}")
    findings = data.get("findings")
    if findings is not None and (
        not isinstance(findings, list) or not all(f in FINDING_CODES for f in findings)
    ):
        raise CaseFileError(f"line {number}: findings must be a list of finding codes")
    step, days = data.get("step"), data.get("days_since")
    if step is not None and not isinstance(step, str):
        raise CaseFileError(f"line {number}: step must be a string")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 0):
        raise CaseFileError(f"line {number}: days_since must be a whole number of days")
    return Case(
        number, body, severity, tuple(findings) if findings is not None else None, step, days
    )


def load_cases(path: Path) -> list[Case]:
    """Read graded replies from a JSON-lines file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CaseFileError(f"{path}: cannot be read ({exc.__class__.__name__})") from exc
    cases = [
        _case(number, line)
        for number, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not cases:
        raise CaseFileError(f"{path}: holds no replies")
    return cases


def evaluate(cases: list[Case]) -> Report:
    """Triage every case and collect what came out."""
    report = Report()
    for case in cases:
        result = triage_reply(case.body, step=case.step, days_since=case.days_since)
        report.outcomes.append(Outcome(case, result.severity, result.findings))
    return report


def _percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0 (-)"


def format_report(report: Report, name: str) -> str:
    """Return the report as text for a terminal."""
    total = len(report.outcomes)
    lines = [f"Triage evaluation of {name}: {total} replies", ""]
    lines.append("expected \\ triage " + "".join(f"{s:>10}" for s in SEVERITIES))
    for expected in SEVERITIES:
        row = "".join(f"{report.count(expected, got):>10}" for got in SEVERITIES)
        lines.append(f"{expected:<18}{row}")
    under = report.under
    lines += [
        "",
        f"Graded exactly:      {_percent(report.exact, total)}",
        f"Urgent recall:       {_percent(report.urgent_found, report.urgent_total)}",
        f"Graded lower:        {_percent(len(under), total)}",
        f"Findings missed:     {len(report.missing_findings)}",
        "",
    ]
    if under:
        lines.append("Under-triaged (graded lower than expected):")
        lines += [
            f"  line {o.case.line}: expected {o.case.severity}, got {o.severity}: {o.case.body!r}"
            for o in under
        ]
    else:
        lines.append("Under-triaged: none")
    for o in report.missing_findings:
        lines.append(
            f"  line {o.case.line}: expected findings {', '.join(o.case.findings or ())},"
            f" got {', '.join(o.findings) or 'none'}: {o.case.body!r}"
        )
    return "\n".join(lines)
