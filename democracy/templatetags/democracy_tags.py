from decimal import ROUND_DOWN, Decimal

from django import template

register = template.Library()


@register.filter
def pct(value) -> str:
    """A share (0–1) as a percentage with one decimal, rounded down so that a share just under a
    target never shows as reaching it: Decimal("0.8995") → "89.9%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{(Decimal(value) * 100).quantize(Decimal('0.1'), rounding=ROUND_DOWN)}%"
