"""Rules of democratic management (docs/DOMAIN.md §2): pure functions, thresholds passed in.

Sources: 篇三 (4.1.3.1 lower-level cadence, 4.1.3.5 disclosure survey, 4.1.3.6 training),
篇二 (§三.4 contract fulfilment ≥ 90 %, §四.2 satisfaction ≥ 95 % for a model small home),
篇五 (内容5 participation ≥ 75 %), and the national enterprise democratic-management rules
(quorum of two thirds, majority of all representatives, managers ≤ 20 % of representatives).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

QUORUM = Fraction(2, 3)  # ≥ 2/3 of all representatives present to open a session
PASS_SHARE = Fraction(1, 2)  # more than half of ALL representatives vote for
MANAGER_SHARE_MAX = Decimal("0.20")  # middle and senior managers ≤ 20 % of representatives
WOMEN_SHARE_TOLERANCE = Decimal("0.05")  # women's share among representatives vs among workers
KNOWLEDGE_TARGET = Decimal("0.90")  # 篇三 4.1.3.5
SATISFACTION_TARGET = Decimal("0.85")  # 篇三 4.1.3.5
SATISFACTION_TARGET_MODEL_SMALL_HOME = Decimal("0.95")  # 篇二 §四.2
FULFILMENT_TARGET = Decimal("0.90")  # 篇二 §三.4
PARTICIPATION_TARGET = Decimal("0.75")  # 篇五 内容5
COSIGNERS_MIN = 2
CONTRACT_EXPIRY_WARNING_DAYS = 90


def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a Decimal, or None when there is nothing to divide by (no data)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)


# --- congress ------------------------------------------------------------------------------


def has_quorum(present: int, total: int, quorum: Fraction = QUORUM) -> bool:
    """A session may open only with at least ``quorum`` of ALL representatives present."""
    return total > 0 and Fraction(present, total) >= quorum


def quorum_needed(total: int, quorum: Fraction = QUORUM) -> int:
    """The smallest number present that makes the quorum."""
    needed = quorum * total
    return int(needed) if needed.denominator == 1 else int(needed) + 1


def resolution_passes(votes_for: int, total_representatives: int, share: Fraction = PASS_SHARE) -> bool:
    """Passed when MORE than ``share`` of ALL representatives (not of those present) vote for."""
    return total_representatives > 0 and Fraction(votes_for, total_representatives) > share


def count_is_consistent(votes_for: int, against: int, abstain: int, present: int) -> bool:
    """The tellers' count cannot exceed the representatives present."""
    return min(votes_for, against, abstain) >= 0 and votes_for + against + abstain <= present


@dataclass(frozen=True)
class Composition:
    representatives: int
    managers: int
    women: int
    workers: int
    women_workers: int

    @property
    def manager_share(self) -> Decimal | None:
        return rate(self.managers, self.representatives)

    @property
    def women_share(self) -> Decimal | None:
        return rate(self.women, self.representatives)

    @property
    def women_workers_share(self) -> Decimal | None:
        return rate(self.women_workers, self.workers)


def composition_warnings(
    c: Composition,
    *,
    manager_max: Decimal = MANAGER_SHARE_MAX,
    women_tolerance: Decimal = WOMEN_SHARE_TOLERANCE,
) -> list[str]:
    """Codes of composition warnings (not errors): "managers" above the cap, "women" under-represented."""
    warnings = []
    if c.manager_share is not None and c.manager_share > manager_max:
        warnings.append("managers")
    if (
        c.women_share is not None
        and c.women_workers_share is not None
        and c.women_share < c.women_workers_share - women_tolerance
    ):
        warnings.append("women")
    return warnings


# --- proposals -----------------------------------------------------------------------------

