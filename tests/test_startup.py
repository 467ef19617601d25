"""Start-up: the zone from the country, one-line setting errors, --help, busy port, favicon."""

import os
import socket
import subprocess
from pathlib import Path
from typing import Any

import pytest

from clinic.config import ConfigError, clinic_settings
from tests import frozen
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("env", "zone"),
    [
        ({}, "Asia/Seoul"),  # CLINIC_COUNTRY defaults to KR
        ({"CLINIC_COUNTRY": "JP"}, "Asia/Tokyo"),
        ({"CLINIC_COUNTRY": "US"}, "UTC"),  # several zones: no guess
        ({"CLINIC_COUNTRY": "US", "CLINIC_TIMEZONE": "America/Chicago"}, "America/Chicago"),
    ],
)
def test_clinic_zone_defaults_to_the_country_zone(env: dict[str, str], zone: str) -> None:
    assert clinic_settings(env).timezone.key == zone


def flask(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLINIC_", "DATABASE_"))}
    clean.update(INSTANCE_PATH=str(tmp_path / "instance"), **env)
    return subprocess.run(
        frozen.command(NOW, "flask", "--app", "wsgi", *args),
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expects"),
    [
        ("CLINIC_TIMEZONE", "Mars/Base", "an IANA time zone such as Asia/Seoul"),
        ("QUIET_HOURS", "late", "21:00-08:00"),
        ("SAME_DAY_REMINDER_HOURS", "soon", "a number of hours from 0 to 24"),
        ("DATABASE_URL", "nonsense", "sqlite:///"),
    ],
)
def test_a_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, variable: str, value: str, expects: str
) -> None:
    result = flask(tmp_path, "staff", "token", "nobody@example.com", **{variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0] and expects in lines[0] and "Traceback" not in result.stderr
    with pytest.raises(ConfigError, match=variable):
        clinic_settings({variable: value}) if variable != "DATABASE_URL" else _db_config(value)


def _db_config(value: str) -> Any:
    from clinic.config import flask_config

    return flask_config({"DATABASE_URL": value, "SECRET_KEY": "x"}, "/nonexistent")


def test_help_lists_every_command_even_with_a_bad_setting(tmp_path: Path) -> None:
    good = flask(tmp_path, "--help")
    bad = flask(tmp_path, "--help", CLINIC_TIMEZONE="Mars/Base")
    assert good.returncode == bad.returncode == 0
    listed = {line.split()[0] for line in good.stdout.split("Commands:")[1].splitlines() if line}
    assert {"db", "staff", "demo", "jobs", "serve"} <= listed
    assert bad.stdout == good.stdout
    assert "CLINIC_TIMEZONE" in bad.stderr and "Traceback" not in bad.stderr


def test_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = flask(tmp_path, "serve", "--port", str(port))
    assert result.returncode == 1
    assert f"port {port} is in use; choose another with --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_favicon_is_served(client: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
