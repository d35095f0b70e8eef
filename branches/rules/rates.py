"""Rates of a unit: enrolment and card issuance, their targets, the women workers' body, roll-ups."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_RATE_PLACES = Decimal("0.0001")


def ratio(part: int, whole: int) -> Decimal | None:
    """part / whole as a Decimal with four places, or None when there is nothing to divide (no data)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)


def enrolment_rate(members: int, workers: int) -> Decimal | None:
    """入会率 = members / active workers on the roster (docs/DOMAIN.md §1)."""
    return ratio(members, workers)


def card_issuance_rate(cards: int, members: int) -> Decimal | None:
    """发证率 = members holding a card / members (docs/DOMAIN.md §1)."""
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
    """Which women workers' body a unit needs (docs/DOMAIN.md §1.4; 篇三 4.1.2.4)."""

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
