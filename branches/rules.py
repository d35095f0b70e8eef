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


# --- member facts of the national real-name registration (工会会员实名制管理) ---------------------
#
# Closed sets as (code, standard Chinese label). Imports and forms map a label to its code with the
# functions below; the model choices (branches.models.Worker) use the same codes.


class ChoiceLabelError(ValueError):
    """A label that is not in a closed set; ``field`` names the set, ``value`` the label given."""

    def __init__(self, field: str, value: str):
        super().__init__(f"{field}: {value}")
        self.field = field
        self.value = value


# GB 3304-1991 《中国各民族名称的罗马字母拼写法和代码》: the 56 ethnic groups in the standard order.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = tuple(
    (f"{i:02d}", name)
    for i, name in enumerate(
        (
            "汉族",
            "蒙古族",
            "回族",
            "藏族",
            "维吾尔族",
            "苗族",
            "彝族",
            "壮族",
            "布依族",
            "朝鲜族",
            "满族",
            "侗族",
            "瑶族",
            "白族",
            "土家族",
            "哈尼族",
            "哈萨克族",
            "傣族",
            "黎族",
            "傈僳族",
            "佤族",
            "畲族",
            "高山族",
            "拉祜族",
            "水族",
            "东乡族",
            "纳西族",
            "景颇族",
            "柯尔克孜族",
            "土族",
            "达斡尔族",
            "仫佬族",
            "羌族",
            "布朗族",
            "撒拉族",
            "毛南族",
            "仡佬族",
            "锡伯族",
            "阿昌族",
            "普米族",
            "塔吉克族",
            "怒族",
            "乌孜别克族",
            "俄罗斯族",
            "鄂温克族",
            "德昂族",
            "保安族",
            "裕固族",
            "京族",
            "塔塔尔族",
            "独龙族",
            "鄂伦春族",
            "赫哲族",
            "门巴族",
            "珞巴族",
            "基诺族",
        ),  # fmt: skip
        start=1,
    )
)

# GB/T 4762-1984 《政治面貌代码》.
POLITICAL_STATUSES: tuple[tuple[str, str], ...] = (
    ("01", "中共党员"),
    ("02", "中共预备党员"),
    ("03", "共青团员"),
    ("04", "民革会员"),
    ("05", "民盟盟员"),
    ("06", "民建会员"),
    ("07", "民进会员"),
    ("08", "农工党党员"),
    ("09", "致公党党员"),
    ("10", "九三学社社员"),
    ("11", "台盟盟员"),
    ("12", "无党派人士"),
    ("13", "群众"),
)

# GB/T 4658-2006 《学历代码》 (the levels the member form asks for).
EDUCATION_LEVELS: tuple[tuple[str, str], ...] = (
    ("11", "博士研究生"),
    ("14", "硕士研究生"),
    ("20", "大学本科"),
    ("30", "大学专科"),
    ("40", "中等职业教育"),
    ("60", "普通高中"),
    ("70", "初中"),
    ("80", "小学"),
    ("90", "其他"),
)

# 户口性质: with the employment type it identifies migrant workers (农民工).
HOUSEHOLD_TYPES: tuple[tuple[str, str], ...] = (("urban", "城镇"), ("rural", "农村"))

# 会籍状态 of the real-name registration.
MEMBERSHIP_STATUSES: tuple[tuple[str, str], ...] = (
    ("normal", "正常"),
    ("transferred_out", "转出"),
    ("retained", "保留"),
    ("terminated", "终止"),
)

