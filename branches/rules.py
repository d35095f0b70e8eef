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


# --- committees and terms ------------------------------------------------------------------

# Committee kinds (the values of ``Committee.Kind``), named here so the rules need no models.
UNION_COMMITTEE = "union"  # 工会委员会
FUNDS_REVIEW_COMMITTEE = "funds_review"  # 经费审查委员会
WOMEN_COMMITTEE = "women"  # 女职工委员会
WOMEN_GROUP = "women_group"  # 女工小组

# Which committee kinds satisfy a requirement: a women workers' committee is more than a group.
SATISFIED_BY: dict[str, tuple[str, ...]] = {
    UNION_COMMITTEE: (UNION_COMMITTEE,),
    FUNDS_REVIEW_COMMITTEE: (FUNDS_REVIEW_COMMITTEE,),
    WOMEN_COMMITTEE: (WOMEN_COMMITTEE,),
    WOMEN_GROUP: (WOMEN_GROUP, WOMEN_COMMITTEE),
}


def term_default_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` years starting on ``start`` (a 29 February start ends on
    28 February). Terms end and are re-elected on time, 按时换届 (seed 2, §四.7; seed 3, 4.1.1)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without one
        anniversary = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def periods_overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Do two periods share a day? Both ends are inclusive (a term's ``end`` is its last day)."""
    return a_start <= b_end and b_start <= a_end


def women_body_kind(body: WomenBody) -> str | None:
    return {WomenBody.COMMITTEE: WOMEN_COMMITTEE, WomenBody.GROUP: WOMEN_GROUP}.get(body)


def required_committees(
    unit_kind: str,
    women: int,
    *,
    required_by_kind: dict[str, tuple[str, ...]],
    women_body_kinds: tuple[str, ...],
    committee_min: int = 50,
    group_min: int = 3,
) -> tuple[str, ...]:
    """The committees a unit must have: those its kind elects, plus the women workers' body that
    its number of women workers calls for (≥ 50 → committee, 3–49 → group; seed 3, 4.1.2.4)."""
    required = list(required_by_kind.get(unit_kind, ()))
    if unit_kind in women_body_kinds:
        kind = women_body_kind(women_body_required(women, committee_min=committee_min, group_min=group_min))
        if kind:
            required.append(kind)
    return tuple(required)


@dataclass(frozen=True)
class TermDates:
    elected_on: dt.date
    start: dt.date
    end: dt.date


class TermState(enum.StrEnum):
    IN_TERM = "in_term"
    DUE_SOON = "due_soon"  # ends within the warning period and no successor is elected
    OVERDUE = "overdue"  # the last term has ended and no new one is in force
    NOT_STARTED = "not_started"  # no term in force yet, the elected one starts later
    NONE = "none"  # never elected


@dataclass(frozen=True)
class TermStatus:
    state: TermState
    days: int | None = None  # days left (due soon), days overdue, days until the start
    term: TermDates | None = None


def term_status(terms: list[TermDates], today: dt.date, *, due_soon_days: int = 90) -> TermStatus:
    """Where a committee stands today given all its terms.

    A term ending in ``due_soon_days`` days or fewer is due for re-election unless a successor
    term has already been elected; a term that ended yesterday is overdue by one day.
    """
    if not terms:
        return TermStatus(TermState.NONE)
    in_force = [t for t in terms if t.start <= today <= t.end]
    upcoming = [t for t in terms if t.start > today]
    if in_force:
        current = max(in_force, key=lambda t: t.start)
        left = (current.end - today).days
        if left <= due_soon_days and not upcoming:
            return TermStatus(TermState.DUE_SOON, left, current)
        return TermStatus(TermState.IN_TERM, left, current)
    if upcoming:
        first = min(upcoming, key=lambda t: t.start)
        return TermStatus(TermState.NOT_STARTED, (first.start - today).days, first)
    last = max(terms, key=lambda t: t.end)
    return TermStatus(TermState.OVERDUE, (today - last.end).days, last)


@dataclass(frozen=True)
class CommitteeFinding:
    """What is wrong with one unit's committees; the selector turns it into a sentence."""

    code: str  # missing | overdue | due_soon | not_started | not_together
    committee: str | None = None  # the committee kind concerned
    days: int | None = None
    date: dt.date | None = None
    elected: tuple[tuple[str, dt.date], ...] = ()  # for not_together: (kind, elected_on) pairs


def committee_findings(
    *,
    required: tuple[str, ...],
    terms: dict[str, list[TermDates]],
    today: dt.date,
    due_soon_days: int = 90,
) -> list[CommitteeFinding]:
    """Each required committee exists and is in term, re-elections are not due or overdue, and the
    union committee, the funds review committee and the women workers' body were elected together
    at the last election (同步组建, seed 2, §四.7)."""
    findings: list[CommitteeFinding] = []
    chosen: dict[str, str] = {}
    for need in required:
        have = [k for k in SATISFIED_BY.get(need, (need,)) if terms.get(k)]
        if not have:
            findings.append(CommitteeFinding("missing", need))
            continue
        kind = have[0]
        chosen[need] = kind
        status = term_status(terms[kind], today, due_soon_days=due_soon_days)
        if status.state == TermState.OVERDUE:
            findings.append(CommitteeFinding("overdue", kind, status.days, status.term.end))
        elif status.state == TermState.DUE_SOON:
            findings.append(CommitteeFinding("due_soon", kind, status.days, status.term.end))
        elif status.state == TermState.NOT_STARTED:
            findings.append(CommitteeFinding("not_started", kind, status.days, status.term.start))
    if FUNDS_REVIEW_COMMITTEE in required:
        together = [
            (kind, max(terms[kind], key=lambda t: t.start).elected_on)
            for need, kind in chosen.items()
            if need in (UNION_COMMITTEE, FUNDS_REVIEW_COMMITTEE, WOMEN_COMMITTEE, WOMEN_GROUP)
        ]
        if len(together) >= 2 and len({d for _k, d in together}) > 1:
            findings.append(CommitteeFinding("not_together", elected=tuple(together)))
    return findings


# --- union funds ---------------------------------------------------------------------------


class FundsStatus(enum.StrEnum):
    """工会经费上解 status (seed 2, §四.10 and §五.4 (5): not remitting or withholding disqualifies)."""

    ON_TIME = "on_time"  # paid in full by the due date
    LATE = "late"  # paid in full, after the due date
    OUTSTANDING = "outstanding"  # not paid in full and the due date has passed
    PENDING = "pending"  # not paid in full, not yet due
    WITHHELD = "withheld"  # flagged as withheld (截留), whatever was paid


def paid_in_full_on(amount_due: Decimal, payments: list[tuple[dt.date, Decimal]]) -> dt.date | None:
    """The day the payments, in date order, first reached the amount due (None: not yet)."""
    if amount_due <= 0:
        return min((d for d, _a in payments), default=dt.date.min)
    total = Decimal(0)
    for day, amount in sorted(payments):
        total += amount
        if total >= amount_due:
            return day
    return None


def funds_status(
    *,
    amount_due: Decimal,
    due_on: dt.date,
    payments: list[tuple[dt.date, Decimal]],
    withheld: bool,
    today: dt.date,
) -> FundsStatus:
    """On time if paid in full by the due date (that day included), late if after it; outstanding
    from the day after the due date while not paid in full; withheld whenever flagged."""
    if withheld:
        return FundsStatus.WITHHELD
    done = paid_in_full_on(amount_due, payments)
    if done is not None:
        return FundsStatus.ON_TIME if done <= due_on else FundsStatus.LATE
    return FundsStatus.OUTSTANDING if today > due_on else FundsStatus.PENDING


def funds_remitted(status: FundsStatus) -> bool:
    """Remitted for the assessment: the year's due paid in full, late or not (seed 2, §五.4 (5))."""
    return status in (FundsStatus.ON_TIME, FundsStatus.LATE)


def amount_paid(payments: list[tuple[dt.date, Decimal]]) -> Decimal:
    return sum((a for _d, a in payments), Decimal(0))


# --- exports -------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value):
    """Text that a spreadsheet would run as a formula gets a leading quote (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
