from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    """Integer fen shown as yuan with thousands separators and two decimals: 276914 -> "2,769.14"."""
    if fen in (None, ""):
        return "—"
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"