SUBMITTED, ACCEPTED, CONVERTED, ASSIGNED, ANSWERED = (
    "submitted",
    "accepted",
    "converted",
    "assigned",
    "answered",
)
SATISFIED, NOT_SATISFIED, REOPENED, WITHDRAWN = "satisfied", "not_satisfied", "reopened", "withdrawn"
# The proposal workflow's table is declared in democracy/workflows.py (unionhome.workflow).
ACCEPTED_STATES = frozenset({ACCEPTED, ASSIGNED, ANSWERED, SATISFIED, NOT_SATISFIED, REOPENED})
ANSWERED_STATES = frozenset({ANSWERED, SATISFIED, NOT_SATISFIED})
OPEN_WORK_STATES = frozenset({ASSIGNED, REOPENED})


def is_overdue(state: str, due_date: dt.date | None, today: dt.date) -> bool:
    return state in OPEN_WORK_STATES and due_date is not None and due_date < today


def enough_cosigners(count: int, minimum: int = COSIGNERS_MIN) -> bool:
    return count >= minimum


# --- lower-level cadence -------------------------------------------------------------------

QUARTERLY, HALF_YEARLY, YEARLY = 3, 6, 12


def period_of(day: dt.date, months: int) -> str:
    """Label of the period holding a day: 2026Q1, 2026H2 or 2026."""
    index = (day.month - 1) // months + 1
    if months == QUARTERLY:
        return f"{day.year}Q{index}"
    if months == HALF_YEARLY:
        return f"{day.year}H{index}"
    return str(day.year)


def ended_periods(year: int, months: int, today: dt.date) -> list[str]:
    """The periods of ``year`` that have fully ended by ``today``."""
    labels = []
    for start_month in range(1, 13, months):
        end_month = start_month + months - 1
        last_day = (
            dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
            if end_month < 12
            else dt.date(year, 12, 31)
        )
        if last_day < today:
            labels.append(period_of(dt.date(year, start_month, 1), months))
    return labels


def missed_periods(meeting_dates: list[dt.date], *, year: int, months: int, today: dt.date) -> list[str]:
    """Ended periods of the year with no meeting (篇三 4.1.3.1: quarterly / half-yearly)."""
    held = {period_of(d, months) for d in meeting_dates if d.year == year}
    return [p for p in ended_periods(year, months, today) if p not in held]


# --- disclosure survey, contract, participation --------------------------------------------


def meets(value: Decimal | None, target: Decimal) -> bool | None:
    """None without data; otherwise whether the value reaches the target."""
    return None if value is None else value >= target


def satisfaction_target(*, model_small_home: bool = False) -> Decimal:
    return SATISFACTION_TARGET_MODEL_SMALL_HOME if model_small_home else SATISFACTION_TARGET


def fulfilment_rate(fulfilled: int, partly: int, checked: int) -> Decimal | None:
    """Share of clauses fulfilled; a partly fulfilled clause counts as half."""
    if not checked:
        return None
    return (Decimal(fulfilled) + Decimal(partly) / 2) / Decimal(checked)


def contract_expiring(ends_on: dt.date, today: dt.date, days: int = CONTRACT_EXPIRY_WARNING_DAYS) -> bool:
    """Flag a contract still in force that ends within ``days``."""
    return today <= ends_on <= today + dt.timedelta(days=days)


def contract_in_force(starts_on: dt.date, ends_on: dt.date, day: dt.date) -> bool:
    return starts_on <= day <= ends_on


# Plausibility of what the forms record (docs/DOMAIN.md): a meeting, a disclosure, a petition or a
# mediation case is entered after it happened; a day of margin covers an entry made late at night
# in another time zone. Proposals' text is capped so one entry cannot flood the lists.
RECORDED_DATE_MARGIN_DAYS = 1
PROPOSAL_CONTENT_MAX = 5000


def recorded_date_problem(
    day: dt.date | None, today: dt.date, margin_days: int = RECORDED_DATE_MARGIN_DAYS
) -> str | None:
    """'future' for a date of something that already happened but lies after today (plus the margin)."""
    if day is not None and day > today + dt.timedelta(days=margin_days):
        return "future"
    return None
