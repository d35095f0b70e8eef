"""Pure rules of hardship relief (篇四; docs/DOMAIN.md §3): eligibility, household size, the notice.

Plain data in, plain data out; no Django, no ORM. The line L and the thresholds are passed in or
named here as constants with the wording of 篇四.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# 篇四 类别(一): "家庭人均收入低于…最低生活保障线150%以内" — strictly below 1.5 L.
CATEGORY_1_FACTOR = Decimal("1.5")
# 篇四 类别(二): "…200%以内(含)" — at most 2 L, with a special cause.
CATEGORY_2_FACTOR = Decimal("2")
# 篇四 类别(三): "…3倍以内(含)" — at most 3 L, with a major illness or accident.
CATEGORY_3_FACTOR = Decimal("3")
# 篇四 类别(四): "自负医药费或家庭因灾害造成财产损失金额达2万元以上" — 20,000 yuan or more.
CATEGORY_4_MIN_COST = Decimal("20000")

_CENTS = Decimal("0.01")


def limits(line: Decimal) -> dict[int, Decimal]:
    """The category limits derived from the line L: {1: 1.5 L, 2: 2 L, 3: 3 L} (篇四: 1170, 1560, 2340)."""
    return {
        1: (line * CATEGORY_1_FACTOR).quantize(_CENTS, rounding=ROUND_HALF_UP),
        2: (line * CATEGORY_2_FACTOR).quantize(_CENTS, rounding=ROUND_HALF_UP),
        3: (line * CATEGORY_3_FACTOR).quantize(_CENTS, rounding=ROUND_HALF_UP),
    }


def per_capita_income(total_monthly_income: Decimal, household_size: int) -> Decimal:
    """The household's monthly income per person (after government aid), to the cent.

    Rounded half up to the cent; the comparison with the limits uses this rounded figure, as an
    officer would on paper.
    """
    if household_size < 1:
        raise ValueError("household_size must be at least 1")
    if total_monthly_income < 0:
        raise ValueError("income cannot be negative")
    return (Decimal(total_monthly_income) / Decimal(household_size)).quantize(_CENTS, rounding=ROUND_HALF_UP)


def categories_met(
    *,
    per_capita_income: Decimal,
    line: Decimal,
    special_cause: bool,
    major_illness_or_accident: bool,
    self_paid_or_loss_this_year: Decimal,
) -> set[int]:
    """The categories 1–4 of 篇四 that a family meets.

    1: p < 1.5 L (strictly: 篇四 has no 含);
    2: p ≤ 2 L and a special cause (child in school, disability, single parent, other);
    3: a major illness or accident and p ≤ 3 L;
    4: this year's self-paid medical costs or property loss ≥ 20,000 because of a major illness
       or accident (以上 includes the number).
    """
    p = per_capita_income
    met: set[int] = set()
    if p < line * CATEGORY_1_FACTOR:
        met.add(1)
    if special_cause and p <= line * CATEGORY_2_FACTOR:
        met.add(2)
    if major_illness_or_accident and p <= line * CATEGORY_3_FACTOR:
        met.add(3)
    if major_illness_or_accident and self_paid_or_loss_this_year >= CATEGORY_4_MIN_COST:
        met.add(4)
    return met


def supported_category(met: set[int]) -> int | None:
    """The category an application is filed under: the first (most basic) one the family meets."""
    return min(met) if met else None


# --- household size ---------------------------------------------------------------------------

MARRIED = "married"
UNMARRIED = "unmarried"
SINGLE_PARENT = "single_parent"


@dataclass(frozen=True)
class Member:
    relation: str  # self, spouse, child, parent, sibling, other
    unmarried: bool = True


def household_size(marital_status: str, members: Iterable[Member]) -> int:
    """How many people the per-capita income is divided by (篇四, 家庭成员).

    Married: self, spouse and unmarried children. Unmarried: parents, self and the other
    unmarried members of the family. Single parents, couples without children and families with
    several children: the actual number of those people. The applicant always counts.
    """
    counted = _counted(marital_status, list(members))
    has_self = any(m.relation == "self" for m in counted)
    return len(counted) + (0 if has_self else 1)


# --- causes -----------------------------------------------------------------------------------

SPECIAL_CAUSES = frozenset({"child_in_school", "disability", "single_parent", "other"})
ILLNESS_CAUSES = frozenset({"major_illness", "accident"})


@dataclass(frozen=True)
class Assessment:
    per_capita: Decimal
    household_size: int
    met: frozenset[int]
    category: int | None


def assess(
    *,
    line: Decimal,
    marital_status: str,
    members: Iterable[tuple[Member, Decimal]],
    government_aid: Decimal,
    causes: Iterable[str],
    medical_self_paid: Decimal,
    property_loss: Decimal,
) -> Assessment:
    """Household size, per-capita income (members' incomes + government aid) and the categories."""
    members = list(members)
    size = household_size(marital_status, [m for m, _income in members])
    counted_ids = {id(m) for m in _counted(marital_status, [m for m, _income in members])}
    income = sum((inc for m, inc in members if id(m) in counted_ids), Decimal("0")) + government_aid
    p = per_capita_income(income, size)
    cause_set = set(causes)
    met = categories_met(
        per_capita_income=p,
        line=line,
        special_cause=bool(cause_set & SPECIAL_CAUSES) or marital_status == SINGLE_PARENT,
        major_illness_or_accident=bool(cause_set & ILLNESS_CAUSES),
        self_paid_or_loss_this_year=max(medical_self_paid, property_loss),
    )
    return Assessment(p, size, frozenset(met), supported_category(met))


def _counted(marital_status: str, members: list[Member]) -> list[Member]:
    if marital_status == UNMARRIED:
        return [
            m
            for m in members
            if m.relation in ("self", "parent") or (m.relation in ("sibling", "other") and m.unmarried)
        ]
    return [
        m
        for m in members
        if m.relation == "self"
        or (m.relation == "spouse" and marital_status == MARRIED)
        or (m.relation == "child" and m.unmarried)
    ]


# --- the workflow (its table: hardship/workflows.py) ---------------------------------------------

# Actions whose comment the worker must be given (a return or a rejection always has a reason).
REASON_REQUIRED = frozenset({"return", "reject", "uphold", "district_reject", "object", "dismiss"})

# Actions the applicant (or the clerk for a paper application) may take while editing.
EDITABLE_STATES = frozenset({"draft", "returned"})

FINAL_STATES = frozenset({"relief_delivered", "rejected", "district_rejected", "withdrawn"})


def notice_period(start: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """A notice of ``days`` days starting on ``start``: (first day, last day), both inclusive."""
    if days < 1:
        raise ValueError("a notice runs at least one day")
    return start, start + dt.timedelta(days=days - 1)


def notice_over(last_day: dt.date | None, today: dt.date) -> bool:
    """The notice has run its full period once its last day is past."""
    return last_day is not None and today > last_day


def objection_in_time(
    received_on: dt.date, notice_start: dt.date | None, notice_end: dt.date | None, today: dt.date
) -> bool:
    """An objection counts when it was received during the notice (first to last day, both
    included) and not in the future; it may be recorded after the last day, until the report."""
    if notice_start is None or notice_end is None:
        return False
    return notice_start <= received_on <= notice_end and received_on <= today


def report_allowed(now: dt.datetime, deadline: dt.datetime, late_reports_allowed: bool) -> bool:
    """Reports reach the district before the deadline (篇四 程序: 12月30日17:30前), or when reopened."""
    return now <= deadline or late_reports_allowed


# --- retention (PIPL 个人信息保护法 §19: kept no longer than the purpose needs) --------------------

DEFAULT_RETENTION_YEARS = 3


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    """The day ``years`` years before ``today`` (29 February falls back to 28 February)."""
    if years < 0:
        raise ValueError("a retention period cannot be negative")
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def purge_due(closed_on: dt.date | None, today: dt.date, years: int) -> bool:
    """A closed file is purged once it has been closed for MORE than ``years`` years."""
    return closed_on is not None and closed_on < retention_cutoff(today, years)


# Plausibility of what the forms record.
CAMPAIGN_FIRST_YEAR = 2000  # no drive before the system's records begin; never year 0


def campaign_year_problem(year: int, this_year: int) -> str | None:
    """'range' for a campaign year outside 2000 … next year."""
    return None if CAMPAIGN_FIRST_YEAR <= year <= this_year + 1 else "range"


def self_count_problem(relations: Iterable[str], self_relation: str = "self") -> str | None:
    """'no_self' or 'several_self': a household lists its applicant (本人) exactly once."""
    count = sum(1 for r in relations if r == self_relation)
    if count == 0:
        return "no_self"
    return "several_self" if count > 1 else None
