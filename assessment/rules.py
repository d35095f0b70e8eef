"""Pure rules of the model-home assessment (stdlib only; plain values in, plain values out).

Sources: 篇一 (cadence: branches self-check each quarter, the union evaluates half-yearly and
yearly), 篇二 (§三 advanced home, §四 model small home, §五.4 the six veto conditions, §六.1
yearly check and acceptance, §六.4 百分制), 篇三 (disclosure knowledge ≥ 90 %, satisfaction ≥ 85 %),
篇五 (会员评家, participation ≥ 75 %).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

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
SCORE_STEPS = (Decimal("0.1"), Decimal("0.5"), Decimal(1))  # the steps an item may declare


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
WORKERS_SATISFACTION_TARGET = Decimal("0.95")  # 篇二 §四.2 (职工满意率95%以上)
LETTERS_ANSWERED_TARGET = Decimal("1.00")  # 篇三 4.1.2.2 (事事有回音，件件有着落)

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
        _rate("workers_satisfaction_rate", Compare.AT_LEAST, WORKERS_SATISFACTION_TARGET, "篇二 §四.2"),
        # the work ledgers' indicators, with the ledgers' own default targets (docs/DOMAIN.md §9)
        _rate("ledger_inspections_per_quarter", Compare.AT_LEAST, "1.00", "篇一 (一)5"),
        _rate("ledger_dangers_closed_in_time", Compare.AT_LEAST, "0.90", "篇一 (一)5, 篇五 内容4"),
        Indicator(
            "ledger_training_hours_per_representative",
            Compare.AT_LEAST,
            Decimal(8),
            Unit.COUNT,
            "篇三 4.1.3.6",
        ),  # fmt: skip
        _rate("ledger_pairings_visited", Compare.AT_LEAST, "1.00", "篇一 (四)3"),
        _rate("ledger_culture_participation", Compare.AT_LEAST, "0.60", "篇一 (五)2, 篇五 内容3"),
        _rate("ledger_letters_answered_in_time", Compare.AT_LEAST, LETTERS_ANSWERED_TARGET, "篇三 4.1.2.2"),
        _flag("ledger_independent_account", True, "篇五 内容1"),
    )
}


def with_target(indicator: Indicator, target) -> Indicator:
    """The indicator with a standard's own threshold in place of the general one (篇一 (六)1)."""
    if target is None or indicator.unit is Unit.FLAG:
        return indicator
    return dataclasses.replace(indicator, threshold=Decimal(str(target)))


def exact(value) -> Fraction:
    """A number as an exact fraction: thresholds are compared with it, never with a rounded copy."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):  # a float is never a rate here; refuse it rather than guess
        raise TypeError(value)
    return Fraction(Decimal(value) if isinstance(value, str) else value)


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
        ok = exact(value) >= exact(indicator.threshold)
    elif c is Compare.BELOW:
        ok = exact(value) < exact(indicator.threshold)
    else:
        ok = exact(value) <= exact(indicator.threshold)
    return Finding.MET if ok else Finding.NOT_MET


class VetoFinding(enum.StrEnum):
    CLEAR = "clear"
    VETOED = "vetoed"
    NO_DATA = "no_data"
    NOT_YET_DUE = "not_yet_due"


def due_state(due_on: dt.date | None, period_end: dt.date | None) -> Finding | None:
    """For a value not met only because its due day has not come (``Fact.due_on``): None when the
    period assessed ends before that day (not yet due: it counts neither way), else NO_DATA (it falls
    due inside the period and has not yet: undecided until it does). Without a due day: NOT_MET.

    A planned congress is not a congress held, and funds pending are not funds withheld (篇二 §五.4(2),
    (5)); neither is "not done" before its day.
    """
    if due_on is None:
        return Finding.NOT_MET
    if period_end is not None and due_on > period_end:
        return None
    return Finding.NO_DATA


def veto_finding(
    indicator: Indicator | None,
    value,
    confirmed: bool | None = None,
    *,
    due_on: dt.date | None = None,
    period_end: dt.date | None = None,
) -> VetoFinding:
    """A veto applies when its indicator is not met (篇二 §五.4), compared exactly.

    Live data decides when there is any; a value not met before its due day is not yet due (see
    ``due_state``). Without data, a reviewer's recorded on-site finding (``confirmed``: True = the
    veto applies) decides; without either the veto stays NO_DATA. An unknown indicator key is NO_DATA.
    """
    if indicator is not None and value is not None:
        if evaluate(indicator, value) is Finding.MET:
            return VetoFinding.CLEAR
        state = due_state(due_on, period_end)
        if state is None:
            return VetoFinding.NOT_YET_DUE
        if state is Finding.NOT_MET:
            return VetoFinding.VETOED
        value = None  # falls due inside the period and has not yet: as without data
    if confirmed is None:
        return VetoFinding.NO_DATA
    return VetoFinding.VETOED if confirmed else VetoFinding.CLEAR


def gate_finding(indicator: Indicator | None, value) -> Finding:
    """A gate (``Standard.gates``) holds when its indicator is met; no data leaves the rating undecided."""
    if indicator is None:
        return Finding.NO_DATA
    return evaluate(indicator, value)


# --- indicator-bound items --------------------------------------------------------------------

SCORING_MODES = ("threshold", "linear", "bands")


def _fraction(text) -> Fraction | None:
    try:
        number = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return Fraction(number) if number.is_finite() else None


def scoring_problems(scoring: Mapping, indicator: Indicator | None, known: Iterable[str]) -> list[str]:
    """What is wrong with an item's scoring rule (codes; empty: nothing)."""
    if not scoring:
        return []
    if indicator is None:
        return ["no_indicator"]
    mode = scoring.get("mode")
    if mode not in SCORING_MODES:
        return ["mode"]
    if any(k not in set(known) for k in scoring.get("also") or []):
        return ["also"]
    graded = indicator.unit is not Unit.FLAG and indicator.compare is Compare.AT_LEAST
    if mode == "linear":
        low, high = _fraction(scoring.get("zero_at")), _fraction(scoring.get("full_at"))
        if not graded or low is None or high is None or not low < high:
            return ["linear"]
    if mode == "bands":
        bands = scoring.get("bands") or []
        parsed = [(_fraction(b[0]), _fraction(b[1])) if len(b) == 2 else (None, None) for b in bands]
        if not graded or not bands or any(v is None or s is None or not 0 <= s <= 1 for v, s in parsed):
            return ["bands"]
        if [v for v, _s in parsed] != sorted((v for v, _s in parsed), reverse=True):
            return ["bands"]
    return []


