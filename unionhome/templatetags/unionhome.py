"""The kernel's template tags and the one set of number filters for people (docs/DEVELOPING.md).

``money`` (1,206,000.00 元; 元/月, or no unit under a header that names it), ``score`` (one decimal), ``percent`` (a fraction as a percentage, one
decimal), ``day`` (YYYY-MM-DD) and ``count`` (thousands separators): each rounds half up, shows
``—`` for an empty value (``percent``: "no data") and a value that is not a number as it is.
Numeric table cells also carry the class ``num`` (right-aligned, static/css/app.css).
"""

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionhome import answer_once
from unionhome.documents import pdf

register = template.Library()


@register.filter
def pct(rate: Decimal | None, places: int = 2) -> str:
    """A rate shown beside its target: 0.9512 → '95.12%'; None → 'no data' (never a silent zero).

    Cut, not rounded, at ``places``: a rate below a target never reads as reaching it (94.995 %
    shows as 94.99 %, as the exact comparison of the veto finds it). Plain rates use ``percent``.
    """
    if rate is None or rate == "":
        return _("no data")
    if isinstance(rate, Fraction):  # an exact rate (branches.facts.Fact)
        rate = Decimal(rate.numerator) / Decimal(rate.denominator)
    cut = (Decimal(rate) * 100).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_DOWN)
    return f"{cut}%"


EMPTY = "—"


def _decimal(value) -> Decimal | None:
    """A number as a Decimal (a float by its shortest text, a fraction divided out), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    try:
        number = Decimal(str(value)) if isinstance(value, float | int | str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _rounded(number: Decimal, places: int) -> Decimal:
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)  # never "-0.00"


@register.filter
def money(value, unit: str = "") -> str:
    """An amount in yuan: 1206000 → '1,206,000.00 元'; ``money:"month"`` → '900.00 元/月';
    ``money:"plain"`` → '1,206,000.00', for a column whose header already names the unit."""
    if value is None or value == "":
        return EMPTY
    number = _decimal(value)
    if number is None:
        return str(value)
    amount = f"{_rounded(number, 2):,.2f}"
    if unit == "plain":
        return amount
    if unit == "month":
        return _("%(amount)s yuan/month") % {"amount": amount}
    return _("%(amount)s yuan") % {"amount": amount}


@register.filter
def score(value) -> str:
    """A score to one decimal: 94.7000000000000 → '94.7'."""
    if value is None or value == "":
        return EMPTY
    number = _decimal(value)
    return str(value) if number is None else f"{_rounded(number, 1):,.1f}"


@register.filter
def percent(value) -> str:
    """A fraction (0.9512, a Decimal or a Fraction) as a percentage to one decimal: '95.1%'."""
    if value is None or value == "":
        return _("no data")
    number = _decimal(value)
    return str(value) if number is None else f"{_rounded(number * 100, 1):.1f}%"


@register.filter
def day(value) -> str:
    """A date, or a moment in the local time zone, as YYYY-MM-DD (the one date format of the site)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@register.filter
def count(value) -> str:
    """A whole number with thousands separators: 100000 → '100,000'."""
    if value is None or value == "":
        return EMPTY
    number = _decimal(value)
    return str(value) if number is None else f"{_rounded(number, 0):,.0f}"


@register.inclusion_tag("unionhome/_rate.html")
def rate_cell(rate, ok):
    return {"rate": rate, "ok": ok}


@register.simple_tag
def min_answers() -> int:
    """The fewest answers behind a figure of a secret or anonymous answer (``answer_once``)."""
    return answer_once.minimum_answers()


@register.simple_tag
def pdf_fonts() -> str:
    """The font stack of every PDF (``unionhome.documents.pdf.FONT_FAMILY``) for a document's own CSS."""
    return mark_safe(pdf.FONT_FAMILY)  # a constant of the code, never user input
