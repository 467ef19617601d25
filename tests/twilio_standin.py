"""A real local HTTP stand-in for Twilio's 2010-04-01 Messages API, with fault injection.

Enable the fixtures with ``pytest_plugins = ["tests.twilio_standin"]`` in tests/conftest.py.
"""

from __future__ import annotations

import base64
import dataclasses
import ipaddress
import json
import re
import secrets
import select
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

ACCOUNT_SID = "AC" + "5ca1ab1e" * 4
AUTH_TOKEN = "standin-auth-token"
FROM_NUMBER = "+15005550006"
MESSAGING_SERVICE_SID = "MG" + "0ddba11" * 4 + "0ddb"
FAULT_KINDS = ("status", "error_code", "latency", "accept_then_hang", "drop")
_MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages\.json$")
_MESSAGE = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages/(?P<sid>[^/]+)\.json$")
_DONE = ("sent", "delivered", "undelivered", "failed", "read")


def rfc2822(moment: datetime | None) -> str | None:
    """Format a UTC datetime the way Twilio does ("Thu, 30 Jul 2015 20:12:31 +0000")."""
    return format_datetime(moment.astimezone(UTC)) if moment else None


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _error(status: int, code: int, message: str) -> dict[str, Any]:
    more = f"https://www.twilio.com/docs/errors/{code}"
    return {"code": code, "message": message, "more_info": more, "status": status}


@dataclass
class StoredMessage:
    """One message as the stand-in keeps it."""

    sid: str
    to: str
    body: str
    from_: str | None
    messaging_service_sid: str | None
    status: str
    date_created: datetime
    date_sent: datetime | None = None
    date_updated: datetime | None = None
    error_code: int | None = None
    status_callback: str | None = None
    media_urls: list[str] = field(default_factory=list)

    def as_json(self, account_sid: str) -> dict[str, Any]:
        """The message in Twilio's JSON shape."""
        uri = f"/2010-04-01/Accounts/{account_sid}/Messages/{self.sid}"
        gsm = all(ord(c) < 128 for c in self.body)
        single, multi = (160, 153) if gsm else (70, 67)
        n = len(self.body)
        segments = 1 if n <= single else -(-n // multi)
        return {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": rfc2822(self.date_created),
            "date_sent": rfc2822(self.date_sent),
            "date_updated": rfc2822(self.date_updated or self.date_created),
            "direction": "outbound-api",
            "error_code": self.error_code,
            "error_message": None,
            "from": self.from_,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": str(len(self.media_urls)),
            "num_segments": str(segments),
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": self.status,
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "tags": None,
            "to": self.to,
            "uri": f"{uri}.json",
        }


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    headers: dict[str, str]
    received: float = field(default_factory=time.monotonic)

    def value(self, name: str) -> str | None:
        """First form (else query) value of ``name``."""
        values = self.form.get(name) or self.query.get(name)
        return values[0] if values else None


@dataclass
class _Fault:
    kind: str
    times: int
    on: str
    kw: dict[str, Any]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    standin: TwilioStandin

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn); not wanted here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


def _wait_real_time(event: threading.Event, seconds: float) -> bool:
    """Wait up to ``seconds`` of real time for ``event``; True when it was set.

    ``Event.wait`` sets its deadline on the monotonic clock, which libfaketime freezes in
    CI's shifted-clock run, so a timed wait there never ends; select() waits relatively.
    """
    steps = max(1, round(seconds / 0.01))
    for _ in range(steps):
        if event.is_set():
            return True
        select.select([], [], [], seconds / steps)
    return event.is_set()


