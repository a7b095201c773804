"""Service-layer errors; the API and the web UI turn each into its HTTP status and one message."""

from __future__ import annotations

from typing import Any

from interlang.errors import InterlangError


class WorkbenchError(InterlangError):
    """An error with the HTTP status a client should see and an optional structured detail."""

    status = 400

    def __init__(self, message: str, *, detail: Any = None) -> None:
        self.message = message
        self.detail = detail
        super().__init__(message)


class NotAuthenticated(WorkbenchError):
    status = 401


class Forbidden(WorkbenchError):
    status = 403


class NotFound(WorkbenchError):
    status = 404


class Conflict(WorkbenchError):
    """A stale version, an illegal state change or a duplicate: nothing was written."""

    status = 409


class TooLarge(WorkbenchError):
    status = 413


class Invalid(WorkbenchError):
    status = 422


class TooManyAttempts(WorkbenchError):
    """Too many failed logins: refused (even with the right password) for ``retry_after`` seconds."""

    status = 429

    def __init__(self, message: str, *, retry_after: int, detail: Any = None) -> None:
        super().__init__(message, detail=detail)
        self.retry_after = retry_after
