"""The pure rules of a roster row (branches.rules), table-driven at and around each boundary."""

import datetime as dt

import pytest

from branches import rules
from tests.branches.roster_files import row as make_row
from tests.factories import id_number
from unionhome.documents import sheets

CODES = {"A1", "A1G"}


def check(**over):
    values = make_row(**over)
    return rules.check_roster_row(2, [values[c] for c in rules.ROSTER_COLUMNS], CODES)


def codes(**over):
    _row, issues = check(**over)
    return {(i.column, i.code) for i in issues}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("2024/1/5", dt.date(2024, 1, 5)),
        ("2024年1月5日", dt.date(2024, 1, 5)),
        ("２０２４－０１－０５", dt.date(2024, 1, 5)),  # full-width digits and dash fold (NFKC)
        (" 2024-01-05 ", dt.date(2024, 1, 5)),
        ("2024-01-05 00:00:00", dt.date(2024, 1, 5)),
        (45296, dt.date(2024, 1, 5)),  # an Excel serial
        (45296.0, dt.date(2024, 1, 5)),
        (1, dt.date(1899, 12, 31)),
        (dt.date(2024, 1, 5), dt.date(2024, 1, 5)),
        (dt.datetime(2024, 1, 5, 8, 30), dt.date(2024, 1, 5)),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_are_read_from_excel_dates_serials_and_three_text_forms(value, expected):
    assert rules.parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["2024-02-30", "2023/2/29", "2024年13月1日", "5/1/2024", "明天", 0, -3, 45296.5, 2958466, True]
)
def test_anything_else_is_not_a_date(value):
    with pytest.raises(ValueError):
        rules.parse_date(value)


def test_a_valid_row_becomes_worker_values():
    row, issues = check(姓名="　王　小明 ", 手机号="138-0013-8000")
    assert issues == []
    assert row.name == "王 小明"
    assert row.gender == "M" and row.employment_type == "regular" and row.status == "active"
    assert row.phone == "13800138000"
    assert row.hire_date == dt.date(2020, 3, 1) and row.member_since == dt.date(2020, 6, 1)
    assert row.is_member and row.card_issued


@pytest.mark.parametrize("column", ["姓名", "性别", "身份证号", "用工性质", "组织编码", "是否会员"])
def test_required_cells(column):
    assert (column, "required") in codes(**{column: None})
    assert (column, "required") in codes(**{column: "  "})


@pytest.mark.parametrize(
    ("column", "value"),
    [("性别", "M"), ("用工性质", "临时工"), ("是否会员", "Y"), ("是否发证", "1"), ("状态", "在岗")],
)
def test_closed_columns_take_only_their_chinese_labels(column, value):
    assert (column, "choice") in codes(**{column: value})


def test_full_width_labels_are_folded():
    _row, issues = check(用工性质=" 派遣　", 组织编码="Ａ１Ｇ")
    assert issues == []


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519900101001", "id_shape"),
        ("1101051990010100123", "id_shape"),
        ("110105199002300012", "id_birth_date"),
        ("110105189901010012", "id_birth_date"),
        (id_number(1)[:-1] + ("0" if id_number(1)[-1] != "0" else "1"), "id_checksum"),
        ("1101**********0012", "id_masked"),
    ],
)
def test_id_numbers_follow_gb_11643(number, code):
    assert ("身份证号", code) in codes(身份证号=number)


def test_a_lower_case_x_and_full_width_digits_are_accepted():
    female = id_number(7, "F", dt.date(1990, 1, 1))
    folded = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in female)
    row, issues = check(身份证号=folded, 性别="女")
    assert issues == [] and row.id_number == female


def test_gender_must_agree_with_the_sex_digit():
    assert ("性别", "gender_mismatch") in codes(性别="女")
    assert ("性别", "gender_mismatch") not in codes(性别="男")


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("123456", False),
        ("1234567", True),
        ("1" * 15, True),
        ("1" * 16, False),
        ("138abc", False),
        ("", True),
    ],
)
def test_phone_numbers_have_7_to_15_digits(phone, ok):
    assert (("手机号", "phone") not in codes(手机号=phone)) is ok


def test_the_unit_code_must_be_in_the_importing_units_subtree():
    assert ("组织编码", "unit_code") in codes(组织编码="B1")


def test_a_member_needs_a_join_date_and_an_issued_card_a_number_and_a_member():
    assert ("入会日期", "member_needs_date") in codes(入会日期=None)
    assert ("会员证号", "card_needs_number") in codes(会员证号=None)
    assert ("是否发证", "card_needs_member") in codes(是否会员="否", 入会日期=None)
    assert codes(是否会员="否", 入会日期=None, 是否发证="否", 会员证号=None) == set()


def test_bad_dates_are_reported_per_column():
    assert codes(入职日期="2020-02-30", 入会日期="昨天") == {("入职日期", "date"), ("入会日期", "date")}


@pytest.mark.parametrize(("length", "ok"), [(60, True), (61, False)])
def test_names_up_to_60_characters(length, ok):
    assert (("姓名", "too_long") not in codes(姓名="名" * length)) is ok


def test_empty_status_means_active_and_empty_card_issued_means_no():
    row, issues = check(状态=None, 是否发证=None)
    assert issues == [] and row.status == "active" and row.card_issued is False


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("张三", "张三"),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_like_cells_are_escaped_and_unescaped_back(value, escaped):
    assert sheets.escape_cell(value) == escaped
    assert rules.unescape_formula(escaped) == value


def test_header_problems_name_missing_unknown_and_order():
    cols = list(rules.ROSTER_COLUMNS)
    assert rules.header_problems(cols) == ([], [], False)
    assert rules.header_problems([*cols, None, ""]) == ([], [], False)
    assert rules.header_problems(cols[:-1]) == (["状态"], [], False)
    assert rules.header_problems([*cols[:-1], "备注"]) == (["状态"], ["备注"], False)
    swapped = cols[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    assert rules.header_problems(swapped) == ([], [], True)


class _Text(str):
    """A str subclass: takes the general path of ``cell_text``."""


@pytest.mark.parametrize(
    "value",
    ["", " ", "张三", "\u3000张\u3000三\u3000", " a\x00b ", "'=1+1", "''=x", "'quoted", "'", "'\u3000x",
     "'\t7", "13800138000 ", "\x00\x00"],
)  # fmt: skip
def test_a_text_cell_reads_the_same_on_the_fast_path_and_the_general_one(value):
    assert rules.cell_text(value) == rules.cell_text(_Text(value))
    assert rules.cell_text(value) == rules.normalise_text(rules.unescape_formula(value))
