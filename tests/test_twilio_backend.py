"""The Twilio gateway driving the real SDK against the local stand-in (no monkeypatching)."""

from __future__ import annotations

import logging
import re
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from clinic.sms.console_backend import ConsoleGateway
from clinic.sms.gateway import OutboundText, SendError, mask_number
from clinic.sms.twilio_backend import RedirectingHttpClient, TwilioGateway
from tests.twilio_standin import (
    FROM_NUMBER,
    MESSAGING_SERVICE_SID,
    TwilioStandin,
    is_loopback,
)

pytest_plugins = ["tests.twilio_standin"]
pytestmark = pytest.mark.usefixtures("loopback_only")

TO = "+821012345678"
BODY = "Day 3 check: any dimples or pain? Reply 1-5."


def gateway(standin: TwilioStandin, **overrides: Any) -> TwilioGateway:
    """A gateway pointed at the stand-in; keyword arguments override the defaults."""
    kwargs: dict[str, Any] = {
        "from_number": FROM_NUMBER,
        "messaging_service_sid": None,
        "api_url": standin.url,
        "status_callback_base": None,
        "timeout": 2.0,
    }
    kwargs.update(overrides)
    token = kwargs.pop("auth_token", standin.auth_token)
    return TwilioGateway(standin.account_sid, token, **kwargs)


def text(message_id: int = 7, body: str = BODY, **kw: Any) -> OutboundText:
    return OutboundText(message_id=message_id, to=kw.pop("to", TO), body=body, **kw)


def send_error(gw: TwilioGateway, outbound: OutboundText | None = None) -> SendError:
    with pytest.raises(SendError) as caught:
        gw.send(outbound or text())
    return caught.value


def test_send_with_from_number(twilio_standin: TwilioStandin) -> None:
    result = gateway(twilio_standin).send(text())
    (created,) = twilio_standin.messages
    assert (result.sid, result.status) == (created.sid, "queued")
    assert re.fullmatch(r"SM[0-9a-f]{32}", result.sid)
    request = twilio_standin.requests[-1]
    assert request.path == f"/2010-04-01/Accounts/{twilio_standin.account_sid}/Messages.json"
    assert request.form == {"To": [TO], "Body": [BODY], "From": [FROM_NUMBER]}
    assert request.headers["Authorization"].startswith("Basic ")


def test_messaging_service_wins_over_from(twilio_standin: TwilioStandin) -> None:
    gw = gateway(twilio_standin, messaging_service_sid=MESSAGING_SERVICE_SID)
    result = gw.send(text())
    form = twilio_standin.requests[-1].form
    assert form["MessagingServiceSid"] == [MESSAGING_SERVICE_SID]
    assert "From" not in form
    assert result.status == "accepted"


def test_status_callback_carries_message_id(twilio_standin: TwilioStandin) -> None:
    gw = gateway(twilio_standin, status_callback_base="https://clinic.example.com/")
    gw.send(text(message_id=42))
    expected = "https://clinic.example.com/twilio/status?mid=42"
    assert twilio_standin.requests[-1].value("StatusCallback") == expected
    assert twilio_standin.messages[0].status_callback == expected
    gateway(twilio_standin).send(text(message_id=43))
    assert "StatusCallback" not in twilio_standin.requests[-1].form


def test_media_urls_are_repeated_fields(twilio_standin: TwilioStandin) -> None:
    media = ("https://clinic.example.com/m/1.jpg", "https://clinic.example.com/m/2.jpg")
    gateway(twilio_standin).send(text(media_urls=media))
    assert twilio_standin.requests[-1].form["MediaUrl"] == list(media)
    assert twilio_standin.messages[0].media_urls == list(media)


@pytest.mark.parametrize(
    ("status", "ambiguous"), [(429, False), (500, False), (503, False), (504, True)]
)
def test_throttling_and_server_errors_are_retryable(
    twilio_standin: TwilioStandin, status: int, ambiguous: bool
) -> None:
    twilio_standin.fail_next("status", status=status)
    err = send_error(gateway(twilio_standin))
    assert (err.retryable, err.ambiguous, err.http_status) == (True, ambiguous, status)
    assert err.code == 20000 + status
    assert twilio_standin.messages == []


def test_non_json_error_page_has_no_code(twilio_standin: TwilioStandin) -> None:
    twilio_standin.fail_next("status", status=502, text="<html>Bad Gateway</html>")
    err = send_error(gateway(twilio_standin))
    assert (err.retryable, err.code, err.http_status) == (True, None, 502)


