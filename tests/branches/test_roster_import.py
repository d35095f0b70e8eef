"""The all-or-nothing roster import and the export (branches.services), through real small files."""

import datetime as dt
import io

import pytest

from branches import roster_io, rules, services
from branches.exceptions import PermissionRefused, RosterImportRefused
from branches.models import Appointment, Worker
from tests.branches.roster_files import read_back, row, xlsx
from tests.factories import AppointmentFactory, WorkerFactory, id_number
from unionhome.models import AccessLog, AuditEvent

pytestmark = pytest.mark.usefixtures("chinese")


def state():
    """Everything an import may touch: every worker's values and the audit trail's length."""
    return (
        list(Worker.objects.order_by("pk").values_list(*services.WORKER_FIELDS, "updated_at")),
        AuditEvent.objects.count(),
    )


def run(actor, unit, rows, **kwargs):
    sheet = roster_io.open_roster(xlsx(rows))
    return services.roster_import(actor=actor, unit=unit, rows=sheet.rows(), **kwargs)


def refusal(actor, unit, rows) -> list[tuple]:
    before = state()
    with pytest.raises(RosterImportRefused) as exc:
        run(actor, unit, rows)
    assert state() == before, "a refused file must change nothing"
    return [(p.row, p.column, p.value, p.reason) for p in exc.value.problems]


def test_a_good_file_creates_and_updates_workers_in_one_go_with_audit_records(world):
    officer = world.users["officer"]
    existing = world.worker_a2
    rows = [
        row(1),
        row(
            2,
            组织编码="A1G",
            性别="女",
            身份证号=id_number(3, "F", dt.date(1988, 8, 8)),
            是否发证="否",
            会员证号="",
        ),
        row(3, 身份证号=existing.id_number, 姓名="李四(改)", 组织编码="A2", 会员证号="", 是否发证="否"),
    ]
    plan = run(officer, world.ent_a, rows)
    assert (plan.created, plan.updated, plan.unchanged) == (2, 1, 0)
    created = Worker.objects.get(name="新职工1")
    assert created.branch == world.branch_a1 and created.card_number == "HZ000001" and created.card_issued
    assert created.member_since == dt.date(2020, 6, 1) and created.hire_date == dt.date(2020, 3, 1)
    assert Worker.objects.get(name="新职工2").branch == world.group_a1
    existing.refresh_from_db()
    assert existing.name == "李四(改)"
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("worker.import_create") == 2 and actions.count("worker.import_update") == 1
    update = AuditEvent.objects.get(action="worker.import_update")
    assert update.before["name"] == "李四" and update.after["name"] == "李四(改)"
    assert update.actor == officer and update.branch_path == world.branch_a2.path
    summary = AuditEvent.objects.get(action="roster.import")
    assert summary.after == {
        "rows": 3,
        "created": 2,
        "updated": 1,
        "unchanged": 0,
        "marked_left": 0,
        "transfers_started": 0,
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    officer = world.users["officer"]
    run(officer, world.ent_a, [row(1), row(2)])
    before = Worker.objects.order_by("pk").values_list("pk", "updated_at")
    plan = run(officer, world.ent_a, [row(1), row(2)])
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)
    assert list(Worker.objects.order_by("pk").values_list("pk", "updated_at")) == list(before)


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"姓名": ""}, ("姓名", "", "此项为必填项。")),
        (
            {"身份证号": "110105198505050030"},
            ("身份证号", "110105198505050030", "身份证号校验码错误（GB 11643）。"),
        ),
        (
            {"身份证号": "110105198502300012"},
            ("身份证号", "110105198502300012", "身份证号中的出生日期不是有效日期。"),
        ),
        (
            {"身份证号": "11010519850505"},
            ("身份证号", "11010519850505", "身份证号应为17位数字加1位数字或X。"),
        ),
        (
            {"身份证号": "1101**********0038"},
            (
                "身份证号",
                "1101**********0038",
                "身份证号已脱敏（含 *）：脱敏导出的文件不能直接导入，请填写完整身份证号。",
            ),
        ),
        ({"性别": "女"}, ("性别", "女", "性别与身份证号不符。")),
        ({"性别": "男性"}, ("性别", "男性", "只能填写 男/女。")),
        ({"用工性质": "临时"}, ("用工性质", "临时", "只能填写 正式/派遣/农民工。")),
        ({"状态": "休假"}, ("状态", "休假", "只能填写 在职/离职/退休。")),
        ({"组织编码": "B1"}, ("组织编码", "B1", "导入单位下没有这个组织编码。")),
        (
            {"入职日期": "2024/2/30"},
            (
                "入职日期",
                "2024/2/30",
                "不是有效日期：请使用 Excel 日期，或 2024-01-05、2024/1/5、2024年1月5日 的格式。",
            ),
        ),
        ({"入会日期": None}, ("入会日期", "", "会员必须填写入会日期。")),
        ({"会员证号": None}, ("会员证号", "", "已发证的须填写会员证号。")),
        ({"是否会员": "否", "入会日期": None}, ("是否发证", "是", "只有会员才能持有会员证。")),
        ({"手机号": "12345"}, ("手机号", "12345", "手机号应为 7 至 15 位数字。")),
    ],
    ids=lambda v: "-".join(v) if isinstance(v, tuple) else None,
)
def test_each_rule_refuses_the_whole_file_with_a_row_report(world, over, expected):
    problems = refusal(world.users["officer"], world.ent_a, [row(1), row(2, **over)])
    assert problems == [(3, *expected)]


