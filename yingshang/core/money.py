"""Money is integer fen inside; yuan strings with two decimals at the edges (API, pages, Excel).

Rounding is explicit: ROUND_HALF_UP, as the fee rules and the courts' published figures use.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from yingshang.core.errors import CoreError, DomainError

MAX_YUAN = Decimal("1000000000000")  # one trillion yuan: beyond any claim a county court hears


def yuan_to_fen(value: str | Decimal | int) -> int:
    """Parse a yuan amount ("123456.78") into integer fen. At most two decimals; never negative."""
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数", {"value": str(value)})
    if not amount.is_finite():
        raise DomainError(CoreError.AMOUNT_INVALID, "金额格式不正确，应为元，最多两位小数", {"value": str(value)})
    if amount.as_tuple().exponent < -2:
        raise DomainError(CoreError.AMOUNT_TOO_PRECISE, "金额最多保留两位小数", {"value": str(value)})
    if amount < 0:
        raise DomainError(CoreError.AMOUNT_NEGATIVE, "金额不能为负数", {"value": str(value)})
    if amount > MAX_YUAN:
        raise DomainError(CoreError.AMOUNT_TOO_LARGE, "金额超出允许范围", {"value": str(value)})
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> str:
    """Format integer fen as a yuan string with two decimals: 276914 -> "2769.14"."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


def round_fen(value: Decimal) -> int:
    """Round a Decimal amount of fen to whole fen, half up."""
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))