@pytest.mark.parametrize("code", [21211, 21610, 21614, 21408, 21602])
def test_twilio_error_codes_are_permanent(twilio_standin: TwilioStandin, code: int) -> None:
    twilio_standin.fail_next("error_code", code=code, message=f"The 'To' number {TO} is bad.")
    err = send_error(gateway(twilio_standin))
    assert (err.retryable, err.ambiguous, err.code, err.http_status) == (False, False, code, 400)
    assert TO not in str(err) and TO[1:] not in str(err)
    assert "5678" in str(err)


def test_wrong_token_is_permanent(twilio_standin: TwilioStandin) -> None:
    err = send_error(gateway(twilio_standin, auth_token="wrong"))
    assert (err.retryable, err.code, err.http_status) == (False, 20003, 401)


def test_read_timeout_is_ambiguous_and_honours_timeout(twilio_standin: TwilioStandin) -> None:
    twilio_standin.fail_next("latency", seconds=3)
    started = time.monotonic()
    err = send_error(gateway(twilio_standin, timeout=0.3))
    assert 0.25 < time.monotonic() - started < 1.5
    assert (err.retryable, err.ambiguous) == (True, True)


def test_accept_then_hang_is_ambiguous_and_found_later(twilio_standin: TwilioStandin) -> None:
    since = datetime.now(UTC)
    twilio_standin.fail_next("accept_then_hang", seconds=3)
    gw = gateway(twilio_standin, timeout=0.3)
    err = send_error(gw)
    assert (err.retryable, err.ambiguous) == (True, True)
    (created,) = twilio_standin.messages
    assert created.date_sent is None  # still queued: DateSent filters cannot see it
    found = gw.find_sent(TO, BODY, since)
    assert found is not None
    assert (found.sid, found.status, found.to, found.body) == (created.sid, "queued", TO, BODY)
    lists = [r for r in twilio_standin.requests if r.method == "GET"]
    assert "DateSent>" in lists[0].query and "DateSent>" not in lists[1].query


@pytest.mark.parametrize("create", [True, False])
def test_dropped_connection_is_ambiguous(twilio_standin: TwilioStandin, create: bool) -> None:
    since = datetime.now(UTC)
    twilio_standin.fail_next("drop", create=create)
    gw = gateway(twilio_standin)
    err = send_error(gw)
    assert (err.retryable, err.ambiguous) == (True, True)
    assert len(twilio_standin.messages) == int(create)
    assert (gw.find_sent(TO, BODY, since) is not None) == create


def test_connection_refused_is_retryable_not_ambiguous(twilio_standin: TwilioStandin) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    err = send_error(gateway(twilio_standin, api_url=f"http://127.0.0.1:{port}"))
    assert (err.retryable, err.ambiguous, err.code) == (True, False, None)


@pytest.fixture
def blackhole() -> Iterator[str]:
    """A loopback listener whose accept queue is full, so new connects time out."""
    with socket.socket() as server, socket.socket() as filler:
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        filler.connect(server.getsockname())
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_connect_timeout_is_retryable_not_ambiguous(
    twilio_standin: TwilioStandin, blackhole: str
) -> None:
    started = time.monotonic()
    err = send_error(gateway(twilio_standin, api_url=blackhole, timeout=0.3))
    assert time.monotonic() - started < 1.5
    assert (err.retryable, err.ambiguous) == (True, False)
    assert "ConnectTimeout" in str(err)


def test_find_sent_ignores_other_bodies_recipients_and_older(
    twilio_standin: TwilioStandin,
) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    since = now - timedelta(minutes=5)
    twilio_standin.seed(TO, BODY, date_created=now - timedelta(hours=2))
    twilio_standin.seed(TO, BODY + " ", date_created=now)
    twilio_standin.seed("+821099990000", BODY, date_created=now)
    assert gateway(twilio_standin).find_sent(TO, BODY, since) is None
    older = twilio_standin.seed(TO, BODY, date_created=now - timedelta(minutes=2))
    newer = twilio_standin.seed(TO, BODY, date_created=now - timedelta(minutes=1))
    found = gateway(twilio_standin).find_sent(TO, BODY, since)
    assert found is not None and found.sid == newer.sid != older.sid
    assert found.status == "delivered" and found.date_created == newer.date_created