def test_an_id_number_twice_in_the_file_is_reported_against_the_first_row(world):
    problems = refusal(
        world.users["officer"], world.ent_a, [row(1), row(2), row(3, 身份证号=row(1)["身份证号"])]
    )
    assert problems == [(4, "身份证号", row(1)["身份证号"], "该身份证号与本文件第 2 行重复。")]


def test_a_card_number_twice_in_the_file_is_reported(world):
    problems = refusal(world.users["officer"], world.ent_a, [row(1), row(2, 会员证号="HZ000001")])
    assert problems == [(3, "会员证号", "HZ000001", "该会员证号与本文件第 2 行重复。")]


def test_a_card_number_of_another_worker_is_reported(world):
    WorkerFactory(branch=world.branch_a2, card_number="HZ-TAKEN", card_issued=True)
    problems = refusal(world.users["officer"], world.ent_a, [row(1, 会员证号="HZ-TAKEN")])
    assert problems == [(2, "会员证号", "HZ-TAKEN", "该会员证号已被其他职工使用。")]


def test_an_id_number_on_another_enterprises_roster_is_reported_not_moved(world):
    other = world.worker_b1
    problems = refusal(world.users["officer"], world.ent_a, [row(1, 身份证号=other.id_number)])
    assert problems == [
        (
            2,
            "身份证号",
            other.id_number,
            "该身份证号已是其他工会的会员。",
        )
    ]
    other.refresh_from_db()
    assert other.branch == world.branch_b1


def test_every_row_code_must_lie_in_the_units_subtree(world):
    problems = refusal(
        world.users["officer"], world.branch_a1, [row(1, 组织编码="A1G"), row(2, 组织编码="A2")]
    )
    assert problems == [(3, "组织编码", "A2", "导入单位下没有这个组织编码。")]


def test_a_closed_unit_takes_no_rows(world):
    world.group_a1.is_active = False
    world.group_a1.closed_on = dt.date(2024, 1, 1)
    world.group_a1.save()
    problems = refusal(world.users["officer"], world.ent_a, [row(1, 组织编码="A1G")])
    assert problems == [(2, "组织编码", "A1G", "该组织已撤销。")]


def test_every_problem_of_every_row_is_listed_in_row_and_column_order(world):
    problems = refusal(
        world.users["officer"], world.ent_a, [row(1, 状态="x", 姓名=""), row(2), row(3, 性别="女")]
    )
    assert [(p[0], p[1]) for p in problems] == [(2, "姓名"), (2, "状态"), (4, "性别")]


@pytest.mark.parametrize("role", ["branch", "district", "officer_b", "worker"])
def test_only_union_officers_of_the_enterprise_may_import(world, role):
    before = state()
    with pytest.raises(PermissionRefused):
        run(world.users[role], world.ent_a, [row(1)])
    assert state() == before


def test_an_administrator_may_import(world):
    assert run(world.users["admin"], world.ent_a, [row(1)]).created == 1


