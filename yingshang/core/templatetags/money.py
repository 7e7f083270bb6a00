"""{% load money %} {{ amount_fen|yuan }} — integer fen shown as yuan: 276914 → "2,769.14"."""

from django import template

register = template.Library()


@register.filter
def yuan(fen) -> str:
    if fen in (None, ""):
        return "—"
    fen = int(fen)
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"