class TwilioStandin:
    """Twilio's Messages API on 127.0.0.1, recording requests; thread-safe."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN) -> None:
        self.account_sid, self.auth_token = account_sid, auth_token
        self._lock = threading.Lock()
        self._messages: list[StoredMessage] = []
        self._requests: list[RecordedRequest] = []
        self._faults: list[_Fault] = []
        self._wake = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def messages(self) -> list[StoredMessage]:
        """Copies of the created messages, oldest first."""
        with self._lock:
            return [dataclasses.replace(m, media_urls=list(m.media_urls)) for m in self._messages]

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, in order."""
        with self._lock:
            return list(self._requests)

    def env(self) -> dict[str, str]:
        """TWILIO_* settings that point the app at this stand-in."""
        return {
            "TWILIO_ACCOUNT_SID": self.account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token,
            "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_API_URL": self.url,
        }

    def fail_next(self, kind: str, times: int = 1, *, on: str = "create", **kw: Any) -> None:
        """Queue a fault for the next ``times`` matching requests.

        kinds: ``status`` (status=500, code, message, text), ``error_code`` (code, message,
        status=400), ``latency`` (seconds), ``accept_then_hang`` (seconds), ``drop``
        (create=False); ``on`` is "create", "list", "fetch" or "any".
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._lock:
            self._faults.append(_Fault(kind, times, on, kw))

    def seed(self, to: str, body: str, *, date_created: datetime, **fields: Any) -> StoredMessage:
        """Add a message as if created earlier (status defaults to delivered)."""
        fields.setdefault("status", "delivered")
        fields.setdefault("date_sent", date_created if fields["status"] in _DONE else None)
        message = StoredMessage(
            sid="SM" + secrets.token_hex(16),
            to=to,
            body=body,
            from_=fields.pop("from_", FROM_NUMBER),
            messaging_service_sid=fields.pop("messaging_service_sid", None),
            date_created=date_created.astimezone(UTC).replace(microsecond=0),
            **fields,
        )
        with self._lock:
            self._messages.append(message)
        return message

    def set_status(self, sid: str, status: str, error_code: int | None = None) -> None:
        """Move a message on, as Twilio would (sets date_sent once it leaves the queue)."""
        with self._lock:
            message = next(m for m in self._messages if m.sid == sid)
            message.status, message.error_code = status, error_code
            message.date_updated = _now()
            if status in _DONE and message.date_sent is None:
                message.date_sent = message.date_updated

    def reset(self) -> None:
        """Forget messages, requests and faults; release hung handlers."""
        with self._lock:
            self._messages.clear()
            self._requests.clear()
            self._faults.clear()
            self._wake.set()
            self._wake = threading.Event()

    def close(self) -> None:
        """Stop the server."""
        self.reset()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- used by the handler ----------------------------------------------------------

    def _record(self, request: RecordedRequest) -> threading.Event:
        with self._lock:
            self._requests.append(request)
            return self._wake

    def _take_fault(self, op: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.on in (op, "any"):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _create(self, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        def first(name: str) -> str:
            return (form.get(name) or [""])[0]

        to, from_, service, body = (first(n) for n in ("To", "From", "MessagingServiceSid", "Body"))
        media = form.get("MediaUrl", [])
        if not to:
            return 400, _error(400, 21604, "A 'To' phone number is required.")
        if not from_ and not service:
            return 400, _error(400, 21603, "A 'From' phone number is required.")
        if from_ and service:
            # Twilio accepts both; the gateway must send exactly one, so be strict here.
            return 400, _error(400, 21606, "Stand-in: send From or MessagingServiceSid.")
        if not body and not media:
            return 400, _error(400, 21602, "Message body is required.")
        if len(body) > 1600:
            return 400, _error(400, 21617, "The concatenated message body exceeds 1600.")
        message = StoredMessage(
            sid="SM" + secrets.token_hex(16),
            to=to,
            body=body,
            from_=from_ or None,
            messaging_service_sid=service or None,
            status="accepted" if service else "queued",
            date_created=_now(),
            status_callback=first("StatusCallback") or None,
            media_urls=list(media),
        )
        with self._lock:
            self._messages.append(message)
        return 201, message.as_json(self.account_sid)

    def _fetch(self, sid: str, path: str) -> tuple[int, dict[str, Any]]:
        with self._lock:
            found = next((m for m in self._messages if m.sid == sid), None)
        if found is None:
            return 404, _error(404, 20404, f"The requested resource {path} was not found")
        return 200, found.as_json(self.account_sid)

    def _list(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        params = {k: v[0] for k, v in query.items() if v}
        try:
            size = min(max(int(params.get("PageSize", 50)), 1), 1000)
            page = max(int(params.get("Page", 0)), 0)
            checks = [
                _date_check(k, params[k])
                for k in ("DateSent", "DateSent>", "DateSent<")
                if k in params
            ]
        except ValueError as exc:
            return 400, _error(400, 20001, f"Invalid parameter: {exc}")
        with self._lock:
            ordered = sorted(
                enumerate(self._messages), key=lambda p: (p[1].date_created, p[0]), reverse=True
            )
            found = [
                m.as_json(self.account_sid)
                for _, m in ordered
                if params.get("To", m.to) == m.to
                and params.get("From", m.from_) == m.from_
                and all(check(m.date_sent) for check in checks)
            ]
        chunk = found[page * size : (page + 1) * size]
        base = {k: v for k, v in params.items() if k not in ("Page", "PageSize", "PageToken")}

        def uri(n: int) -> str:
            return f"{path}?{urlencode({**base, 'PageSize': size, 'Page': n})}"

        more = len(found) > (page + 1) * size
        return 200, {
            "messages": chunk,
            "page": page,
            "page_size": size,
            "start": page * size,
            "end": page * size + max(len(chunk) - 1, 0),
            "uri": uri(page),
            "first_page_uri": uri(0),
            "next_page_uri": uri(page + 1) if more else None,
            "previous_page_uri": uri(page - 1) if page else None,
        }


def _date_check(key: str, raw: str) -> Callable[[datetime | None], bool]:
    """A predicate on date_sent for one DateSent filter (date or date-time value)."""
    whole_day = len(raw) == 10
    limit: date | datetime
    if whole_day:
        limit = date.fromisoformat(raw)
    else:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        limit = moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def check(sent: datetime | None) -> bool:
        if sent is None:  # Twilio's DateSent filters never match a message not yet sent
            return False
        value: date | datetime = sent.date() if whole_day else sent
        if key.endswith(">"):
            return value >= limit
        if key.endswith("<"):
            return value <= limit
        return value == limit

    return check


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as Twilio's servers: a small reply is never held back waiting for an ACK.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        """List or fetch messages."""
        self._handle()

    def do_POST(self) -> None:
        """Create a message."""
        self._handle()

    def _handle(self) -> None:
        standin = self.server.standin
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        request = RecordedRequest(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            form=parse_qs(raw, keep_blank_values=True) if self.command == "POST" else {},
            headers=dict(self.headers.items()),
        )
        wake = standin._record(request)
        if not self._authorised(standin):
            self._reply(401, _error(401, 20003, "Authenticate"))
            return
        many, one = _MESSAGES.match(parts.path), _MESSAGE.match(parts.path)
        match = many or one
        if match is None or match["account"] != standin.account_sid:
            self._reply(
                404, _error(404, 20404, f"The requested resource {parts.path} was not found")
            )
            return
        op = "create" if many and self.command == "POST" else "list" if many else "fetch"
        if (self.command == "POST") != (op == "create"):
            self._reply(405, _error(405, 20004, "Method not allowed"))
            return
        fault = standin._take_fault(op)
        if fault is not None and not self._apply(fault, op, request, wake):
            return
        if op == "create":
            self._reply(*standin._create(request.form))
        elif op == "list":
            self._reply(*standin._list(parts.path, request.query))
        else:
            assert one is not None
            self._reply(*standin._fetch(one["sid"], parts.path))

    def _authorised(self, standin: TwilioStandin) -> bool:
        scheme, _, encoded = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except ValueError:
            return False
        ok_user = secrets.compare_digest(user, standin.account_sid)
        return ok_user and secrets.compare_digest(password, standin.auth_token)

    def _apply(
        self, fault: _Fault, op: str, request: RecordedRequest, wake: threading.Event
    ) -> bool:
        """Act out a fault; return True when the request should then be served normally."""
        kw, standin = fault.kw, self.server.standin
        if fault.kind == "status":
            status = int(kw.get("status", 500))
            if "text" in kw:  # e.g. an HTML page from a proxy in front of Twilio
                self._reply(status, kw["text"])
            else:
                code = int(kw.get("code", 20000 + status))
                self._reply(status, _error(status, code, kw.get("message", "Stand-in fault")))
            return False
        if fault.kind == "error_code":
            status = int(kw.get("status", 400))
            code = int(kw.get("code", 21211))
            self._reply(status, _error(status, code, kw.get("message", f"Twilio error {code}")))
            return False
        if fault.kind == "latency":
            # Serve normally afterwards, unless the test ended (reset) in the meantime.
            if _wait_real_time(wake, float(kw.get("seconds", 1.0))):
                self.close_connection = True
                return False
            return True
        if fault.kind == "accept_then_hang":
            status, payload = standin._create(request.form)
            if not _wait_real_time(wake, float(kw.get("seconds", 5.0))):
                self._reply(status, payload)
            self.close_connection = True
            return False
        # drop: read the whole request first so the close is a clean FIN, not a reset.
        if kw.get("create", False) and op == "create":
            standin._create(request.form)
        self.close_connection = True
        return False

    def _reply(self, status: int, payload: dict[str, Any] | str) -> None:
        text = payload if isinstance(payload, str) else json.dumps(payload)
        data = text.encode()
        try:
            self.send_response(status)
            ctype = "text/html" if isinstance(payload, str) else "application/json"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeouts in tests)
            self.close_connection = True


class NetworkGuardError(RuntimeError):
    """A test tried to reach a host that is not on the loopback interface."""


def is_loopback(address: Any) -> bool:
    """True for 127.0.0.0/8, ::1, 'localhost' and Unix socket paths."""
    if isinstance(address, str | bytes):
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection or name lookup that would leave 127.0.0.1/::1."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock: socket.socket, address: Any) -> None:
        if sock.family != socket.AF_UNIX and not is_loopback(address):
            raise NetworkGuardError(f"blocked connection to {address!r}")
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        if sock.family != socket.AF_UNIX and not is_loopback(address):
            raise NetworkGuardError(f"blocked connection to {address!r}")
        return real_connect_ex(sock, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not is_loopback((host,)):
            raise NetworkGuardError(f"blocked name lookup of {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(scope="session")
def twilio_standin_server() -> Iterator[TwilioStandin]:
    """One stand-in for the whole session; use ``twilio_standin`` in tests."""
    standin = TwilioStandin()
    yield standin
    standin.close()


@pytest.fixture
def twilio_standin(twilio_standin_server: TwilioStandin) -> Iterator[TwilioStandin]:
    """The session's stand-in, emptied before and after each test."""
    twilio_standin_server.reset()
    yield twilio_standin_server
    twilio_standin_server.reset()