def test_workers_missing_from_the_file_are_left_alone_unless_asked(world):
    officer = world.users["officer"]
    plan = run(officer, world.branch_a1, [row(1)])
    assert plan.missing_active == 1  # 张三 of A1 is not in the file
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.ACTIVE
    plan = run(officer, world.branch_a1, [row(1)], mark_missing_as_left=True)
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.LEFT and world.worker_a1.left_on is not None
    world.worker_a2.refresh_from_db()
    assert world.worker_a2.status == Worker.Status.ACTIVE  # A2 is outside the imported unit
    assert AuditEvent.objects.filter(action="worker.import_leave", object_id=str(world.worker_a1.pk)).exists()


def full_id_officer(world):
    user = AppointmentFactory(
        branch=world.ent_a, role=Appointment.Role.UNION_OFFICER, full_id_access=True, user__username="hr"
    ).user
    return user


def export(actor, workers, masked=False) -> bytes:
    buffer = io.BytesIO()
    services.roster_export(actor=actor, workers=workers, target=buffer, masked=masked)
    return buffer.getvalue()


def test_export_then_import_is_a_no_op(world):
    officer = full_id_officer(world)
    run(
        officer,
        world.ent_a,
        [
            row(1),
            row(2, 状态="离职"),
            row(3, 是否会员="否", 入会日期=None, 是否发证="否", 会员证号=None, 手机号=None, 入职日期=None),
        ],
    )
    WorkerFactory(branch=world.branch_a2, name='=HYPERLINK("http://x")', phone="")
    before = state()
    data = export(officer, Worker.objects.filter(branch__path__startswith=world.ent_a.path))
    plan = services.roster_import(actor=officer, unit=world.ent_a, rows=roster_io.open_roster(data).rows())
    assert plan.created == 0 and plan.updated == 0 and plan.unchanged == plan.total == 6
    assert state()[0] == before[0]


def test_export_escapes_formula_like_cells_and_masks_ids_without_a_grant(world):
    WorkerFactory(branch=world.branch_a2, name="=1+2", phone="")
    data = export(world.users["officer"], Worker.objects.filter(branch__path__startswith=world.ent_a.path))
    cells = read_back(data)
    assert cells[0] == list(rules.ALL_ROSTER_COLUMNS)
    names = [r[0] for r in cells[1:]]
    assert "'=1+2" in names
    ids = [r[2] for r in cells[1:]]
    assert all("*" in i for i in ids) and world.worker_a1.masked_id_number in ids
    assert AccessLog.objects.filter(kind="export", user=world.users["officer"]).count() == 1


def test_a_masked_export_cannot_be_imported_as_is(world):
    officer = world.users["officer"]
    data = export(officer, Worker.objects.filter(branch__path__startswith=world.ent_a.path))
    before = state()
    with pytest.raises(RosterImportRefused) as exc:
        services.roster_import(actor=officer, unit=world.ent_a, rows=roster_io.open_roster(data).rows())
    assert {p.reason for p in exc.value.problems} == {
        "身份证号已脱敏（含 *）：脱敏导出的文件不能直接导入，请填写完整身份证号。"
    }
    assert state() == before


def test_excel_dates_serials_and_numbers_typed_as_numbers_are_read(world):
    r = row(1, 入职日期=dt.datetime(2021, 2, 3), 入会日期=44300, 手机号=13800138000)
    run(world.users["officer"], world.ent_a, [r])
    w = Worker.objects.get(name="新职工1")
    assert w.hire_date == dt.date(2021, 2, 3) and w.member_since == dt.date(2021, 4, 14)
    assert w.phone == "13800138000"


def test_an_import_over_several_enterprises_still_refuses_moving_a_worker_between_them(world):
    # an administrator importing at district level: each row's own enterprise is what counts
    problems = refusal(
        world.users["admin"], world.district, [row(1, 身份证号=world.worker_b1.id_number, 组织编码="A1")]
    )
    assert problems[0][1:3] == ("身份证号", world.worker_b1.id_number)
    assert "乙企业工会" in problems[0][3]


def test_the_refusal_of_a_masked_export_says_so_in_one_line(world):
    data = export(world.users["officer"], Worker.objects.filter(branch__path__startswith=world.ent_a.path))
    with pytest.raises(RosterImportRefused) as exc:
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(data).rows()
        )
    assert str(exc.value) == (
        "文件中有 2 处问题，未导入任何数据。 身份证号一列含有 *：这是脱敏导出的文件，不能直接导入。"
        "请填写完整身份证号，或请有权导出完整身份证号的同事导出。"
    )
