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
    column: str  # a ROSTER_COLUMNS name, or "" for the whole row
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


def check_roster_row(row: int, cells, unit_codes) -> tuple[RosterRow | None, list[RowIssue]]:
    """Validate one row of a roster file against the rules of issue 4; ``unit_codes`` is the set of
    组织编码 the file may use (the importing unit's subtree). Returns the row or its problems.

    Rules: required cells; GB 11643 ID numbers (shape, birth date, checksum) whose sex digit agrees
    with 性别; closed sets of Chinese labels; dates as Excel dates or text; a member needs 入会日期;
    是否发证=是 needs a member and a 会员证号.
    """
    cells = list(cells)[: len(ROSTER_COLUMNS)]
    cells += [None] * (len(ROSTER_COLUMNS) - len(cells))
    raw = dict(zip(ROSTER_COLUMNS, cells, strict=True))
    text = {col: cell_text(raw[col]) for col in ROSTER_COLUMNS}
    issues: list[RowIssue] = []

    def issue(column: str, code: str, **params) -> None:
        value = text[column] if column else ""
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
        ),
        [],
    )


def header_problems(header) -> tuple[list[str], list[str], bool]:
    """Compare a header row with ROSTER_COLUMNS: (missing columns, unknown columns, wrong order)."""
    got = [cell_text(c) for c in header]
    while got and not got[-1]:
        got.pop()
    missing = [c for c in ROSTER_COLUMNS if c not in got]
    unknown = [c for c in got if c not in ROSTER_COLUMNS]
    wrong_order = not missing and not unknown and tuple(got) != ROSTER_COLUMNS
    return missing, unknown, wrong_order


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
