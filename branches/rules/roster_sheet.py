"""The roster spreadsheet (花名册): columns, cells and the checks of one row."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .identity import (
    IdNumberError,
    id_birth_date,
    id_gender,
    normalise_code,
    normalise_text,
    validate_id_number,
)
from .plausibility import (
    DEFAULT_WORKER_AGE_RANGE,
    MIN_WORKING_AGE,
    age_on,
    past_date_problem,
    worker_age_problem,
)
from .real_name import CLOSED_SETS, ChoiceLabelError, code_of, label_of

# Columns of the roster file, in this order: the header row must match exactly.
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

# Optional columns after the twelve (docs/DOMAIN.md §6): the member facts of the national real-name
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

# Characters that make a spreadsheet run a cell as a formula (CSV/formula injection); the same as
# the kernel's escaper (unionhome.documents.sheets), which a rules module may not import.
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


def unescape_formula(value: str) -> str:
    """Undo the exports' formula escaping (``unionhome.documents.sheets.escape_cell``, which uses the
    same characters), so that export → import gives back the same text."""
    if value.startswith("'") and (value[1:2] in FORMULA_STARTS or value[1:2] == "'"):
        return value[1:]
    return value


def cell_text(value) -> str:
    """A cell as normalised text: numbers typed into text columns lose their ``.0``."""
    if value.__class__ is str:  # most cells: ``normalise_text(unescape_formula(value))`` inline
        if value[:1] == "'":
            value = unescape_formula(value)
        return value.replace("\x00", "").replace("\u3000", " ").strip()
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
    text = normalise_code(str(value))
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


def check_roster_row(
    row: int,
    cells,
    unit_codes,
    *,
    today: dt.date | None = None,
    age_range: tuple[int, int] = DEFAULT_WORKER_AGE_RANGE,
) -> tuple[RosterRow | None, list[RowIssue]]:
    """Validate one row of a roster file against the roster-file rules; ``unit_codes`` is the set of
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

    phone = normalise_code(text["手机号"]).replace(" ", "").replace("-", "")
    if phone and not _PHONE.match(phone):
        issue("手机号", "phone")

    code = normalise_code(text["组织编码"])
    if code and code not in unit_codes:
        issue("组织编码", "unit_code")

    dates: dict[str, dt.date | None] = {}
    for column in ("入职日期", "入会日期"):
        try:
            dates[column] = parse_date(raw[column])
        except (ValueError, OverflowError):
            issue(column, "date")
            dates[column] = None

    _check_plausible(issue, id_number, dates, today=today or dt.date.today(), age_range=age_range)

    is_member = closed.get("是否会员", False)
    if is_member and not dates["入会日期"] and not text["入会日期"]:
        issue("入会日期", "member_needs_date")
    card_number = normalise_code(text["会员证号"])
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


def _check_plausible(
    issue, id_number: str, dates: dict, *, today: dt.date, age_range: tuple[int, int]
) -> None:
    """The worker form's plausibility rules (rules.plausibility): age from the ID, hire and join dates."""
    birth = id_birth_date(id_number) if id_number else None
    if birth is not None:
        problem = worker_age_problem(birth, today=today, age_range=age_range)
        if problem == "birth_future":
            issue("身份证号", "id_birth_future")
        elif problem:
            issue(
                "身份证号",
                "age_range",
                age=str(age_on(birth, today)),
                low=str(age_range[0]),
                high=str(age_range[1]),
            )
    for column in ("入职日期", "入会日期"):
        problem = past_date_problem(dates[column], today=today, birth=birth)
        if problem:
            issue(column, f"date_{problem}", age=str(MIN_WORKING_AGE))


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