def _floor_to_step(value: Fraction, step: Decimal) -> Decimal:
    """Down to the item's step: a suggestion never rounds up past what the data shows, and is a
    score the item accepts (``score_error``)."""
    steps = math.floor(value / Fraction(step))
    return (Decimal(steps) * Decimal(step)).quantize(Decimal(1).scaleb(-SCORE_PLACES))


def suggest(
    scoring: Mapping,
    points: Decimal,
    values: Sequence[tuple[Indicator, object]],
    step: Decimal = SCORE_STEP,
) -> Decimal | None:
    """The score an indicator-bound item suggests, from its indicators' live values.

    ``values``: (indicator, value) pairs, the item's own indicator first, then those of
    ``scoring["also"]``. ``threshold``: full points when every indicator is met, else 0. ``linear``:
    0 at ``zero_at`` or below, full at ``full_at`` or above, in proportion between (rounded down to
    the step). ``bands``: ``[[from, share], ...]`` from the highest; the first band reached gives
    that share of the points, none gives 0. Any value missing: None (no data, scored by hand).
    """
    if not scoring or not values or any(v is None for _i, v in values):
        return None
    points = Decimal(points)
    mode = scoring.get("mode")
    if mode == "threshold":
        met = all(evaluate(i, v) is Finding.MET for i, v in values)
        return points if met else Decimal(0)
    value = exact(values[0][1])
    if mode == "linear":
        low, high = _fraction(scoring["zero_at"]), _fraction(scoring["full_at"])
        share_ = min(max((value - low) / (high - low), Fraction(0)), Fraction(1))
        return points if share_ == 1 else _floor_to_step(share_ * exact(points), step)
    if mode == "bands":
        for bound, part in scoring["bands"]:
            if value >= _fraction(bound):
                return _floor_to_step(_fraction(part) * exact(points), step)
        return Decimal(0)
    return None


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


def rating(
    total_: Decimal, pass_mark: Decimal, vetoes: Iterable[VetoFinding], gates: Iterable[Finding] = ()
) -> Rating:
    """Any veto or a gate not met → does not meet; a veto or gate without data → undecided; else the
    pass mark decides. A veto not yet due counts neither way."""
    vetoes, gates = list(vetoes), list(gates)
    if VetoFinding.VETOED in vetoes or Finding.NOT_MET in gates:
        return Rating.DOES_NOT_MEET
    if VetoFinding.NO_DATA in vetoes or Finding.NO_DATA in gates:
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


EVALUATION_GRACE_DAYS = 31  # an enterprise's evaluation is still reminded this long after its period


def evaluations_due(today: dt.date, grace_days: int = EVALUATION_GRACE_DAYS) -> list[Due]:
    """The enterprise union's evaluations whose reminder is due on ``today`` (篇一 考评: "矿工会半年进行
    一次检查初评、全年进行一次总评"): the half-year initial evaluation and the yearly overall evaluation,
    each from the first day of its period's last month until ``grace_days`` after the period ends."""
    return _periods_due(("half_year", "annual"), today, grace_days)


def self_checks_due(today: dt.date, grace_days: int = EVALUATION_GRACE_DAYS) -> list[Due]:
    """The quarterly self-checks of branches and groups due on ``today`` (篇一 考评 "各单位分会要每季
    进行一次自检自查"), by the same window: from the first day of the quarter's last month until
    ``grace_days`` after it ends."""
    return _periods_due(("quarterly",), today, grace_days)


def _periods_due(kinds: tuple[str, ...], today: dt.date, grace_days: int) -> list[Due]:
    due = []
    for kind in kinds:
        year, number = today.year, period_number(kind, today)
        for _back in range(2):  # this period, and the one before (still within its grace)
            start, end = period_bounds(kind, year, number)
            if end.replace(day=1) <= today <= end + dt.timedelta(days=grace_days):
                due.append(Due(kind, year, number, start, end))
            number -= 1
            if number < 1:
                year, number = year - 1, PERIODS_PER_YEAR[kind]
    return due


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
