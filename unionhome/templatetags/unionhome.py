from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionhome import answer_once
from unionhome.documents import pdf

register = template.Library()


@register.filter
def pct(rate: Decimal | None, places: int = 2) -> str:
    """0.9512 → '95.12%'; None → 'no data' (never a silent zero)."""
    if rate is None or rate == "":
        return _("no data")
    return f"{Decimal(rate) * 100:.{int(places)}f}%"


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
