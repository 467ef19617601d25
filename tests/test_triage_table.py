"""The triage table as data: every graded reply in tests/triage_cases.jsonl, and the
`triage evaluate` command a clinic runs over its own anonymised replies."""

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from clinic import create_app
from clinic.checks import RED_FLAG_CODES
from clinic.triage import triage_reply
from clinic.triage.evaluate import Case, load_cases
from clinic.triage.evaluate import evaluate as evaluate_cases
from tests.conftest import BASE_CONFIG

HERE = Path(__file__).parent
TABLE = HERE / "triage_cases.jsonl"
HOLDOUT = HERE / "triage_holdout.jsonl"
CASES = load_cases(TABLE)


@pytest.mark.parametrize("case", CASES, ids=[f"line{c.line}" for c in CASES])
def test_reply_is_graded_as_a_clinician_would(case: Case) -> None:
    result = triage_reply(case.body, step=case.step, days_since=case.days_since)
    assert result.severity == case.severity, result.reason
    assert set(case.findings or ()) <= set(result.findings), result.reason
    if result.severity != "none":
        assert result.evidence or not case.findings, "a finding without the words behind it"


URGENT = [c for c in CASES if c.severity == "urgent"]
HANGUL = re.compile("[가-힣]")
# What patients put around a complaint: a greeting before it, a question or a mood after.
AROUND = {
    "en": [("hi doctor, ", ""), ("", ", is that normal?"), ("", " is this ok?"), ("", " :(")],
    "ko": [
        ("선생님 ", ""),
        ("안녕하세요 ", ""),
        ("", " 괜찮을까요?"),
        ("", " 정상인가요?"),
        ("", " ㅠㅠ"),
    ],
}


@pytest.mark.parametrize("case", URGENT, ids=[f"line{c.line}" for c in URGENT])
def test_a_red_flag_stays_urgent_with_a_greeting_or_a_question_around_it(case: Case) -> None:
    language = "ko" if HANGUL.search(case.body) else "en"
    for before, after in AROUND[language]:
        body = before + case.body + after
        result = triage_reply(body, step=case.step, days_since=case.days_since)
        assert result.severity == "urgent", (body, result.reason)


def test_table_holds_ten_phrasings_per_red_flag_per_language() -> None:
    rows = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines()]
    per_kind = Counter((r["kind"], r["lang"]) for r in rows if "kind" in r)
    for code in RED_FLAG_CODES:
        for lang in ("en", "ko"):
            assert per_kind[(code, lang)] >= 10, (code, lang)


def test_holdout_set_loads_and_is_large_enough() -> None:
    # Written before the phrase tables were tuned; its figures are reported, not asserted.
    assert len(load_cases(HOLDOUT)) >= 60


@pytest.fixture
def cli_app(tmp_path: Path) -> Flask:
    return create_app(
        {
            **BASE_CONFIG,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
            "INSTANCE_PATH": str(tmp_path),
        }
    )


def evaluate(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["triage", "evaluate", *args])


def test_evaluate_prints_the_matrix_recall_and_no_miss_for_the_project_table(
    cli_app: Flask,
) -> None:
    result = evaluate(cli_app, str(TABLE), "--strict")
    assert result.exit_code == 0, result.output
    urgent = sum(1 for c in CASES if c.severity == "urgent")
    assert f"Urgent recall:       {urgent}/{urgent} (100.0%)" in result.output
    assert "expected \\ triage" in result.output
    assert "Under-triaged: none" in result.output


def test_evaluate_lists_every_under_triaged_reply(cli_app: Flask, tmp_path: Path) -> None:
    graded = tmp_path / "clinic.jsonl"
    graded.write_text(
        '{"body": "thanks", "severity": "urgent"}\n'
        "# a comment line\n"
        '{"body": "my lips are swelling", "severity": "urgent",'
        ' "findings": ["allergic_reaction"]}\n'
        '{"body": "ok", "severity": "none"}\n',
        encoding="utf-8",
    )
    result = evaluate(cli_app, str(graded))
    assert result.exit_code == 0, result.output
    assert "line 1: expected urgent, got none: 'thanks'" in result.output
    assert "Urgent recall:       1/2 (50.0%)" in result.output
    assert "Graded exactly:      2/3 (66.7%)" in result.output
    assert evaluate(cli_app, str(graded), "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "line 1: not JSON"),
        ('{"body": "ok"}\n', "line 1: severity must be one of"),
        ('{"body": "ok", "severity": "none"}\n[1]\n', "line 2: expected an object"),
        ('{"body": "x", "severity": "urgent", "findings": ["bad"]}\n', "finding codes"),
        ("\n", "holds no replies"),
        (b"\xff\xfe".decode("latin-1"), "cannot be read"),
    ],
)
def test_evaluate_refuses_a_malformed_file_in_one_line(
    cli_app: Flask, tmp_path: Path, content: str, message: str
) -> None:
    graded = tmp_path / "bad.jsonl"
    graded.write_bytes(content.encode("latin-1") if "\xff" in content else content.encode())
    result = evaluate(cli_app, str(graded))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_evaluate_names_a_missing_file(cli_app: Flask, tmp_path: Path) -> None:
    result = evaluate(cli_app, str(tmp_path / "nowhere.jsonl"))
    assert result.exit_code == 2 and "cannot be read" in result.output


def test_replies_written_apart_from_the_project_meet_the_bar() -> None:
    # Two sets written on 3 December 2026 by people who never saw the phrase tables; the
    # kinds they found were fixed, and the sets stay as a guard against losing them again.
    report = evaluate_cases(load_cases(HERE / "triage_independent.jsonl"))
    urgent = [o for o in report.outcomes if o.case.severity == "urgent"]
    assert all(o.severity == "urgent" for o in urgent), [
        o.case.body for o in urgent if o.severity != "urgent"
    ]
    assert len(report.under) <= 0.02 * len(report.outcomes), [o.case.body for o in report.under]
    assert report.exact >= 0.85 * len(report.outcomes)
