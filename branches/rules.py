"""Pure rules of the organisation: ID numbers, rates, the women workers' committee rule.

Plain data in, plain data out; no ORM. Thresholds are passed in (settings.UNIONHOME), never
hard-coded where they are used.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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
    return unicodedata.normalize("NFKC", str(value)).replace("\x00", "").strip()


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


# --- rates -----------------------------------------------------------------------------------

_RATE_PLACES = Decimal("0.0001")


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole as a Decimal with four places, or None when there is nothing to divide (no data)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def enrolment_rate(members: int, workers: int) -> Decimal | None:
    """入会率 = members / active workers on the roster (DOMAIN.md §1)."""
    return ratio(members, workers)


def card_issuance_rate(cards: int, members: int) -> Decimal | None:
    """发证率 = members holding a card / members (DOMAIN.md §1)."""
    return ratio(cards, members)


def meets(rate: Decimal | None, target: Decimal) -> bool | None:
    """True/False against a target; None where the rate has no data."""
    if rate is None:
        return None
    return rate >= target


def exact_ratio_meets(part: int, whole: int, target: Decimal) -> bool | None:
    """Compare part/whole to a target without rounding (94.996 % is still below 95 %)."""
    if whole <= 0:
        return None
    return Decimal(part) >= target * Decimal(whole)


class WomenBody(enum.StrEnum):
    """Which women workers' body a unit needs (DOMAIN.md §1; seed 3)."""

    COMMITTEE = "committee"  # 女职工委员会
    GROUP = "group"  # 女工小组
    NONE = "none"


def women_body_required(women: int, *, committee_min: int = 50, group_min: int = 3) -> WomenBody:
    """≥ 50 women workers → a women workers' committee; 3–49 → a women workers' group."""
    if women >= committee_min:
        return WomenBody.COMMITTEE
    if women >= group_min:
        return WomenBody.GROUP
    return WomenBody.NONE


@dataclass(frozen=True)
class Counts:
    """Head counts of one node (own rows) or of a subtree (rolled up)."""

    workers: int = 0  # active workers
    members: int = 0
    cards: int = 0
    women: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.workers + other.workers,
            self.members + other.members,
            self.cards + other.cards,
            self.women + other.women,
        )


def roll_up(own: dict[str, Counts], paths: list[str]) -> dict[str, Counts]:
    """Sum the own counts of every path into each of its ancestors present in ``paths``.

    Materialised paths: a node's subtree is every path that starts with its own. Nodes whose
    parent is not in ``paths`` (the top of a user's scope) keep their own total.
    """
    totals: dict[str, Counts] = {p: own.get(p, Counts()) for p in paths}
    # Deepest first, so that a child's total is complete before it is added to its parent.
    for path in sorted(paths, key=len, reverse=True):
        parent = _nearest_ancestor(path, totals)
        if parent is not None:
            totals[parent] = totals[parent] + totals[path]
    return totals


def _nearest_ancestor(path: str, known: dict[str, Counts]) -> str | None:
    for cut in range(len(path) - 1, 0, -1):
        candidate = path[:cut]
        if candidate in known:
            return candidate
    return None


# --- the tree ------------------------------------------------------------------------------

# Which kinds of node may stand under which (DOMAIN.md §1): a workshop may have sub-branches.
CHILD_KINDS: dict[str, tuple[str, ...]] = {
    "district": ("enterprise",),
    "enterprise": ("branch", "group"),
    "branch": ("branch", "group"),
    "group": (),
}


def may_hold(parent_kind: str, child_kind: str) -> bool:
    return child_kind in CHILD_KINDS.get(parent_kind, ())
