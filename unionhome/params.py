"""Query parameters read strictly: a malformed value is a bad request (400), never a server error.

Views read numeric parameters (``?branch=``, ``?year=``…) through ``query_int`` instead of
``int(...)`` on the raw text (choices are checked by each app's ``_choice`` the same way). Absent
or empty gives the default; a value given twice, not a number or out of range raises
``django.core.exceptions.BadRequest``, which Django answers with 400.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest

# Ids and counts fit a signed 64-bit column.
INT_MAX = 2**63 - 1
INT_DIGITS_MAX = 19


def _raw(request, name: str) -> str | None:
    values = request.GET.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"{name} given twice")
    value = values[0].strip() if values else ""
    return value or None


def query_int(request, name: str, default: int | None = None, *, low: int = 0, high: int = INT_MAX):
    """``?<name>=`` as an integer between ``low`` and ``high`` (ASCII digits, an optional minus)."""
    value = _raw(request, name)
    if value is None:
        return default
    digits = value[1:] if value.startswith("-") else value
    if not (digits.isascii() and digits.isdigit() and len(digits) <= INT_DIGITS_MAX):
        raise BadRequest(f"{name} is not a number")
    number = int(value)
    if not low <= number <= high:
        raise BadRequest(f"{name} is out of range")
    return number