def test_find_sent_uses_date_filter_for_sent_messages(twilio_standin: TwilioStandin) -> None:
    since = datetime.now(timezone(timedelta(hours=9)))  # an aware non-UTC time works too
    gw = gateway(twilio_standin)
    sid = gw.send(text()).sid
    twilio_standin.set_status(sid, "delivered")
    found = gw.find_sent(TO, BODY, since)
    assert found is not None and found.sid == sid
    (listing,) = [r for r in twilio_standin.requests if r.method == "GET"]
    assert listing.query["DateSent>"] == [since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert listing.query["To"] == [TO]


def test_find_sent_failure_raises_instead_of_none(twilio_standin: TwilioStandin) -> None:
    twilio_standin.fail_next("status", status=503, on="list")
    with pytest.raises(SendError) as caught:
        gateway(twilio_standin).find_sent(TO, BODY, datetime.now(UTC))
    assert caught.value.retryable


def test_fetch_status(twilio_standin: TwilioStandin) -> None:
    gw = gateway(twilio_standin)
    sid = gw.send(text()).sid
    twilio_standin.set_status(sid, "undelivered", error_code=30003)
    remote = gw.fetch_status(sid)
    assert (remote.sid, remote.status, remote.error_code) == (sid, "undelivered", 30003)
    with pytest.raises(SendError) as caught:
        gw.fetch_status("SM" + "0" * 32)
    assert (caught.value.code, caught.value.retryable) == (20404, False)


def test_logs_mask_numbers_and_omit_bodies(
    twilio_standin: TwilioStandin, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gw = gateway(twilio_standin)
    gw.send(text())
    gw.find_sent(TO, BODY, datetime.now(UTC) - timedelta(minutes=1))
    twilio_standin.fail_next("error_code", code=21211, message=f"The 'To' number {TO} is bad.")
    send_error(gw)
    # urllib3's own DEBUG lines print full URLs with the To filter; logging config keeps
    # urllib3 above DEBUG in production. Everything else must never show a whole number.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "urllib3.connectionpool")
    assert "5678" in logged
    assert TO[1:] not in logged and "12345678" not in logged and BODY not in logged


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"from_number": None}, "SENDER"),
        ({"from_number": ""}, "SENDER"),
        ({"auth_token": ""}, "TOKEN"),
        ({"timeout": 0}, "timeout"),
    ],
)
def test_constructor_rejects_missing_settings(kwargs: dict[str, Any], message: str) -> None:
    settings: dict[str, Any] = {
        "from_number": FROM_NUMBER,
        "messaging_service_sid": None,
        "status_callback_base": None,
    }
    settings.update(kwargs)
    token = settings.pop("auth_token", "token")
    with pytest.raises(ValueError, match=message.replace("SENDER", "FROM_NUMBER")):
        TwilioGateway("AC" + "1" * 32, token, **settings)


def test_url_rewrite_keeps_path_and_query() -> None:
    client = RedirectingHttpClient("http://127.0.0.1:9/base/", 1.0)
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&Page=1"
    assert client.rewrite(url) == (
        "http://127.0.0.1:9/base/2010-04-01/Accounts/AC1/Messages.json?To=%2B1&Page=1"
    )
    assert RedirectingHttpClient("https://api.twilio.com", 1.0).rewrite(url) == url


def test_console_backend(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    console = ConsoleGateway()
    result = console.send(text(message_id=9))
    assert re.fullmatch(r"SMcon[0-9a-f]{27}", result.sid) and result.status == "delivered"
    assert console.send(text()).sid != result.sid
    logged = caplog.records[0].getMessage()
    assert "9" in logged and mask_number(TO) in logged
    assert TO not in logged and BODY not in logged
    assert console.find_sent(TO, BODY, datetime.now(UTC)) is None
    assert console.name == "console" and TwilioGateway.name == "twilio"


def test_mask_number() -> None:
    assert mask_number("+82 10-1234-5678") == "********5678"
    assert mask_number("12") == "12"


def test_network_guard_is_active() -> None:
    assert socket.socket.connect.__name__ == "connect"
    assert socket.socket.connect.__module__ == "tests.twilio_standin"
    for address in [("127.0.0.1", 80), ("127.9.9.9", 1), ("::1", 1), ("localhost", 1)]:
        assert is_loopback(address)
    for address in [("10.0.0.1", 80), ("192.168.1.1", 1), ("api.twilio.com", 443)]:
        assert not is_loopback(address)
