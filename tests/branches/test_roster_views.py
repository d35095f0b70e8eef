"""Officer workspace: template, upload → preview → confirm, the error report, export, background jobs."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from branches.models import RosterJob, Worker
from tests.branches.roster_files import read_back, row, xlsx
from unionhome.models import AccessLog

pytestmark = pytest.mark.usefixtures("chinese")


def upload(client, unit, data: bytes, name="roster.xlsx"):
    return client.post(
        reverse("branches:roster_import"),
        {"unit": unit.pk, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def workers_state():
    return list(Worker.objects.order_by("pk").values_list("pk", "name", "branch_id", "status", "updated_at"))


def test_officer_uploads_previews_and_confirms_an_import(world, client_for):
    client = client_for(world.users["officer"])
    before = workers_state()
    page = upload(
        client,
        world.ent_a,
        xlsx(
            [
                row(1),
                row(2),
                row(
                    3,
                    身份证号=world.worker_a2.id_number,
                    组织编码="A2",
                    姓名="李四",
                    会员证号="",
                    是否发证="否",
                ),
            ]
        ),
    )
    text = page.content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.READY
    assert "文件共 3 行，没有错误：将新增 2 名职工，更新 1 名，0 名不变。" in text
    assert "本单位有 1 名在职职工不在文件中" in text  # 张三 of A1
    assert workers_state() == before, "a preview writes nothing"
    page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), {}, follow=True)
    assert "导入完成：新增 2 名，更新 1 名，0 名不变，0 名标记为离职。" in page.content.decode()
    assert Worker.objects.filter(name__startswith="新职工").count() == 2
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.ACTIVE
    # a second confirm of the same job is refused with a message, not a second import
    page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), {}, follow=True)
    assert "当前为“已完成”，无法“确认导入”" in page.content.decode()


def test_confirming_with_mark_missing_as_left_marks_them(world, client_for):
    client = client_for(world.users["officer"])
    upload(client, world.branch_a1, xlsx([row(1)]))
    job = RosterJob.objects.get()
    client.post(
        reverse("branches:roster_job_confirm", args=[job.pk]),
        {"mark_missing_as_left": "on", "missing_confirmed": "on"},
    )
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.LEFT
    job.refresh_from_db()
    assert (job.status, job.left_count) == (RosterJob.Status.DONE, 1)


def test_a_file_with_errors_shows_the_row_report_and_offers_it_as_xlsx(world, client_for):
    client = client_for(world.users["officer"])
    before = workers_state()
    page = upload(client, world.ent_a, xlsx([row(1), row(2, 性别="女", 入会日期="2020-13-01")]))
    text = page.content.decode()
    assert "文件中有 2 处问题，未导入任何数据。" in text
    assert "性别与身份证号不符。" in text and "不是有效日期" in text
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.REFUSED
    report = client.get(reverse("branches:roster_job_report", args=[job.pk]))
    cells = read_back(b"".join(report.streaming_content))
    assert cells[0] == ["行号", "列", "内容", "原因"]
    assert cells[1] == [3, "性别", "女", "性别与身份证号不符。"]
    assert cells[2][:3] == [3, "入会日期", "2020-13-01"]
    assert workers_state() == before
    # a refused job cannot be confirmed
    client.post(reverse("branches:roster_job_confirm", args=[job.pk]))
    assert workers_state() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空。"),
        (b"name,gender\n", "这不是 Excel .xlsx 文件（可能是 CSV、文本或其他格式）。"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
            "这是旧版 Excel（.xls）或其他 Office 97 格式文件。请另存为 .xlsx 后重试。",
        ),
    ],
)
def test_a_hostile_upload_is_refused_with_a_message_never_a_500(world, client_for, data, message):
    client = client_for(world.users["officer"])
    page = (
        upload(client, world.ent_a, data)
        if data
        else client.post(
            reverse("branches:roster_import"),
            {"unit": world.ent_a.pk, "file": SimpleUploadedFile("x.xlsx", b"")},
        )
    )
    assert page.status_code == 200
    if data:
        assert message in page.content.decode()
    else:
        assert "上传的文件是空的。" in page.content.decode()  # Django's own form refusal


@pytest.mark.parametrize("role", ["branch", "district"])
def test_import_pages_are_for_union_officers_only(world, client_for, role):
    client = client_for(world.users[role])
    assert client.get(reverse("branches:roster_import")).status_code == 403
    assert client.post(reverse("branches:roster_import"), {}).status_code == 403
    assert client.get(reverse("branches:roster_template")).status_code == 403


def test_an_officer_cannot_import_into_another_enterprise(world, client_for):
    client = client_for(world.users["officer_b"])
    page = upload(client, world.ent_a, xlsx([row(1)]))
    assert "所选的项不在列表中" in page.content.decode()
    assert not RosterJob.objects.exists()


def test_the_template_download_is_an_xlsx_with_the_units_codes(world, client_for):
    response = client_for(world.users["officer"]).get(reverse("branches:roster_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    codes = read_back(response.content, 1)
    assert ["A1G", "甲一小组"] in codes and not any(r[0] == "B1" for r in codes)


def test_export_honours_the_lists_filters_and_scope_and_is_logged(world, client_for):
    Worker.objects.filter(pk=world.worker_a2.pk).update(is_member=False, member_since=None)
    client = client_for(world.users["officer"])
    response = client.get(reverse("branches:roster_export") + "?is_member=false")
    cells = read_back(response.content)
    assert [r[0] for r in cells[1:]] == ["李四"]
    assert cells[1][2] == world.worker_a2.masked_id_number
    log = AccessLog.objects.get()
    assert (log.kind, log.user) == (
        "export",
        world.users["officer"],
    ) and "is_member=false" in log.detail_args["query"]


@pytest.mark.parametrize(
    ("role", "names"),
    [("branch", ["张三"]), ("district", ["张三", "李四", "王五"]), ("officer_b", ["王五"])],
)
def test_export_covers_the_users_scope_with_masked_ids(world, client_for, role, names):
    cells = read_back(client_for(world.users[role]).get(reverse("branches:roster_export")).content)
    assert sorted(r[0] for r in cells[1:]) == sorted(names)
    assert all("*" in r[2] for r in cells[1:])


def test_a_union_officer_granted_full_ids_exports_them(world, client_for):
    from branches.models import Appointment

    Appointment.objects.filter(user=world.users["officer"]).update(full_id_access=True)
    cells = read_back(client_for(world.users["officer"]).get(reverse("branches:roster_export")).content)
    assert world.worker_a1.id_number in [r[2] for r in cells[1:]]


def test_workers_cannot_export(world, client_for):
    assert client_for(world.users["worker"]).get(reverse("branches:roster_export")).status_code == 403


def test_large_imports_run_as_background_jobs_with_progress(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    upload(client, world.ent_a, xlsx([row(1), row(2)]))  # the Celery task runs eagerly here
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.READY
    client.post(reverse("branches:roster_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == RosterJob.Status.DONE and job.created_count == 2
    progress = client.get(reverse("branches:roster_job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true"


def test_the_progress_bar_polls_while_a_job_runs(world, client_for):
    job = RosterJob.objects.create(
        kind="import", unit=world.ent_a, created_by=world.users["officer"], status=RosterJob.Status.RUNNING
    )
    from django.core.cache import cache

    from branches.services import job_progress_key

    cache.set(job_progress_key(job.pk), 42)
    page = client_for(world.users["officer"]).get(reverse("branches:roster_job", args=[job.pk]))
    text = page.content.decode()
    assert 'hx-trigger="every 1s"' in text and 'value="42"' in text and "正在导入 · 42%" in text


def test_two_imports_into_the_same_unit_cannot_run_at_once(world, client_for):
    officer = world.users["officer"]
    RosterJob.objects.create(
        kind="import", unit=world.ent_a, created_by=officer, status=RosterJob.Status.RUNNING
    )
    client = client_for(officer)
    upload(client, world.ent_a, xlsx([row(1)]))
    job = RosterJob.objects.get(status=RosterJob.Status.READY)
    page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), follow=True)
    assert "该单位正有另一个导入在进行，请等其完成后再试。" in page.content.decode()
    job.refresh_from_db()
    assert job.status == RosterJob.Status.READY
    assert not Worker.objects.filter(name="新职工1").exists()


def test_another_users_job_is_not_found(world, client_for):
    upload(client_for(world.users["officer"]), world.ent_a, xlsx([row(1)]))
    job = RosterJob.objects.get()
    other = client_for(world.users["admin"])
    assert other.get(reverse("branches:roster_job", args=[job.pk])).status_code == 404
    assert other.post(reverse("branches:roster_job_confirm", args=[job.pk])).status_code == 404


def test_large_exports_run_in_the_background_and_only_the_creator_downloads_them(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    page = client.get(reverse("branches:roster_export"), follow=True)
    assert "导出正在后台进行" in page.content.decode()
    job = RosterJob.objects.get(kind="export")
    assert job.status == RosterJob.Status.DONE and job.total_rows == 2
    cells = read_back(
        b"".join(client.get(reverse("branches:roster_job_download", args=[job.pk])).streaming_content)
    )
    assert sorted(r[0] for r in cells[1:]) == ["张三", "李四"]
    assert (
        client_for(world.users["district"])
        .get(reverse("branches:roster_job_download", args=[job.pk]))
        .status_code
        == 404
    )


# --- the command line ------------------------------------------------------------------------


def test_import_roster_dry_run_counts_and_writes_nothing(world, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx([row(1), row(2)]))
    out = io.StringIO()
    before = workers_state()
    call_command("import_roster", str(path), "--branch", "A", "--dry-run", stdout=out)
    assert "2 rows: 2 would be created, 0 updated, 0 unchanged" in out.getvalue()
    assert workers_state() == before
    call_command("import_roster", str(path), "--branch", "A", "--user", "officer", stdout=out)
    assert Worker.objects.filter(name__startswith="新职工").count() == 2


def test_import_roster_prints_the_report_and_exits_non_zero(world, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(xlsx([row(1, 性别="女")]))
    out = io.StringIO()
    before = workers_state()
    with pytest.raises(CommandError, match="文件中有 1 处问题，未导入任何数据。"):
        call_command("import_roster", str(path), "--branch", "A", stdout=out)
    assert "2\t性别\t女\t性别与身份证号不符。" in out.getvalue()
    assert workers_state() == before


def test_import_roster_refuses_a_hostile_file_and_a_user_out_of_scope(world, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="这不是 Excel .xlsx 文件"):
        call_command("import_roster", str(path), "--branch", "A")
    path.write_bytes(xlsx([row(1)]))
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--branch", "A", "--user", "officer_b")


def test_export_roster_writes_full_ids_unless_masked(world, tmp_path):
    full, masked = tmp_path / "full.xlsx", tmp_path / "masked.xlsx"
    call_command("export_roster", "--branch", "A", "-o", str(full), stdout=io.StringIO())
    call_command("export_roster", "--branch", "A", "-o", str(masked), "--masked", stdout=io.StringIO())
    assert world.worker_a1.id_number in [r[2] for r in read_back(full.read_bytes())[1:]]
    assert world.worker_a1.masked_id_number in [r[2] for r in read_back(masked.read_bytes())[1:]]
    # and the full export imports back as a no-op
    out = io.StringIO()
    call_command("import_roster", str(full), "--branch", "A", stdout=out)
    assert "2 rows: 0 were created, 0 updated, 2 unchanged" in out.getvalue()


def test_the_import_page_lists_recent_jobs_with_a_constant_number_of_queries(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["officer"])
    url = reverse("branches:roster_import")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    RosterJob.objects.create(
        kind="import", unit=world.ent_a, created_by=world.users["officer"], status="done"
    )
    small = count()
    for unit in (world.branch_a1, world.branch_a2, world.group_a1) * 4:
        RosterJob.objects.create(kind="import", unit=unit, created_by=world.users["officer"], status="done")
    assert count() == small


def test_a_job_whose_file_has_gone_is_refused_with_a_message(world, client_for):
    from branches import services

    job = RosterJob.objects.create(
        kind="import", unit=world.ent_a, created_by=world.users["officer"], upload="roster/gone.xlsx"
    )
    job = services.roster_job_check(job=job)
    assert job.status == RosterJob.Status.REFUSED
    assert job.message == "上传的文件已无法读取，请重新上传。"


def test_an_upload_over_the_size_cap_is_refused_before_it_is_stored(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_UPLOAD_BYTES": 1024 * 1024}
    page = upload(client_for(world.users["officer"]), world.ent_a, b"PK\x03\x04" + b"\0" * (1024 * 1024 + 10))
    assert "文件超过 1 MB。" in page.content.decode()
    assert not RosterJob.objects.exists()
