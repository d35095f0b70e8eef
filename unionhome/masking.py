"""Masked personal numbers: the one rule for ID numbers and phones on screen, in exports and in the
audit trail (docs/PERMISSIONS.md, "Full ID numbers"). Plain strings in and out.
"""

from __future__ import annotations

import re

# An 18-character citizen ID number (GB 11643) or a mainland mobile number inside any text.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


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


def mask_numbers_in(text: str) -> str:
    """The text with every ID number and mobile number in it masked."""
    if not text:
        return text
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    return PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
