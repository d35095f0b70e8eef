"""Import meets transfer (docs/DOMAIN.md §5): rows of workers active on another enterprise's roster.

The preview in the officer workspace lists them apart and offers to start membership transfers for
them; with that chosen, the other rows are imported and "claimed" transfers started in the same
confirm step, and nothing of those workers changes until the other union releases them. Without
it (and always on the command line and in the admin) the file is refused, all or nothing.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from branches import roster_io, services
from branches.exceptions import RosterImportRefused
from branches.models import MembershipTransfer, RosterJob, TransferTransition, Worker
from tests.branches.roster_files import row, xlsx
from tests.branches.test_roster_import import state
from tests.factories import WorkerFactory
from unionhome.models import AuditEvent

pytestmark = pytest.mark.usefixtures("chinese")

HELD = "该身份证号已是其他工会的会员"


def snapshot(worker) -> tuple:
    return tuple(Worker.objects.filter(pk=worker.pk).values_list(*services.WORKER_FIELDS, "updated_at").get())


def colliding_rows(world) -> list[dict]:
    other = world.worker_b1
    # the file names the worker as the record does: only then may a transfer be requested
    return [row(1), row(2, 身份证号=other.id_number, 姓名=other.name, 会员证号="HZ-NEW", 组织编码="A1G")]


def rows_of(data: bytes):
    return roster_io.open_roster(data).rows()


# --- the service ----------------------------------------------------------------------------------


def test_the_preview_lists_the_rows_of_another_enterprise_apart_when_offering_transfers(world):
    plan = services.roster_import_preview(
        actor=world.users["officer"],
        unit=world.ent_a,
        rows=rows_of(xlsx(colliding_rows(world))),
        offer_transfers=True,
    )
    assert plan.problems == [] and plan.created == 1 and plan.updated == 0
    [claim] = plan.claims
    assert (claim.row, claim.worker, claim.branch, claim.holder) == (3, world.worker_b1, world.group_a1, "")


def test_without_offering_transfers_the_preview_reports_them_as_row_problems(world):
    plan = services.roster_import_preview(
        actor=world.users["officer"], unit=world.ent_a, rows=rows_of(xlsx(colliding_rows(world)))
    )
    assert plan.claims == [] and [(p.row, p.code) for p in plan.problems] == [(3, "transfer_possible")]


def test_with_other_problems_in_the_file_the_colliding_rows_are_problems_too(world):
    rows = [*colliding_rows(world), row(3, 性别="女")]
    plan = services.roster_import_preview(
        actor=world.users["officer"], unit=world.ent_a, rows=rows_of(xlsx(rows)), offer_transfers=True
    )
    assert plan.claims == []
    assert [(p.row, p.code) for p in plan.problems] == [(3, "transfer_possible"), (4, "gender_mismatch")]
    assert "可申请会员关系转接" in plan.problems[0].reason and "乙企业" not in plan.problems[0].reason


def test_chosen_collisions_become_pending_transfers_and_nothing_else_changes_for_those_workers(world):
    officer, other = world.users["officer"], world.worker_b1
    before = snapshot(other)
    plan = services.roster_import(
        actor=officer,
        unit=world.ent_a,
        rows=rows_of(xlsx(colliding_rows(world))),
        start_transfers_for=[other.pk],
    )
    assert (plan.created, plan.updated, len(plan.transfers)) == (1, 0, 1)
    assert Worker.objects.filter(name="新职工1", branch=world.branch_a1).exists()
    assert snapshot(other) == before, "the other enterprise's worker is not written by the import"
    transfer = MembershipTransfer.objects.get(worker=other)
    assert (transfer.state, transfer.from_branch, transfer.to_unit, transfer.to_branch) == (
        "claimed",
        world.branch_b1,
        world.ent_a,
        world.group_a1,
    )
    assert transfer.requested_by == officer and "甲企业工会" in transfer.reason
    assert TransferTransition.objects.filter(transfer=transfer, to_state="claimed").count() == 1
    start = AuditEvent.objects.get(action="transfer.start", object_id=str(transfer.pk))
    assert start.actor == officer and start.branch_path == world.branch_b1.path
    assert AuditEvent.objects.get(action="roster.import").after["transfers_started"] == 1
    assert not AuditEvent.objects.filter(object_id=str(other.pk), action__startswith="worker.").exists()
    # nothing moves until the old unit's officer releases the worker
    services.transfer_apply(actor=world.users["officer_b"], transfer=transfer, action="release")
    other.refresh_from_db()
    assert (
        other.branch == world.group_a1
        and other.member_since == before[services.WORKER_FIELDS.index("member_since")]
    )
    assert other.name == "王五", "the file's other cells are not applied by the transfer"


def test_without_the_choice_the_file_is_refused_and_nothing_changes(world):
    before = state()
    with pytest.raises(RosterImportRefused) as exc:
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=rows_of(xlsx(colliding_rows(world)))
        )
    assert state() == before and not MembershipTransfer.objects.exists()
    [problem] = exc.value.problems
    assert (problem.row, problem.column) == (3, "身份证号") and HELD in problem.reason


def test_a_collision_not_chosen_in_the_preview_is_still_refused(world):
    """A worker who appeared on another roster after the preview is not claimed unseen."""
    late = WorkerFactory(branch=world.branch_b1, name="赵六")
    rows = [*colliding_rows(world), row(3, 身份证号=late.id_number, 会员证号="", 是否发证="否")]
    before = state()
    with pytest.raises(RosterImportRefused) as exc:
        services.roster_import(
            actor=world.users["officer"],
            unit=world.ent_a,
            rows=rows_of(xlsx(rows)),
            start_transfers_for=[world.worker_b1.pk],
        )
    assert [(p.row, p.code) for p in exc.value.problems] == [(3, "transfer_possible"), (4, "other_union")]
    assert state() == before and not MembershipTransfer.objects.exists()


def test_a_worker_already_in_transfer_or_gone_from_the_other_roster_is_a_row_problem(world):
    officer = world.users["officer"]
    services.transfer_start(
        actor=world.users["officer_b"], worker=world.worker_b1, reason="调动", outside_union="外单位工会"
    )
    gone = WorkerFactory(branch=world.branch_b1, name="赵六", status=Worker.Status.LEFT)
    rows = [*colliding_rows(world), row(3, 身份证号=gone.id_number, 会员证号="", 是否发证="否")]
    plan = services.roster_import_preview(
        actor=officer, unit=world.ent_a, rows=rows_of(xlsx(rows)), offer_transfers=True
    )
    assert plan.claims == []
    assert [(p.row, p.code, p.reason) for p in plan.problems] == [
        (3, "transfer_open", "该职工已有一项正在办理的会员关系转接。"),
        (4, "other_union", "该身份证号已是其他工会的会员。"),
    ]


def test_the_command_line_keeps_refusing_and_points_at_the_workspace(world, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx(colliding_rows(world)))
    out = io.StringIO()
    before = state()
    with pytest.raises(CommandError, match="在工作台的花名册导入中上传该文件，并在预览中选择发起转接"):
        call_command("import_roster", str(path), "--branch", "A", "--user", "officer", stdout=out)
    assert HELD in out.getvalue() and "可申请会员关系转接" in out.getvalue()
    assert state() == before and not MembershipTransfer.objects.exists()


# --- the officer workspace --------------------------------------------------------------------------


def upload(client, unit, data: bytes):
    return client.post(
        reverse("branches:roster_import"),
        {"unit": unit.pk, "file": SimpleUploadedFile("roster.xlsx", data)},
        follow=True,
    )


def test_the_preview_page_lists_them_with_masked_ids_and_offers_transfers(world, client_for):
    client = client_for(world.users["officer"])
    before = state()
    text = upload(client, world.ent_a, xlsx(colliding_rows(world))).content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.READY
    assert "文件中有 1 行是其他企业花名册上的在职职工，导入不会写入这些行。" in text
    assert world.worker_b1.masked_id_number in text and world.worker_b1.id_number not in text
    assert "王五" in text and "乙企业" not in text and world.group_a1.name in text
    assert "可申请会员关系转接" in text
    assert "为这 1 名职工发起会员关系转接" in text and 'name="start_transfers"' in text
    assert state()[0] == before[0], "a preview writes no worker"


def test_confirming_without_the_choice_refuses_the_whole_file(world, client_for):
    client = client_for(world.users["officer"])
    upload(client, world.ent_a, xlsx(colliding_rows(world)))
    job = RosterJob.objects.get()
    before = state()
    text = client.post(
        reverse("branches:roster_job_confirm", args=[job.pk]), {}, follow=True
    ).content.decode()
    job.refresh_from_db()
    assert job.status == RosterJob.Status.REFUSED
    assert "文件中有 1 处问题，未导入任何数据。" in text and HELD in text
    assert not MembershipTransfer.objects.exists()
    assert Worker.objects.filter(name="新职工1").count() == 0
    assert snapshot(world.worker_b1) == [r for r in before[0] if r[2] == world.worker_b1.id_number][0]


def test_confirming_with_the_choice_imports_the_other_rows_and_starts_the_transfers(world, client_for):
    client = client_for(world.users["officer"])
    upload(client, world.ent_a, xlsx(colliding_rows(world)))
    job = RosterJob.objects.get()
    before = snapshot(world.worker_b1)
    text = client.post(
        reverse("branches:roster_job_confirm", args=[job.pk]), {"start_transfers": "on"}, follow=True
    ).content.decode()
    job.refresh_from_db()
    assert (job.status, job.created_count, job.params["transfers_started"]) == (RosterJob.Status.DONE, 1, 1)
    assert "已发起 1 项会员关系转接；对方工会放行后，职工即转入。" in text
    assert Worker.objects.filter(name="新职工1").exists()
    assert MembershipTransfer.objects.get(worker=world.worker_b1).state == "claimed"
    assert snapshot(world.worker_b1) == before
