"""Domain errors; views turn them into form errors or HTTP answers."""

from typing import Any


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""


class InvalidInput(DomainError):
    """Fields that cannot be accepted, each with a message for the person typing."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Conflict(DomainError):
    """The request clashes with the current state (a double booking, say)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # The next free time, when a booking was refused: practitioner_id, starts_at.
        self.next_free: dict[str, Any] | None = None


class NotFound(DomainError):
    """No such record."""
