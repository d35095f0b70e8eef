"""Citizen ID numbers (GB 11643) and text as the roster stores it (masking: ``unionhome.masking``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# GB 11643-1999: weights and check characters of the 18-character citizen ID number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumberError(ValueError):
    """An ID number that is not a valid GB 11643 number; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalise_text(value: str | None) -> str:
    """Text as typed (full-width punctuation such as （），： kept), without NUL bytes, the
    ideographic space U+3000 as a plain space, trimmed. Names, addresses and free text are stored this way; control and
    invisible characters are dropped before (``unionhome.forms.clean_text``).
    """
    if value is None:
        return ""
    return str(value).replace("\x00", "").replace("\u3000", " ").strip()


def normalise_code(value: str | None) -> str:
    """A number or code typed in any width: NFKC-folded (full-width digits and letters become ASCII).

    Only for ID numbers, card numbers, phone numbers, unit codes and labels matched against a fixed
    list, never for names or free text.
    """
    value = normalise_text(value)
    if not value.isascii():  # ASCII is already NFKC-normal: skip the fold on the common path
        value = unicodedata.normalize("NFKC", value)
    return value.strip()


def normalise_id_number(value: str | None) -> str:
    return normalise_code(value).replace(" ", "").upper()


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def validate_id_number(value: str) -> str:
    """Return the normalised ID number or raise IdNumberError (shape, birth date, checksum)."""
    number = normalise_id_number(value)
    if not _ID_SHAPE.match(number):
        raise IdNumberError("shape")
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise IdNumberError("birth_date") from exc
    if int(number[6:10]) < 1900:
        raise IdNumberError("birth_date")
    if id_check_character(number[:17]) != number[17]:
        raise IdNumberError("checksum")
    return number


def id_birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_gender(number: str) -> str:
    """'M' or 'F': the 17th character (sequence code) is odd for men and even for women."""
    return "M" if int(number[16]) % 2 == 1 else "F"