# Common other spellings seen in rosters, mapped to the standard label.
_ALIASES: dict[str, dict[str, str]] = {
    "political_status": {
        "中国共产党党员": "中共党员",
        "党员": "中共党员",
        "中国共产党预备党员": "中共预备党员",
        "预备党员": "中共预备党员",
        "中国共产主义青年团团员": "共青团员",
        "团员": "共青团员",
        "民革党员": "民革会员",
        "中国国民党革命委员会会员": "民革会员",
        "中国民主同盟盟员": "民盟盟员",
        "中国民主建国会会员": "民建会员",
        "中国民主促进会会员": "民进会员",
        "中国农工民主党党员": "农工党党员",
        "中国致公党党员": "致公党党员",
        "台湾民主自治同盟盟员": "台盟盟员",
        "无党派民主人士": "无党派人士",
    },  # fmt: skip
    "education": {
        "博士": "博士研究生",
        "硕士": "硕士研究生",
        "研究生": "硕士研究生",
        "本科": "大学本科",
        "大专": "大学专科",
        "专科": "大学专科",
        "中专": "中等职业教育",
        "技校": "中等职业教育",
        "职高": "中等职业教育",
        "高中": "普通高中",
        "初中及以下": "初中",
        "小学及以下": "小学",
    },  # fmt: skip
    "household_type": {
        "城镇户口": "城镇",
        "非农业": "城镇",
        "非农业户口": "城镇",
        "城市": "城镇",
        "居民户口": "城镇",
        "农村户口": "农村",
        "农业": "农村",
        "农业户口": "农村",
    },  # fmt: skip
    "membership_status": {"已转出": "转出", "转出会籍": "转出", "保留会籍": "保留", "终止会籍": "终止"},
}

CLOSED_SETS: dict[str, tuple[tuple[str, str], ...]] = {
    "ethnic_group": ETHNIC_GROUPS,
    "political_status": POLITICAL_STATUSES,
    "education": EDUCATION_LEVELS,
    "household_type": HOUSEHOLD_TYPES,
    "membership_status": MEMBERSHIP_STATUSES,
}


def label_of(field: str, code: str) -> str:
    """The standard Chinese label of a code ("" for an empty or unknown code)."""
    return dict(CLOSED_SETS[field]).get(code, "")


def code_of(field: str, label: str | None) -> str:
    """Map a label (standard, a common alias, or the code itself) to its code; "" for an empty cell.

    Raises ChoiceLabelError for anything else. Full-width characters and spaces are folded first;
    an ethnic group may be given without the trailing 族 (汉 → 汉族).
    """
    value = normalise_text(label).replace(" ", "")
    if not value:
        return ""
    table = CLOSED_SETS[field]
    by_label = {name: code for code, name in table}
    if value in by_label:
        return by_label[value]
    if value in dict(table):
        return value
    alias = _ALIASES.get(field, {}).get(value)
    if alias:
        return by_label[alias]
    if field == "ethnic_group" and value + "族" in by_label:
        return by_label[value + "族"]
    raise ChoiceLabelError(field, value)


def ethnic_group_code(label: str | None) -> str:
    return code_of("ethnic_group", label)


def political_status_code(label: str | None) -> str:
    return code_of("political_status", label)


def education_code(label: str | None) -> str:
    return code_of("education", label)


def household_type_code(label: str | None) -> str:
    return code_of("household_type", label)


def membership_status_code(label: str | None) -> str:
    return code_of("membership_status", label)


def is_migrant_worker(*, household_type: str, employment_type: str) -> bool | None:
    """农民工: a rural household working as regular or dispatched labour; None when the household is unknown."""
    if employment_type == "migrant":
        return True
    if not household_type:
        return None
    return household_type == "rural"


# --- transfer of membership (会员关系转接) -------------------------------------------------------
#
# Three ways in (seed: 会员关系转接): an officer of the old unit starts a transfer out
# ("requested"); the worker asks in the portal ("asked", which the old unit's officer confirms into
# "requested"); an importing union claims a worker still on another enterprise's roster ("claimed",
# which the old unit's officer releases). The receiving union's officer accepts or refuses a
# request; for a union outside the system the old unit's officer records the receiving union's
# acceptance. Roles: "sender" (officer of the old unit), "receiver" (union officer of the receiving
# enterprise; the sender for a union outside the system), "worker" (the worker who asked).

