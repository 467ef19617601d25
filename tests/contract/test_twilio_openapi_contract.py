"""Contract: the real Twilio SDK, through TwilioGateway, against Stoplight Prism serving
Twilio's own OpenAPI document for the 2010-04-01 API (request validation included).

Install the tools with ``.ci/install_contract_tools.sh``; override their paths with
PRISM_BIN and TWILIO_OPENAPI_SPEC. Not covered here: MediaUrl, because Prism 5.x rejects a
form-encoded array ("must be array") however many values are sent -- a Prism bug, not ours;
tests/test_twilio_backend.py checks media against the stand-in instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from clinic.sms.gateway import OutboundText, SendError
from clinic.sms.twilio_backend import TwilioGateway

NODE_DIR = Path(__file__).resolve().parents[2] / ".ci" / "node"
PRISM = Path(os.environ.get("PRISM_BIN") or NODE_DIR / "node_modules" / ".bin" / "prism")
SPEC = Path(
    os.environ.get("TWILIO_OPENAPI_SPEC")
    or NODE_DIR / "node_modules/@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json"
)
ACCOUNT_SID = "AC" + "c0ffee00" * 4
SERVICE_SID = "MG" + "5e41ce00" * 4
TO = "+821012345678"

if shutil.which("node") is None:
    pytest.skip("node is not installed (needed for Prism)", allow_module_level=True)
if not PRISM.exists() or not SPEC.exists():
    pytest.skip(
        f"Prism or Twilio's OpenAPI spec missing ({PRISM}, {SPEC}): "
        "run .ci/install_contract_tools.sh",
        allow_module_level=True,
    )

pytest_plugins = ["tests.twilio_standin"]
pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("loopback_only")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def prism_url() -> Iterator[str]:
    """Start `prism mock` on a free loopback port for this module, stop it afterwards."""
    port = _free_port()
    # The spec is a local file with no remote $refs, so Prism needs no network.
    command = [str(PRISM), "mock", str(SPEC), "--host", "127.0.0.1", "--port", str(port)]
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + 60
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    output.seek(0)
                    pytest.fail(f"prism did not start: {output.read().decode()[-2000:]}")
                time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def gateway(url: str, **overrides: Any) -> TwilioGateway:
    kwargs: dict[str, Any] = {
        "from_number": "+15005550006",
        "messaging_service_sid": None,
        "api_url": url,
        "status_callback_base": None,
        "timeout": 10.0,
    }
    kwargs.update(overrides)
    return TwilioGateway(ACCOUNT_SID, "contract-token", **kwargs)


def text(**kw: Any) -> OutboundText:
    return OutboundText(message_id=kw.pop("message_id", 1), to=kw.pop("to", TO), body="Hello")


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"messaging_service_sid": SERVICE_SID},
        {"status_callback_base": "https://clinic.example.com"},
        {"messaging_service_sid": SERVICE_SID, "status_callback_base": "https://c.example.com"},
    ],
    ids=["from", "messaging-service", "status-callback", "service-and-callback"],
)
def test_send_is_valid_for_twilio_spec(prism_url: str, overrides: dict[str, Any]) -> None:
    # A 201 means Prism validated the SDK's form body against Twilio's schema.
    result = gateway(prism_url, **overrides).send(text(message_id=77))
    assert result.sid.startswith("SM") and len(result.sid) == 34
    assert result.status == "queued"


def test_missing_required_field_is_permanent(prism_url: str) -> None:
    # The SDK drops None-valued fields, so this request really lacks the required To.
    with pytest.raises(SendError) as caught:
        gateway(prism_url).send(text(to=None))
    err = caught.value
    assert (err.retryable, err.ambiguous, err.http_status, err.code) == (False, False, 422, None)


def test_malformed_messaging_service_sid_is_permanent(prism_url: str) -> None:
    with pytest.raises(SendError) as caught:
        gateway(prism_url, messaging_service_sid="MG-not-a-sid").send(text())
    assert (caught.value.retryable, caught.value.http_status) == (False, 422)


def test_find_sent_reads_twilio_list_example(prism_url: str) -> None:
    # Prism answers every list with the spec's first example, whatever the filters.
    gw = gateway(prism_url)
    found = gw.find_sent("+18182008801", "testing", datetime(2019, 1, 1, tzinfo=UTC))
    assert found is not None
    assert (found.sid, found.status) == ("SMded05904ccb347238880ca9264e8fe1c", "sent")
    assert found.date_created == datetime(2019, 5, 24, 17, 44, 46, tzinfo=UTC)
    assert gw.find_sent(TO, "Hello", datetime(2019, 1, 1, tzinfo=UTC)) is None


def test_fetch_status_reads_twilio_example(prism_url: str) -> None:
    remote = gateway(prism_url).fetch_status("SM" + "ab" * 16)
    assert remote.sid.startswith("SM") and remote.status
    assert remote.error_code == 30007
