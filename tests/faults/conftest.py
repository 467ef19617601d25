"""The fault suite prints one table of lost / doubled / stuck / 5xx at the end of the run."""

from typing import Any

import pytest

from tests.faults.harness import FULL, RESULTS


@pytest.fixture
def app_config(twilio_config: dict[str, Any]) -> dict[str, Any]:
    return {**twilio_config, "QUIET_HOURS": "00:00-00:00"}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not RESULTS:
        return
    write = terminalreporter.write_line
    write("")
    write(f"Fault suite ({'full' if FULL else 'short'} sizes)")
    write("| scenario | database | texts | lost | doubled | stuck | 5xx | seconds |")
    write("|---|---|---:|---:|---:|---:|---:|---:|")
    for t in RESULTS:
        row = (t.scenario, t.backend, t.texts, t.lost, t.doubled, t.stuck, t.http_5xx)
        write("| " + " | ".join(str(v) for v in row) + f" | {t.seconds:.0f} |")
