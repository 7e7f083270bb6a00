"""Coded errors. A DomainError carries a stable English code, a Chinese message for the user and a
detail dict; the one API handler (config/api.py) maps it to a 4xx JSON body and pages show it as a
form error."""

from enum import StrEnum
from typing import Any


class DomainError(Exception):
    """A refusal by a rule or service. ``status`` is the HTTP status the API answers with."""

    def __init__(self, code: str, message: str, detail: dict[str, Any] | None = None, *, status: int = 400):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.detail = detail or {}
        self.status = status

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DomainError({self.code!r}, {self.message!r})"


class NotFound(DomainError):
    """Absent or not yours: the same answer for both, so existence does not leak."""

    def __init__(self, code: str = "NOT_FOUND", message: str = "未找到该记录，或您无权查看", detail=None):
        super().__init__(code, message, detail, status=404)


class PermissionDenied(DomainError):
    def __init__(self, code: str = "PERMISSION_DENIED", message: str = "您无权执行此操作", detail=None):
        super().__init__(code, message, detail, status=403)


class CoreError(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    MALFORMED_JSON = "MALFORMED_JSON"
    AUTH_REQUIRED = "AUTH_REQUIRED"
    AMOUNT_INVALID = "AMOUNT_INVALID"
    AMOUNT_NEGATIVE = "AMOUNT_NEGATIVE"
    AMOUNT_TOO_PRECISE = "AMOUNT_TOO_PRECISE"
    AMOUNT_TOO_LARGE = "AMOUNT_TOO_LARGE"
    DATE_INVALID = "DATE_INVALID"
