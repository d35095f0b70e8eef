"""Pure rules of the model-home assessment (stdlib only; plain values in, plain values out).

Sources: 篇一 (cadence: branches self-check each quarter, the union evaluates half-yearly and
yearly), 篇二 (§三 advanced home, §四 model small home, §五.4 the six veto conditions, §六.1
yearly check and acceptance, §六.4 百分制), 篇三 (disclosure knowledge ≥ 90 %, satisfaction ≥ 85 %),
篇五 (会员评家, participation ≥ 75 %).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

TOTAL_POINTS = Decimal(100)  # 百分制 (篇二 §六.4)
REVIEW_DUE_DAYS = 30  # a self-scored assessment waiting longer than this is overdue for review


# --- standards -------------------------------------------------------------------------------


def points_sum(points: Iterable[Decimal]) -> Decimal:
    return sum((Decimal(p) for p in points), Decimal(0))


def points_error(points: Iterable[Decimal]) -> Decimal | None:
    """None when the items' points sum to exactly 100; otherwise the sum found (篇二 §六.4)."""
    total = points_sum(points)
    return None if total == TOTAL_POINTS else total


SCORE_PLACES = 1  # scores are kept to one decimal place, as points are
_SCORE_TEXT = re.compile(r"[0-9]{1,4}(?:\.[0-9]+)?")


def parse_score(text: str | None) -> Decimal | None:
    """A score typed on the page: empty → None; a plain decimal number (``58``, ``7.5``) → Decimal.

    Anything else (``NaN``, ``inf``, ``1e400``, ``-3``, ``5,5``, words) raises ValueError: never a
    special value, never an exponent. Whether it suits the item says ``score_error``.
    """
    text = (text or "").strip()
    if not text:
        return None
    if not _SCORE_TEXT.fullmatch(text):
        raise ValueError(text)
    return Decimal(text)


SCORE_STEP = Decimal("0.5")  # an item's default step: whole and half points


def score_error(
    score: Decimal | None, points: Decimal, *, checklist: bool, step: Decimal = SCORE_STEP
) -> str | None:
    """Why a score is not acceptable for an item worth ``points`` (None: acceptable).

    A score is a finite multiple of the item's ``step`` from 0 to ``points``. A checklist item (the
    management requirements of 篇三) is met in full or not at all.
    """
    if score is None:
        return None
    if not score.is_finite():
        return "not_a_number"
    if score.normalize().as_tuple().exponent < -SCORE_PLACES:
        return "step"
    if score < 0:
        return "negative"
    if score > points:
        return "above_points"
    if step and score % Decimal(step):
        return "step"
    if checklist and score not in (Decimal(0), Decimal(points)):
        return "checklist_all_or_nothing"
    return None


# --- indicators and vetoes -------------------------------------------------------------------


class Compare(enum.StrEnum):
    AT_LEAST = "at_least"  # value ≥ threshold
    BELOW = "below"  # value < threshold
    AT_MOST = "at_most"  # value ≤ threshold
    TRUE = "true"  # value must be true
    FALSE = "false"  # value must be false


class Unit(enum.StrEnum):
    RATE = "rate"  # a ratio 0..1 shown as a percentage
    FLAG = "flag"  # yes / no
    COUNT = "count"


@dataclass(frozen=True)
class Indicator:
    key: str
    compare: Compare
    threshold: Decimal | int | bool
    unit: Unit
    cite: str


def _rate(key, compare, threshold, cite):
    return Indicator(key, compare, Decimal(threshold), Unit.RATE, cite)


def _flag(key, must, cite):
    return Indicator(key, Compare.TRUE if must else Compare.FALSE, must, Unit.FLAG, cite)