TRANSFER_OPEN_STATES = ("asked", "requested", "claimed")

TRANSFER_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("asked", "confirm"): ("requested", frozenset({"sender"})),
    ("asked", "refuse"): ("refused", frozenset({"sender"})),
    ("asked", "cancel"): ("cancelled", frozenset({"sender", "worker"})),
    ("requested", "accept"): ("accepted", frozenset({"receiver"})),
    ("requested", "refuse"): ("refused", frozenset({"receiver"})),
    ("requested", "cancel"): ("cancelled", frozenset({"sender", "worker"})),
    ("claimed", "release"): ("accepted", frozenset({"sender"})),
    ("claimed", "refuse"): ("refused", frozenset({"sender"})),
    ("claimed", "cancel"): ("cancelled", frozenset({"receiver"})),
}


class TransitionError(ValueError):
    """A step the transition table does not allow; ``code`` is "state" or "role"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def transfer_next(state: str, action: str, roles: set[str] | frozenset[str]) -> str:
    """The state after ``action`` by someone holding ``roles``; TransitionError if not allowed."""
    step = TRANSFER_TRANSITIONS.get((state, action))
    if step is None:
        raise TransitionError("state")
    target, allowed = step
    if not (allowed & set(roles)):
        raise TransitionError("role")
    return target


def transfer_actions(state: str, roles: set[str] | frozenset[str]) -> list[str]:
    """The actions open to someone holding ``roles`` in ``state`` (for buttons)."""
    return [
        a for (s, a), (_t, allowed) in TRANSFER_TRANSITIONS.items() if s == state and allowed & set(roles)
    ]


def path_on(current_path: str, moves: list[tuple[dt.date, str, str]], on: dt.date) -> str:
    """Where a worker stood on ``on``, given the accepted moves (date, from path, to path).

    A move takes effect on its date: on that day the worker counts in the new unit. The unit on
    ``on`` is the old unit of the first move after ``on``; with no later move it is the current one.
    """
    later = sorted((m for m in moves if m[0] > on), key=lambda m: m[0])
    return later[0][1] if later else current_path


def in_month(day: dt.date) -> str:
    """The period key of a date (YYYY-MM)."""
    return f"{day:%Y-%m}"


def last_months(today: dt.date, count: int) -> list[str]:
    """The ``count`` month keys ending with today's month, oldest first."""
    year, month = today.year, today.month
    keys = []
    for _i in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


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


# --- the roster spreadsheet (花名册) ------------------------------------------------------------

# Columns of the roster file, in this order (issue 4): the header row must match exactly.
ROSTER_COLUMNS: tuple[str, ...] = (
    "姓名", "性别", "身份证号", "手机号", "用工性质", "组织编码",
    "入职日期", "是否会员", "入会日期", "会员证号", "是否发证", "状态",
)  # fmt: skip

# Closed sets: the Chinese label in the file → the stored value.
GENDER_LABELS = {"男": "M", "女": "F"}
EMPLOYMENT_LABELS = {"正式": "regular", "派遣": "dispatched", "农民工": "migrant"}
YES_NO_LABELS = {"是": True, "否": False}
STATUS_LABELS = {"在职": "active", "离职": "left", "退休": "retired"}
CLOSED_COLUMNS: dict[str, dict] = {
    "性别": GENDER_LABELS,
    "用工性质": EMPLOYMENT_LABELS,
    "是否会员": YES_NO_LABELS,
    "是否发证": YES_NO_LABELS,
    "状态": STATUS_LABELS,
}

