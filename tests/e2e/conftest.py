"""Browser-test fixtures: the real server in a subprocess and Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import frozen
from tests.conftest import NOW

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "front desk 2026"
ZONE = "Asia/Seoul"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(
            reason="Debian's Chromium is not installed (apt-get install chromium)"
        )
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def _serve(home: Path, *serve_args: str, staff: bool = True) -> Iterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{home / 'clinic.db'}",
        "INSTANCE_PATH": str(home),
        "SECRET_KEY": "e2e",
        "CLINIC_NAME": "Hanbit Clinic",
        "CLINIC_PHONE": "+82 2-555-0100",
        "CLINIC_TIMEZONE": ZONE,
        "SMS_BACKEND": "console",
        "QUIET_HOURS": "00:00-00:00",
    }
    for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL"):
        env.pop(key, None)
    _flask(env, "db", "upgrade")
    _flask(
        env,
        "staff",
        "create",
        "mina@hanbit.test",
        "--role",
        "receptionist",
        "--name",
        "Mina Front",
        "--language",
        "en",
        "--password",
        PASSWORD,
    )
    _flask(
        env,
        "staff",
        "create",
        "park@hanbit.test",
        "--role",
        "clinician",
        "--name",
        "Dr Park",
        "--language",
        "en",
        "--password",
        PASSWORD,
    )
    if staff:
        _flask(
            env,
            "staff",
            "create",
            "admin@hanbit.test",
            "--role",
            "admin",
            "--name",
            "Ada Admin",
            "--language",
            "en",
            "--password",
            PASSWORD,
        )
    port = _free_port()
    # A file, not a pipe: serve logs the scheduler's INFO lines, and a pipe nobody
    # reads until the end would fill and stop the server mid-write.
    log = (home / "serve.log").open("w+b")
    process = subprocess.Popen(
        # The server's clock starts at the suite's fixed moment, as the tests' own does.
        frozen.command(NOW, "flask", "--app", "wsgi", "serve", "--port", str(port), *serve_args),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                log.seek(0)
                output = log.read().decode()
                raise RuntimeError(f"server did not start: {output}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)
    log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`flask serve` on a fresh SQLite file with a receptionist and a clinician."""
    yield from _serve(tmp_path_factory.mktemp("server"))


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`flask serve --demo`: the demonstration clinic."""
    yield from _serve(tmp_path_factory.mktemp("demo"), "--demo", staff=False)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: a temporary folder, or THREADCARE_SCREENSHOTS."""
    folder = Path(os.environ.get("THREADCARE_SCREENSHOTS") or tmp_path)
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(
    browser: Any, server: str, width: int = 1280, height: int = 800, locale: str = "en-GB"
) -> Any:
    """A fresh browser context (no cookies) at a screen size and browser language."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        base_url=server,
        locale=locale,
        timezone_id=ZONE,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def nav(page: Any, name: str) -> Any:
    """A link of the main navigation."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def sign_in(page: Any, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")