ENROLMENT_TARGET = Decimal("0.95")  # 篇二 §三.7 and §五.4(1)
SMALL_HOME_SHARE_LIMIT = Decimal("0.60")  # 篇二 §五.4(4): 60 % or more below the standard → veto
CONTRACT_FULFILMENT_TARGET = Decimal("0.90")  # 篇二 §三.4
DISCLOSURE_KNOWLEDGE_TARGET = Decimal("0.90")  # 篇三 4.1.3.5
DISCLOSURE_SATISFACTION_TARGET = Decimal("0.85")  # 篇三 4.1.3.5
MEMBERS_SATISFACTION_TARGET = Decimal("0.95")  # 篇二 §四.2 (职工满意率95%以上)
PARTICIPATION_TARGET = Decimal("0.75")  # 篇五 内容5, 创新职工之家
CARD_ISSUANCE_TARGET = Decimal("1.00")  # 篇一 (六).1
PROPOSALS_ANSWERED_TARGET = Decimal("1.00")  # 篇三 4.1.2.2 (事事有回音)

INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        _rate("enrolment_rate", Compare.AT_LEAST, ENROLMENT_TARGET, "篇二 §三.7, §五.4(1)"),
        _rate("card_issuance_rate", Compare.AT_LEAST, CARD_ISSUANCE_TARGET, "篇一 (六).1"),
        _flag("committees_complete", True, "篇二 §三.7"),
        _flag("committees_in_term", True, "篇二 §三.7, §四.1"),
        _flag("funds_remitted", True, "篇二 §三.10, §五.4(5)"),
        _flag("funds_withheld", False, "篇二 §五.4(5)"),
        _flag("leadership_group", True, "篇一 领导小组, 篇五 领导小组"),
        _flag("congress_held", True, "篇二 §五.4(2)"),
        _flag("disclosure_in_place", True, "篇二 §五.4(2)"),
        _flag("collective_contract_in_force", True, "篇二 §三.4, §五.4(3)"),
        _rate("contract_fulfilment_rate", Compare.AT_LEAST, CONTRACT_FULFILMENT_TARGET, "篇二 §三.4"),
        _rate("disclosure_knowledge_rate", Compare.AT_LEAST, DISCLOSURE_KNOWLEDGE_TARGET, "篇三 4.1.3.5"),
        _rate(
            "disclosure_satisfaction_rate", Compare.AT_LEAST, DISCLOSURE_SATISFACTION_TARGET, "篇三 4.1.3.5"
        ),
        _rate("proposals_answered_rate", Compare.AT_LEAST, PROPOSALS_ANSWERED_TARGET, "篇三 4.1.2.2"),
        Indicator("abnormal_petitions", Compare.AT_MOST, 0, Unit.COUNT, "篇二 §三.11, §五.4(6)"),
        _rate("participation_rate", Compare.AT_LEAST, PARTICIPATION_TARGET, "篇五 内容5"),
        _flag("hardship_files_kept", True, "篇一 (四).1"),
        _flag("hardship_files_reviewed", True, "篇一 (四).1"),
        _rate("branches_below_small_home_share", Compare.BELOW, SMALL_HOME_SHARE_LIMIT, "篇二 §五.4(4)"),
        _rate(
            "members_satisfaction_rate",
            Compare.AT_LEAST,
            MEMBERS_SATISFACTION_TARGET,
            "篇二 §四.2, 篇五 原则3",
        ),
    )
}