# Optional columns after the twelve (issue 9): the member facts of the national real-name
# registration (工会会员实名制管理). A file carries all eight, in this order, or none of them; an old
# twelve-column file still imports and leaves these facts unchanged.
REAL_NAME_COLUMNS: tuple[str, ...] = (
    "民族", "政治面貌", "学历", "户籍所在地", "户口性质", "会籍状态", "会籍状态日期", "会籍状态原因",
)  # fmt: skip
ALL_ROSTER_COLUMNS: tuple[str, ...] = ROSTER_COLUMNS + REAL_NAME_COLUMNS
# The optional columns of a closed set (rules.CLOSED_SETS) → the Worker field they set.
REAL_NAME_CLOSED: dict[str, str] = {
    "民族": "ethnic_group",
    "政治面貌": "political_status",
    "学历": "education",
    "户口性质": "household_type",
    "会籍状态": "membership_status",
}
HOUSEHOLD_PLACE_MAX = 120
MEMBERSHIP_REASON_MAX = 200
MEMBERSHIP_NORMAL = "normal"

# Characters that make a spreadsheet run a cell as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's day 0 (the 1900 date system, with Lotus's leap-year bug folded in for serials > 60).
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_MAX_SERIAL = 2958465  # 9999-12-31

_DATE_TEXT = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
_PHONE = re.compile(r"^\d{7,15}$")
NAME_MAX = 60
CARD_NUMBER_MAX = 32


