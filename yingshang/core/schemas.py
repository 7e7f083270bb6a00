"""Schema helpers shared by every app's API: turn DomainErrors raised while parsing into pydantic errors whose
type is the error code and whose message is the Chinese text (the API answers 422 with both)."""

from pydantic_core import PydanticCustomError

from yingshang.core.errors import DomainError
from yingshang.core.money import yuan_to_fen


def check_yuan(value: str | None) -> str | None:
    """Validator for *_yuan fields: at most two decimals, not negative, not absurd. Returns the value."""
    if value in (None, ""):
        return value
    try:
        yuan_to_fen(value)
    except DomainError as exc:
        raise PydanticCustomError(exc.code, exc.message)
    return value


def yuan_or_zero_fen(value: str | None) -> int:
    return yuan_to_fen(value) if value not in (None, "") else 0