class Finding(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


def evaluate(indicator: Indicator, value) -> Finding:
    """Whether a live value meets its indicator; a missing value is NO_DATA, never a pass or a zero."""
    if value is None:
        return Finding.NO_DATA
    c = indicator.compare
    if c is Compare.TRUE:
        ok = bool(value) is True
    elif c is Compare.FALSE:
        ok = bool(value) is False
    elif c is Compare.AT_LEAST:
        ok = Decimal(value) >= Decimal(indicator.threshold)
    elif c is Compare.BELOW:
        ok = Decimal(value) < Decimal(indicator.threshold)
    else:
        ok = Decimal(value) <= Decimal(indicator.threshold)
    return Finding.MET if ok else Finding.NOT_MET


class VetoFinding(enum.StrEnum):
    CLEAR = "clear"
    VETOED = "vetoed"
    NO_DATA = "no_data"


def veto_finding(indicator: Indicator | None, value, confirmed: bool | None = None) -> VetoFinding:
    """A veto applies when its indicator is not met (篇二 §五.4).

    Live data decides when there is any; without it, a reviewer's recorded on-site finding
    (``confirmed``: True = the veto applies) decides; without either the veto stays NO_DATA.
    An unknown indicator key is NO_DATA too.
    """
    if indicator is not None and value is not None:
        return VetoFinding.VETOED if evaluate(indicator, value) is Finding.NOT_MET else VetoFinding.CLEAR
    if confirmed is None:
        return VetoFinding.NO_DATA
    return VetoFinding.VETOED if confirmed else VetoFinding.CLEAR


_SHARE_PLACES = Decimal("0.0001")


def share(part: int, whole: int) -> Decimal | None:
    """part / whole rounded DOWN to four places (so a share just under 60 % never reads as 60 %)."""
    if whole <= 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE_PLACES, rounding=ROUND_DOWN)


def branches_below_share(ratings: Iterable[bool | None], branch_count: int) -> Decimal | None:
    """Share of a unit's branches not meeting the model-small-home standard (篇二 §五.4(4)).

    ``ratings``: per branch with an accepted assessment, whether it met the standard. A branch
    without any accepted assessment counts as not meeting it (it has not shown that it does).
    None when the unit has no branches at all.
    """
    if branch_count <= 0:
        return None
    meeting = sum(1 for r in ratings if r is True)
    return share(branch_count - meeting, branch_count)


SATISFIED = frozenset({"very_satisfied", "satisfied", "basically"})


def satisfaction_rate(verdicts: Mapping[str, int]) -> Decimal | None:
    """会员评家 satisfaction: (very satisfied + satisfied + basically satisfied) / answers (篇五 原则3)."""
    total = sum(verdicts.values())
    return share(sum(n for v, n in verdicts.items() if v in SATISFIED), total)


# --- totals and rating -----------------------------------------------------------------------


class Rating(enum.StrEnum):
    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"
    UNDECIDED = "undecided"


def item_score(self_score: Decimal | None, reviewer_score: Decimal | None) -> Decimal | None:
    """The score that counts: the reviewer's once given, else the unit's own."""
    return reviewer_score if reviewer_score is not None else self_score


def total(scores: Iterable[Decimal | None]) -> Decimal:
    return sum((s for s in scores if s is not None), Decimal(0))


def rating(total_: Decimal, pass_mark: Decimal, vetoes: Iterable[VetoFinding]) -> Rating:
    """Any veto → does not meet; a veto without data → undecided; else the pass mark decides."""
    vetoes = list(vetoes)
    if VetoFinding.VETOED in vetoes:
        return Rating.DOES_NOT_MEET
    if VetoFinding.NO_DATA in vetoes:
        return Rating.UNDECIDED
    return Rating.MEETS if total_ >= pass_mark else Rating.DOES_NOT_MEET


# --- workflow --------------------------------------------------------------------------------


class Capacity(enum.StrEnum):
    """The part an actor plays for an assessment's unit."""

    SELF = "self"  # the unit's own officers
    REVIEWER = "reviewer"  # the level above
    ACCEPTOR = "acceptor"  # who accepts and awards the title


# The workflow's table lives in ``assessment/workflows.py`` (it needs Django); who plays which part
# is decided here (``RESPONSIBLE``) and asked through ``assessment/permissions.py``.

SELF_EDITABLE = frozenset({"draft", "returned"})  # the unit enters its own scores
REVIEW_EDITABLE = frozenset({"self_scored"})  # the reviewer enters scores