def escape_formula(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ``'`` (also one already so prefixed)."""
    if value.startswith(FORMULA_STARTS) or (value.startswith("'") and value[1:2] in FORMULA_STARTS):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """Undo ``escape_formula``, so that export → import gives back the same text."""
    if value.startswith("'") and (value[1:2] in FORMULA_STARTS or value[1:2] == "'"):
        return value[1:]
    return value


def cell_text(value) -> str:
    """A cell as normalised text: numbers typed into text columns lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return normalise_text(unescape_formula(str(value)))


def parse_date(value) -> dt.date | None:
    """A date cell: an Excel date, an Excel serial number, or text 2024-01-05 / 2024/1/5 / 2024年1月5日.

    Returns None for an empty cell; raises ValueError for anything else that is not a real date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not (1 <= value <= EXCEL_MAX_SERIAL) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = normalise_text(str(value))
    if not text:
        return None
    for pattern in _DATE_TEXT:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)  # ValueError for 2024-02-30
    raise ValueError(text)


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One problem of one row of a roster file: ``code`` names the reason (messages live in the app)."""

    row: int  # the spreadsheet's row number (the header is row 1)
    column: str  # an ALL_ROSTER_COLUMNS name, or "" for the whole row
    value: str
    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RosterRow:
    """A valid row of a roster file, as the values of a Worker (``unit_code`` still to be resolved)."""

    row: int
    name: str
    gender: str
    id_number: str
    phone: str
    employment_type: str
    unit_code: str
    hire_date: dt.date | None
    is_member: bool
    member_since: dt.date | None
    card_number: str
    card_issued: bool
    status: str
    # The real-name facts (Worker field → value) when the file has the optional columns, else None.
    real_name: dict | None = None


def column_order(column: str) -> int:
    """The position of a column in the roster file (-1 for a problem of the whole row)."""
    return ALL_ROSTER_COLUMNS.index(column) if column in ALL_ROSTER_COLUMNS else -1


def _check_real_name(raw: dict, issue) -> dict:
    """The optional real-name cells as Worker values; problems go to ``issue``."""
    text = {col: cell_text(raw[col]) for col in REAL_NAME_COLUMNS}
    values: dict = {}
    for column, field_name in REAL_NAME_CLOSED.items():
        try:
            values[field_name] = code_of(field_name, text[column])
        except ChoiceLabelError:
            if field_name == "ethnic_group":
                issue(column, "choice_sheet")
            else:
                issue(column, "choice", choices="/".join(label for _code, label in CLOSED_SETS[field_name]))
    if not text["会籍状态"]:
        values["membership_status"] = MEMBERSHIP_NORMAL  # empty means 正常, as 状态 empty means 在职
    place = text["户籍所在地"]
    if len(place) > HOUSEHOLD_PLACE_MAX:
        issue("户籍所在地", "too_long", limit=str(HOUSEHOLD_PLACE_MAX))
    values["household_place"] = place
    reason = text["会籍状态原因"]
    if len(reason) > MEMBERSHIP_REASON_MAX:
        issue("会籍状态原因", "too_long", limit=str(MEMBERSHIP_REASON_MAX))
    values["membership_status_reason"] = reason
    try:
        values["membership_status_on"] = parse_date(raw["会籍状态日期"])
    except (ValueError, OverflowError):
        issue("会籍状态日期", "date")
        values["membership_status_on"] = None
    status = values.get("membership_status")
    if status and status != MEMBERSHIP_NORMAL and not text["会籍状态日期"]:
        issue("会籍状态日期", "membership_status_needs_date")
    return values


def check_roster_row(row: int, cells, unit_codes) -> tuple[RosterRow | None, list[RowIssue]]:
    """Validate one row of a roster file against the rules of issue 4; ``unit_codes`` is the set of
    组织编码 the file may use (the importing unit's subtree). Returns the row or its problems.

    Rules: required cells; GB 11643 ID numbers (shape, birth date, checksum) whose sex digit agrees
    with 性别; closed sets of Chinese labels; dates as Excel dates or text; a member needs 入会日期;
    是否发证=是 needs a member and a 会员证号.

    A row longer than the twelve columns carries the optional real-name columns (REAL_NAME_COLUMNS;
    the file reader cuts every row to the width of its header): closed sets by their standard labels
    (or common aliases, rules.code_of), and a 会籍状态 other than 正常 needs its 会籍状态日期.
    """
    cells = list(cells)
    columns = ALL_ROSTER_COLUMNS if len(cells) > len(ROSTER_COLUMNS) else ROSTER_COLUMNS
    cells = cells[: len(columns)]
    cells += [None] * (len(columns) - len(cells))
    raw = dict(zip(columns, cells, strict=True))
    text = {col: cell_text(raw[col]) for col in ROSTER_COLUMNS}
    issues: list[RowIssue] = []

    def issue(column: str, code: str, **params) -> None:
        value = cell_text(raw[column]) if column else ""
        issues.append(RowIssue(row, column, value, code, tuple(sorted(params.items()))))

    for column in ("姓名", "性别", "身份证号", "用工性质", "组织编码", "是否会员"):
        if not text[column]:
            issue(column, "required")

    name = text["姓名"]
    if len(name) > NAME_MAX:
        issue("姓名", "too_long", limit=str(NAME_MAX))

    closed: dict[str, object] = {}
    for column, labels in CLOSED_COLUMNS.items():
        if text[column]:
            if text[column] in labels:
                closed[column] = labels[text[column]]
            else:
                issue(column, "choice", choices="/".join(labels))

    id_number = ""
    if text["身份证号"]:
        if "*" in text["身份证号"]:
            issue("身份证号", "id_masked")
        else:
            try:
                id_number = validate_id_number(text["身份证号"])
            except IdNumberError as exc:
                issue("身份证号", f"id_{exc.code}")
    if id_number and "性别" in closed and id_gender(id_number) != closed["性别"]:
        issue("性别", "gender_mismatch")

    phone = text["手机号"].replace(" ", "").replace("-", "")
    if phone and not _PHONE.match(phone):
        issue("手机号", "phone")

    code = text["组织编码"]
    if code and code not in unit_codes:
        issue("组织编码", "unit_code")

    dates: dict[str, dt.date | None] = {}
    for column in ("入职日期", "入会日期"):
        try:
            dates[column] = parse_date(raw[column])
        except (ValueError, OverflowError):
            issue(column, "date")
            dates[column] = None

    is_member = closed.get("是否会员", False)
    if is_member and not dates["入会日期"] and not text["入会日期"]:
        issue("入会日期", "member_needs_date")
    card_number = text["会员证号"]
    if len(card_number) > CARD_NUMBER_MAX:
        issue("会员证号", "too_long", limit=str(CARD_NUMBER_MAX))
    card_issued = closed.get("是否发证", False)
    if card_issued and not card_number:
        issue("会员证号", "card_needs_number")
    if card_issued and "是否会员" in closed and not is_member:
        issue("是否发证", "card_needs_member")

    real_name = _check_real_name(raw, issue) if columns is ALL_ROSTER_COLUMNS else None

    if issues:
        return None, issues
    return (
        RosterRow(
            row=row,
            name=name,
            gender=closed["性别"],
            id_number=id_number,
            phone=phone,
            employment_type=closed["用工性质"],
            unit_code=code,
            hire_date=dates["入职日期"],
            is_member=is_member,
            member_since=dates["入会日期"],
            card_number=card_number,
            card_issued=card_issued,
            status=closed.get("状态", "active"),
            real_name=real_name,
        ),
        [],
    )


def header_problems(header) -> tuple[list[str], list[str], bool]:
    """Compare a header row with the roster columns: (missing columns, unknown columns, wrong order).

    The twelve ROSTER_COLUMNS are required; the eight REAL_NAME_COLUMNS are optional, but a file
    with any of them must have them all, after the twelve and in order.
    """
    got = [cell_text(c) for c in header]
    while got and not got[-1]:
        got.pop()
    with_real_name = any(c in REAL_NAME_COLUMNS for c in got)
    expected = ALL_ROSTER_COLUMNS if with_real_name else ROSTER_COLUMNS
    missing = [c for c in expected if c not in got]
    unknown = [c for c in got if c not in expected]
    wrong_order = not missing and not unknown and tuple(got) != expected
    return missing, unknown, wrong_order


def header_columns(header) -> tuple[str, ...]:
    """The columns of a header that ``header_problems`` accepts: the twelve, or the twelve and the
    eight optional ones."""
    got = [cell_text(c) for c in header]
    return ALL_ROSTER_COLUMNS if any(c in REAL_NAME_COLUMNS for c in got) else ROSTER_COLUMNS


def is_blank_row(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def roster_cells(row: RosterRow) -> list:
    """A valid row back as the cells of the roster file (dates stay dates)."""
    return [
        row.name,
        {v: k for k, v in GENDER_LABELS.items()}[row.gender],
        row.id_number,
        row.phone,
        {v: k for k, v in EMPLOYMENT_LABELS.items()}[row.employment_type],
        row.unit_code,
        row.hire_date,
        "是" if row.is_member else "否",
        row.member_since,
        row.card_number,
        "是" if row.card_issued else "否",
        {v: k for k, v in STATUS_LABELS.items()}[row.status],
        *(real_name_cells(row.real_name) if row.real_name is not None else []),
    ]


def real_name_cells(values: dict) -> list:
    """The eight optional cells of a worker's real-name facts (Worker field → value), labels in Chinese."""
    return [
        label_of("ethnic_group", values.get("ethnic_group", "")),
        label_of("political_status", values.get("political_status", "")),
        label_of("education", values.get("education", "")),
        values.get("household_place", ""),
        label_of("household_type", values.get("household_type", "")),
        label_of("membership_status", values.get("membership_status", "")),
        values.get("membership_status_on"),
        values.get("membership_status_reason", ""),
    ]


# --- roster jobs (background imports and exports) --------------------------------------------

# (status, action) → next status: the one table the job service applies (issue 4).
ROSTER_JOB_TRANSITIONS: dict[tuple[str, str], str] = {
    ("checking", "checked"): "ready",
    ("checking", "refuse"): "refused",
    ("ready", "confirm"): "queued",
    ("queued", "start"): "running",
    ("running", "finish"): "done",
    ("running", "refuse"): "refused",
    ("running", "fail"): "failed",
    ("checking", "fail"): "failed",
}


def roster_job_next(status: str, action: str) -> str | None:
    """The status a job moves to, or None when the action is not allowed in this status."""
    return ROSTER_JOB_TRANSITIONS.get((status, action))
