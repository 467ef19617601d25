"""Twilio backend: the official SDK, pointed at any base URL, its failures classified."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import (
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from clinic.sms.gateway import OutboundText, RemoteMessage, SendError, SendResult, mask_number

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"
_LIST_LIMIT = 50
_DIGIT_RUN = re.compile(r"\+?\d[\d\s().-]{4,}\d")


def _redact(text: str) -> str:
    """Mask phone-number-like digit runs (Twilio error messages quote the number)."""
    return _DIGIT_RUN.sub(lambda m: mask_number(m.group()), text)


class RedirectingHttpClient(TwilioHttpClient):
    """The SDK's requests-based client, sent to ``api_url`` and never retrying by itself."""

    def __init__(self, api_url: str, timeout: float, pool_size: int = 10) -> None:
        super().__init__(timeout=timeout, max_retries=0, logger=log)
        # One pooled connection per parallel sender, else requests discards connections.
        # The SDK mounts its adapter for https:// only; a local stand-in speaks http://.
        for scheme in ("https://", "http://"):
            self.session.mount(
                scheme, HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=pool_size)
            )
        base = urlsplit(api_url.rstrip("/"))
        self._base = None if api_url.rstrip("/") == DEFAULT_API_URL else base

    def rewrite(self, url: str) -> str:
        """Move ``url`` from Twilio's host onto the configured base URL."""
        if self._base is None:
            return url
        parts = urlsplit(url)
        path = self._base.path + parts.path
        return urlunsplit((self._base.scheme, self._base.netloc, path, parts.query, ""))

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Send one request to the rewritten URL."""
        return super().request(
            method,
            self.rewrite(url),
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )

    def log_request(self, kwargs: dict[str, Any]) -> None:
        """Log method and path only: the SDK's own logging prints query values (phones)."""
        log.debug("twilio request %s %s", kwargs["method"], urlsplit(kwargs["url"]).path)

    def log_response(self, status_code: int, response: Any) -> None:
        """Log the status code only."""
        log.debug("twilio response %s", status_code)


def _http_error(status: int, code: Any, detail: str) -> SendError:
    """Classify an HTTP error answer by its status."""
    # Without a Twilio code in the body the SDK repeats the HTTP status as the code.
    twilio_code = code if isinstance(code, int) and code != status else None
    return SendError(
        _redact(f"twilio HTTP {status} (code {twilio_code}): {detail}"),
        retryable=status == 429 or status >= 500,
        # A gateway timeout means Twilio's backend may still have created the message.
        ambiguous=status == 504,
        code=twilio_code,
        http_status=status,
    )


def _page_error(exc: TwilioException) -> SendError | None:
    """List calls raise a bare TwilioException("Unable to fetch page", response)."""
    response: Any = exc.args[1] if len(exc.args) > 1 else None
    status = getattr(response, "status_code", None)
    if not isinstance(status, int):
        return None
    try:
        payload = json.loads(response.text)
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        payload = {}
    detail = payload.get("message") or payload.get("title") or str(exc.args[0])
    return _http_error(status, payload.get("code"), detail)


def classify(exc: Exception) -> SendError:
    """Turn an SDK or network exception into a SendError for the dispatcher."""
    if isinstance(exc, TwilioRestException):
        return _http_error(int(exc.status), exc.code, str(exc.msg))
    if isinstance(exc, TwilioServiceException):
        return _http_error(int(exc.status), exc.code, f"{exc.title} {exc.detail or ''}")
    if isinstance(exc, TwilioException):
        error = _page_error(exc)
        return error or SendError(f"twilio client error: {exc.args[0]!s:.200}", retryable=False)
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return SendError(f"twilio unreachable: {type(exc).__name__}", retryable=True)
    if isinstance(exc, requests.ReadTimeout):
        return SendError("twilio read timeout", retryable=True, ambiguous=True)
    if isinstance(exc, requests.ConnectionError):
        reason = exc.args[0] if exc.args else None
        if isinstance(reason, MaxRetryError):
            reason = reason.reason
        # Refused, unresolvable or timed-out connects never carried the request.
        never_sent = isinstance(reason, NewConnectionError | ConnectTimeoutError)
        what = "unreachable" if never_sent else "connection lost"
        return SendError(
            f"twilio {what}: {type(reason).__name__}", retryable=True, ambiguous=not never_sent
        )
    if isinstance(exc, requests.exceptions.ChunkedEncodingError | json.JSONDecodeError):
        return SendError(
            f"twilio answer unreadable: {type(exc).__name__}", retryable=True, ambiguous=True
        )
    return SendError(f"twilio request failed: {type(exc).__name__}", retryable=False)