# Who plays which part, by the kind of the unit assessed (docs/PERMISSIONS.md, "Assessment"):
# (role, strictly_above): strictly_above means the appointment must be above the unit itself.
RESPONSIBLE: dict[str, dict[Capacity, tuple[tuple[str, bool], ...]]] = {
    "group": {
        Capacity.SELF: (("branch_officer", False),),
        Capacity.REVIEWER: (("branch_officer", True), ("union_officer", False)),
        Capacity.ACCEPTOR: (("union_officer", False),),
    },
    "branch": {
        Capacity.SELF: (("branch_officer", False),),
        Capacity.REVIEWER: (("union_officer", False),),
        Capacity.ACCEPTOR: (("union_officer", False),),
    },
    "enterprise": {
        Capacity.SELF: (("union_officer", False),),
        Capacity.REVIEWER: (("district_reviewer", False),),
        Capacity.ACCEPTOR: (("district_reviewer", False),),
    },
}

LEVEL_OF_KIND = {"enterprise": "home", "branch": "small_home", "group": "small_home"}


# --- periods and cadence ---------------------------------------------------------------------

PERIODS_PER_YEAR = {"quarterly": 4, "half_year": 2, "annual": 1, "district": 1}
PERIOD_KINDS_FOR = {
    "branch": ("quarterly", "half_year", "annual"),
    "group": ("quarterly", "half_year", "annual"),
    "enterprise": ("half_year", "annual", "district"),
}


def period_bounds(kind: str, year: int, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of the ``number``-th period of ``kind`` in ``year`` (篇一 考评)."""
    per_year = PERIODS_PER_YEAR[kind]
    if not 1 <= number <= per_year:
        raise ValueError(number)
    months = 12 // per_year
    start = dt.date(year, (number - 1) * months + 1, 1)
    end_month = number * months
    end = dt.date(year, 12, 31) if end_month == 12 else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
    return start, end


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def period_number(kind: str, day: dt.date) -> int:
    return (day.month - 1) // (12 // PERIODS_PER_YEAR[kind]) + 1


@dataclass(frozen=True)
class Due:
    kind: str
    year: int
    number: int
    start: dt.date
    end: dt.date


def next_due(unit_kind: str, today: dt.date, done: Iterable[tuple[str, int, int]]) -> Due | None:
    """The unit's next assessment by the cadence of 篇一 考评 and 篇二 §六.1 that has not been started yet.

    Branches and groups self-check every quarter (篇一 考评); an enterprise union's is the yearly
    check and acceptance (篇二 §六.1). ``done``: (kind, year, number) already started.
    """
    kind = {"branch": "quarterly", "group": "quarterly", "enterprise": "district"}.get(unit_kind)
    if kind is None:
        return None
    started = set(done)
    year, number = today.year, period_number(kind, today)
    for _step in range(PERIODS_PER_YEAR[kind] * 2 + 1):
        if (kind, year, number) not in started:
            start, end = period_bounds(kind, year, number)
            return Due(kind, year, number, start, end)
        number += 1
        if number > PERIODS_PER_YEAR[kind]:
            year, number = year + 1, 1
    return None


def review_overdue(submitted_on: dt.date, today: dt.date, days: int = REVIEW_DUE_DAYS) -> bool:
    """A self-scored assessment not reviewed within ``days`` is overdue."""
    return (today - submitted_on).days > days


# --- titles, re-check and commendation (篇二 §六, 篇五 原则4) -------------------------------------


def recheck_due(period_year: int) -> dt.date:
    """A title is re-checked at the next yearly check and acceptance (篇二 §六.1 "每年检查验收一次";
    篇五 原则4 "建家、评家、复查机制"): by the end of the year after the period it rests on."""
    return dt.date(period_year + 1, 12, 31)


def commendation_years(year: int) -> tuple[int, int]:
    """The two periods a commendation of ``year`` covers (篇二 §六.1 "每两年进行一次表彰")."""
    return (year - 1, year)


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` of ``whole`` in per cent to one place, rounded half up (1 of 6 → 16.7); None of 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def one_place(value: Decimal | None) -> Decimal | None:
    """A total for people: one decimal place, rounded half up (94.7, never 94.7000000000000)."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
