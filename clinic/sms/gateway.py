"""The one small interface every SMS backend implements."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class OutboundText:
    """A text ready to hand to a backend: the outbox row id travels with it."""

    message_id: int
    to: str
    body: str
    media_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class SendResult:
    """What the backend accepted: its message id (Twilio SID) and raw status."""

    sid: str
    status: str


@dataclass(frozen=True)
class RemoteMessage:
    """A message as the provider knows it, for reconciling unknown sends."""

    sid: str
    to: str
    body: str
    status: str
    date_created: datetime | None
    error_code: int | None = None


class SendError(Exception):
    """A send that did not succeed, classified for the dispatcher.

    ``retryable``: worth trying again later (429, 5xx, network trouble).
    ``ambiguous``: the provider may have accepted the message anyway (a read
    timeout or a dropped connection after the request went out), so the text
    must be reconciled before any resend.
    ``code``: the provider's error code (e.g. Twilio 21211), if any.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        ambiguous: bool = False,
        code: int | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.ambiguous = ambiguous
        self.code = code
        self.http_status = http_status


def mask_number(number: str) -> str:
    """Hide all but the last four digits of a phone number, for logs."""
    digits = [c for c in number if c.isdigit()]
    return "*" * max(len(digits) - 4, 0) + "".join(digits[-4:])


class SmsGateway(Protocol):
    """Send texts and look them up again."""

    name: str

    def send(self, text: OutboundText) -> SendResult:
        """Hand one text to the provider; raise SendError when it fails."""
        ...

    def find_sent(self, to: str, body: str, since: datetime) -> RemoteMessage | None:
        """Return a message already sent to ``to`` with ``body`` since ``since``."""
        ...