_HANDLED = (
    TwilioException,
    requests.RequestException,
    json.JSONDecodeError,
)


def _utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC; the SDK formats them with a 'Z' unconverted."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _remote(message: Any) -> RemoteMessage:
    """Copy the SDK's MessageInstance into our own type."""
    created = message.date_created if isinstance(message.date_created, datetime) else None
    return RemoteMessage(
        sid=str(message.sid),
        to=str(message.to or ""),
        body=str(message.body or ""),
        status=str(message.status or ""),
        date_created=created,
        error_code=message.error_code if isinstance(message.error_code, int) else None,
    )


class TwilioGateway:
    """Sends texts through Twilio's Messages API with the official SDK."""

    name = "twilio"

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None,
        messaging_service_sid: str | None,
        api_url: str = DEFAULT_API_URL,
        status_callback_base: str | None,
        timeout: float = 10.0,
        pool_size: int = 10,
    ) -> None:
        if not account_sid or not auth_token:
            raise ValueError("Twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not from_number and not messaging_service_sid:
            raise ValueError("Twilio needs TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.messaging_service_sid = messaging_service_sid or None
        self.from_number = None if self.messaging_service_sid else from_number
        self.status_callback_base = (status_callback_base or "").rstrip("/") or None
        self.http_client = RedirectingHttpClient(api_url, timeout, max(pool_size, 1))
        self.client = Client(account_sid, auth_token, http_client=self.http_client)

    def status_callback_url(self, message_id: int) -> str | None:
        """The StatusCallback URL for one outbox row, or None without a public base URL."""
        if self.status_callback_base is None:
            return None
        return f"{self.status_callback_base}/twilio/status?mid={message_id}"

    def send(self, text: OutboundText) -> SendResult:
        """Create the message at Twilio; raise a classified SendError on failure."""
        kwargs: dict[str, Any] = {"to": text.to, "body": text.body}
        if self.messaging_service_sid:
            kwargs["messaging_service_sid"] = self.messaging_service_sid
        else:
            kwargs["from_"] = self.from_number
        callback = self.status_callback_url(text.message_id)
        if callback:
            kwargs["status_callback"] = callback
        if text.media_urls:
            kwargs["media_url"] = list(text.media_urls)
        try:
            message = self.client.messages.create(**kwargs)
        except _HANDLED as exc:
            error = classify(exc)
            log.warning(
                "twilio send of message %s to %s failed: %s (retryable=%s ambiguous=%s)",
                text.message_id,
                mask_number(text.to or ""),
                error,
                error.retryable,
                error.ambiguous,
            )
            raise error from exc
        result = SendResult(sid=str(message.sid), status=str(message.status))
        log.info(
            "twilio accepted message %s to %s as %s (%s)",
            text.message_id,
            mask_number(text.to),
            result.sid,
            result.status,
        )
        return result

    def find_sent(self, to: str, body: str, since: datetime) -> RemoteMessage | None:
        """Newest outbound message to ``to`` with exactly ``body`` created since ``since``.

        Raises SendError when Twilio cannot be asked: "could not look" is not "not sent".
        """
        # Twilio's dates have whole seconds, so a message created in the same second counts.
        floor = _utc(since).replace(microsecond=0)
        try:
            found = self._newest(
                self.client.messages.list(to=to, date_sent_after=floor, limit=_LIST_LIMIT),
                to,
                body,
                floor,
            )
            if found is None:
                # DateSent stays empty while a message is queued, so the filter hides it.
                found = self._newest(
                    self.client.messages.list(to=to, limit=_LIST_LIMIT), to, body, floor
                )
        except _HANDLED as exc:
            raise classify(exc) from exc
        log.info(
            "twilio lookup for %s since %s: %s",
            mask_number(to),
            floor.isoformat(),
            found.sid if found else "none",
        )
        return found

    def fetch_status(self, sid: str) -> RemoteMessage:
        """Fetch one message by SID; raise SendError when it cannot be fetched."""
        try:
            return _remote(self.client.messages(sid).fetch())
        except _HANDLED as exc:
            raise classify(exc) from exc

    @staticmethod
    def _newest(
        messages: Iterable[Any], to: str, body: str, floor: datetime
    ) -> RemoteMessage | None:
        """Pick the newest listed message that matches; the filters are re-checked here."""
        matches = []
        for message in messages:
            remote = _remote(message)
            direction = str(message.direction or "outbound")
            if not direction.startswith("outbound") or remote.to != to or remote.body != body:
                continue
            if remote.date_created is not None and remote.date_created >= floor:
                matches.append(remote)
        if not matches:
            return None
        return max(matches, key=lambda m: m.date_created or floor)
