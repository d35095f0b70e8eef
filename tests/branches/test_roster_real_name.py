"""The optional real-name columns of the roster file (docs/DOMAIN.md §6): header, row rules, template, import
and export. An old twelve-column file still imports and leaves the real-name facts alone."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from branches import roster_io, rules, services
from branches.exceptions import RosterFileError, RosterImportRefused
from branches.models import Worker
from tests.branches.roster_files import read_back, real_name_row, row, xlsx, xlsx_real_name
from tests.branches.test_roster_import import export, full_id_officer, state
from unionhome.models import AuditEvent

pytestmark = pytest.mark.usefixtures("chinese")

TWELVE = list(rules.ROSTER_COLUMNS)
EIGHT = list(rules.REAL_NAME_COLUMNS)
CODES = {"A1", "A1G"}


# --- the header ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (TWELVE, ([], [], False)),
        (TWELVE + EIGHT, ([], [], False)),
        ([*TWELVE, *EIGHT, None, ""], ([], [], False)),
        (TWELVE + EIGHT[:-1], (["会籍状态原因"], [], False)),
        (TWELVE + EIGHT[:1], (EIGHT[1:], [], False)),
        ([*TWELVE, *EIGHT, "备注"], ([], ["备注"], False)),
        (TWELVE + [EIGHT[1], EIGHT[0], *EIGHT[2:]], ([], [], True)),
        (EIGHT + TWELVE, ([], [], True)),
        (TWELVE[:-1] + EIGHT, (["状态"], [], False)),
    ],
    ids=[
        "twelve",
        "twenty",
        "trailing-blanks",
        "one-missing",
        "only-first",
        "unknown",
        "swapped",
        "before",
        "no-状态",
    ],
)
def test_the_header_takes_the_twelve_alone_or_followed_by_all_eight_in_order(header, expected):
    assert rules.header_problems(header) == expected


def refused(data: bytes) -> str:
    with pytest.raises(RosterFileError) as exc:
        roster_io.open_roster(data)
    return str(exc.value.message)


def test_a_file_with_some_of_the_optional_columns_is_told_which_are_missing():
    message = refused(xlsx([], header=TWELVE + EIGHT[:3]))
    assert message == "表头与模板不符（缺少列：户籍所在地、户口性质、会籍状态、会籍状态日期、会籍状态原因）。"


def test_optional_columns_out_of_order_are_refused_with_the_full_order():
    header = TWELVE + [EIGHT[1], EIGHT[0], *EIGHT[2:]]
    assert refused(xlsx([], header=header)) == "列的顺序不对，应为：" + "、".join(TWELVE + EIGHT) + "。"


def test_cells_beyond_a_twelve_column_header_are_not_read():
    data = xlsx([[*[row(1)[c] for c in TWELVE], "汉族", "党员"]])
    sheet = roster_io.open_roster(data)
    [(number, cells)] = list(sheet.rows())
    assert number == 2 and len(cells) == 12
    parsed, issues = rules.check_roster_row(number, cells, CODES)
    assert issues == [] and parsed.real_name is None


# --- the row rules ------------------------------------------------------------------------------


def check(**over):
    values = real_name_row(**over)
    return rules.check_roster_row(2, [values[c] for c in rules.ALL_ROSTER_COLUMNS], CODES)


def test_a_row_with_the_optional_columns_gives_the_codes_of_the_labels():
    parsed, issues = check(会籍状态="保留", 会籍状态日期="2024-03-01", 会籍状态原因="待岗")
    assert issues == []
    assert parsed.real_name == {
        "ethnic_group": "03",
        "political_status": "01",
        "education": "20",
        "household_place": "山西省太原市小店区",
        "household_type": "rural",
        "membership_status": "retained",
        "membership_status_on": dt.date(2024, 3, 1),
        "membership_status_reason": "待岗",
    }


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"民族": "汉"}, "ethnic_group", "01"),
        ({"民族": None}, "ethnic_group", ""),
        ({"政治面貌": "党员"}, "political_status", "01"),
        ({"政治面貌": "群众"}, "political_status", "13"),
        ({"学历": "大专"}, "education", "30"),
        ({"户口性质": "非农业户口"}, "household_type", "urban"),
        ({"户口性质": None}, "household_type", ""),
        ({"会籍状态": None}, "membership_status", "normal"),
        ({"会籍状态": "终止", "会籍状态日期": "2024/1/5"}, "membership_status", "terminated"),
    ],
)
def test_labels_aliases_and_empty_cells_map_to_codes(over, field, code):
    parsed, issues = check(**over)
    assert issues == [] and parsed.real_name[field] == code


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"民族": "火星族"}, {("民族", "choice_sheet")}),
        ({"政治面貌": "党外"}, {("政治面貌", "choice")}),
        ({"学历": "幼儿园"}, {("学历", "choice")}),
        ({"户口性质": "外籍"}, {("户口性质", "choice")}),
        ({"会籍状态": "暂停"}, {("会籍状态", "choice")}),
        ({"会籍状态": "转出"}, {("会籍状态日期", "membership_status_needs_date")}),
        ({"会籍状态": "保留", "会籍状态日期": "2024-02-30"}, {("会籍状态日期", "date")}),
        ({"会籍状态日期": "昨天"}, {("会籍状态日期", "date")}),
        ({"户籍所在地": "省" * 121}, {("户籍所在地", "too_long")}),
        ({"户籍所在地": "省" * 120}, set()),
        ({"会籍状态原因": "因" * 201}, {("会籍状态原因", "too_long")}),
        ({"会籍状态原因": "因" * 200}, set()),
    ],
)
def test_each_real_name_rule_gives_a_row_problem(over, expected):
    _parsed, issues = check(**over)
    assert {(i.column, i.code) for i in issues} == expected


def test_a_choice_problem_names_the_allowed_values_or_the_sheet_of_choices():
    _p, [issue] = check(政治面貌="党外")
    assert roster_io.issue_message(issue.code, dict(issue.params)) == (
        "只能填写 中共党员/中共预备党员/共青团员/民革会员/民盟盟员/民建会员/民进会员/农工党党员/"
        "致公党党员/九三学社社员/台盟盟员/无党派人士/群众。"
    )
    _p, [issue] = check(民族="火星族")
    assert "56 个民族" in roster_io.issue_message(issue.code) and "“选项”工作表" in roster_io.issue_message(
        issue.code
    )


def test_roster_cells_gives_the_row_back_with_its_labels():
    parsed, _issues = check(会籍状态="保留", 会籍状态日期="2024-03-01")
    cells = rules.roster_cells(parsed)
    assert cells[12:] == [
        "回族",
        "中共党员",
        "大学本科",
        "山西省太原市小店区",
        "农村",
        "保留",
        dt.date(2024, 3, 1),
        "",
    ]


# --- the template -------------------------------------------------------------------------------


def test_the_template_has_drop_downs_for_the_closed_sets_from_a_hidden_sheet_and_explains_them():
    data = roster_io.to_bytes(roster_io.write_template, unit_codes=[("A1", "甲一分会")], max_rows=1000)
    assert read_back(data)[0] == TWELVE + EIGHT
    explanation = read_back(data, 2)
    helped = {r[0]: r[1] for r in explanation if r and r[0] in EIGHT}
    assert set(helped) == set(EIGHT)
    assert "56 个民族" in helped["民族"] and "“选项”工作表" in helped["民族"]
    notes = " ".join(r[0] for r in explanation if r and r[0] and r[0] not in TWELVE + EIGHT + ["列"])
    assert "只有十二列" in notes and "隐藏的工作表“选项”" in notes
    choices = read_back(data, 3)
    assert choices[0] == ["民族", "政治面貌", "学历", "户口性质", "会籍状态"]
    assert [r[0] for r in choices[1:]] == [label for _c, label in rules.ETHNIC_GROUPS]
    assert [r[4] for r in choices[1:5]] == ["正常", "转出", "保留", "终止"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'name="选项" sheetId="4" state="hidden"' in workbook
    assert "'选项'!$A$2:$A$57" in sheet_xml  # 民族: the 56 groups
    assert "'选项'!$E$2:$E$5" in sheet_xml  # 会籍状态
    assert roster_io.open_roster(data).columns == tuple(TWELVE + EIGHT)


# --- import and export --------------------------------------------------------------------------


def run(actor, unit, data: bytes, **kwargs):
    return services.roster_import(actor=actor, unit=unit, rows=roster_io.open_roster(data).rows(), **kwargs)


REAL_NAME = (
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
)  # fmt: skip


def facts(worker) -> tuple:
    worker.refresh_from_db()
    return tuple(getattr(worker, f) for f in REAL_NAME)


def test_a_file_with_the_new_columns_sets_the_facts_of_new_and_existing_workers(world):
    officer = world.users["officer"]
    existing = world.worker_a2
    data = xlsx_real_name(
        [
            real_name_row(1),
            real_name_row(
                2,
                身份证号=existing.id_number,
                姓名=existing.name,
                性别="男" if existing.gender == "M" else "女",
                组织编码="A2",
                会员证号="",
                是否发证="否",
                民族="满族",
                政治面貌="群众",
                学历="高中",
                户籍所在地="河北省石家庄市",
                户口性质="城镇",
                会籍状态="保留",
                会籍状态日期="2024-05-01",
                会籍状态原因="长期病假",
            ),
        ]
    )
    plan = run(officer, world.ent_a, data)
    assert (plan.created, plan.updated) == (1, 1)
    created = Worker.objects.get(name="新职工1")
    assert facts(created) == ("03", "01", "20", "山西省太原市小店区", "rural", "normal", None, "")
    assert facts(existing) == (
        "11",
        "13",
        "60",
        "河北省石家庄市",
        "urban",
        "retained",
        dt.date(2024, 5, 1),
        "长期病假",
    )
    event = AuditEvent.objects.get(action="worker.import_update", object_id=str(existing.pk))
    assert event.before["membership_status"] == "normal" and event.after["membership_status"] == "retained"


def test_an_old_twelve_column_file_imports_and_leaves_the_facts_unchanged(world):
    officer = world.users["officer"]
    existing = world.worker_a2
    Worker.objects.filter(pk=existing.pk).update(
        ethnic_group="03", political_status="01", education="20", household_place="太原",
        household_type="rural", membership_status="retained", membership_status_on=dt.date(2024, 1, 2),
        membership_status_reason="待岗",
    )  # fmt: skip
    before = facts(existing)
    data = xlsx(
        [
            row(1),
            row(2, 身份证号=existing.id_number, 姓名="李四(改)", 组织编码="A2", 会员证号="", 是否发证="否"),
        ]
    )
    plan = run(officer, world.ent_a, data)
    assert (plan.created, plan.updated) == (1, 1)
    assert facts(existing) == before
    assert Worker.objects.get(pk=existing.pk).name == "李四(改)"
    assert facts(Worker.objects.get(name="新职工1")) == ("", "", "", "", "", "normal", None, "")


def test_bad_real_name_cells_refuse_the_file_with_chinese_row_problems(world):
    before = state()
    data = xlsx_real_name([real_name_row(1), real_name_row(2, 学历="幼儿园", 会籍状态="转出")])
    with pytest.raises(RosterImportRefused) as exc:
        run(world.users["officer"], world.ent_a, data)
    assert state() == before
    assert [(p.row, p.column, p.value, p.reason) for p in exc.value.problems] == [
        (
            3,
            "学历",
            "幼儿园",
            "只能填写 博士研究生/硕士研究生/大学本科/大学专科/中等职业教育/普通高中/初中/小学/其他。",
        ),
        (3, "会籍状态日期", "", "会籍状态不是“正常”时，须填写生效日期（会籍状态日期）。"),
    ]


@pytest.mark.parametrize(
    ("over", "cleared"),
    [({"民族": "满族"}, True), ({"会籍状态原因": "说明"}, True), ({}, False)],
)
def test_changing_a_confirmed_real_name_fact_by_import_asks_the_worker_again(world, over, cleared):
    officer = world.users["officer"]
    data = xlsx_real_name([real_name_row(1)])
    run(officer, world.ent_a, data)
    worker = Worker.objects.get(name="新职工1")
    confirmed = dt.date(2026, 1, 1)
    Worker.objects.filter(pk=worker.pk).update(confirmed_on=confirmed)
    run(officer, world.ent_a, xlsx_real_name([real_name_row(1, **over)]))
    worker.refresh_from_db()
    assert worker.confirmed_on == (None if cleared else confirmed)


def test_export_writes_the_labels_and_export_then_import_is_a_no_op(world):
    officer = full_id_officer(world)
    run(
        officer,
        world.ent_a,
        xlsx_real_name(
            [
                real_name_row(1),
                real_name_row(2, 会籍状态="保留", 会籍状态日期="2024-03-01", 会籍状态原因="'=待岗"),
                real_name_row(3, 民族=None, 政治面貌=None, 学历=None, 户籍所在地=None, 户口性质=None),
            ]
        ),
    )
    workers = Worker.objects.filter(branch__path__startswith=world.ent_a.path)
    before = state()
    data = export(officer, workers)
    cells = read_back(data)
    assert cells[0] == TWELVE + EIGHT
    second = next(r for r in cells if r[0] == "新职工2")
    assert second[12:18] == ["回族", "中共党员", "大学本科", "山西省太原市小店区", "农村", "保留"]
    assert second[18].date() == dt.date(2024, 3, 1) and second[19] == "'=待岗"
    plan = services.roster_import(actor=officer, unit=world.ent_a, rows=roster_io.open_roster(data).rows())
    assert plan.created == plan.updated == 0 and plan.unchanged == plan.total == len(cells) - 1
    assert state()[0] == before[0]


def test_the_admin_export_has_the_real_name_columns_and_imports_back_without_change(world, client_for):
    from tests.branches.test_roster_admin import admin_import

    client = client_for(world.users["admin"])
    admin_import(
        client, "worker", xlsx_real_name([real_name_row(1, 会籍状态="保留", 会籍状态日期="2024-03-01")])
    )
    worker = Worker.objects.get(name="新职工1")
    assert facts(worker)[5:7] == ("retained", dt.date(2024, 3, 1))
    response = client.post(reverse("admin:branches_worker_export"), {"format": "0", "resource": "0"})
    cells = read_back(response.content)
    assert cells[0] == TWELVE + EIGHT
    before = state()[0]
    admin_import(client, "worker", response.content)
    assert state()[0] == before
