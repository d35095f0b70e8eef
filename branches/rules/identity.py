"""Citizen ID numbers (GB 11643), text as the roster stores it, and masked personal numbers."""

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
    """NFKC-fold full-width characters, drop NUL bytes and trim white space (incl. U+3000)."""
    if value is None:
        return ""
    value = str(value)
    if not value.isascii():  # ASCII is already NFKC-normal: skip the fold on the common path
        value = unicodedata.normalize("NFKC", value)
    return value.replace("\x00", "").strip()


def normalise_id_number(value: str | None) -> str:
    return normalise_text(value).replace(" ", "").upper()


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


def mask_id_number(number: str) -> str:
    """Keep the region's first four and the last four characters: 1101**********1234."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return phone
    return phone[:3] + "****" + phone[-4:]
