"""Roster jobs always end: the table, the catch-all, redelivery, the reaper, retry, the broker down."""

import datetime as dt
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from branches import services, tasks
from branches.exceptions import RosterError
from branches.job_workflow import ROSTER_JOB
from branches.models import RosterJob, Worker
from tests.branches.roster_files import row, xlsx
from unionhome import permissions, workflow
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent
from unionhome.workflow import SYSTEM


@pytest.fixture(autouse=True)
def chinese():
    """Messages built outside a request (tasks, services) in the default language."""
    with translation.override("zh-hans"):
        yield


BROKER_DOWN = "后台服务暂不可用，请稍后重试"


def upload(client, unit, data: bytes):
    return client.post(
        reverse("branches:roster_import"),
        {"unit": unit.pk, "file": SimpleUploadedFile("roster.xlsx", data)},
        follow=True,
    )


def new_job(world, status="checking", **fields):
    return RosterJob.objects.create(
        kind=fields.pop("kind", "import"),
        unit=fields.pop("unit", world.ent_a),
        created_by=fields.pop("created_by", world.users["officer"]),
        status=status,
        **fields,
    )


def new_workers():
    return Worker.objects.filter(name__startswith="新职工").count()


# --- the table ---------------------------------------------------------------------------------

EXPECTED = {
    ("checking", "checked"): "ready",
    ("checking", "refuse"): "refused",
    ("checking", "fail"): "failed",
    ("ready", "confirm"): "queued",
    ("queued", "start"): "running",
    ("queued", "fail"): "failed",
    ("running", "finish"): "done",
    ("running", "refuse"): "refused",
    ("running", "fail"): "failed",
    ("failed", "retry"): "queued",
    ("failed", "recheck"): "checking",
}


def test_the_declaration_is_sound_and_complete():
    assert ROSTER_JOB.problems() == []
    assert {key: step.to for key, step in ROSTER_JOB.steps.items()} == EXPECTED
    # every state but the three ends can fail; nothing leaves done or refused
    assert sorted(ROSTER_JOB.final_states()) == ["done", "refused"]


@pytest.mark.parametrize(("key", "step"), ROSTER_JOB.steps.items())
def test_machine_steps_are_the_systems_and_people_steps_are_named(key, step):
    if key[1] in ("confirm", "retry", "recheck"):
        assert step.permission and not step.system
    else:
        assert step.system and not step.permission


@pytest.mark.parametrize(
    ("role", "expected"),
    [("officer", True), ("branch", False), ("district", False), ("admin", False), ("worker", False)],
)
def test_only_the_creator_still_a_union_officer_may_confirm_or_retry(world, role, expected):
    job = new_job(world, "ready")
    user = world.user(role)
    if role == "officer":
        assert permissions.allowed(user, "branches.confirm_roster_import", job)
    else:  # not the creator (an administrator included: the job is the officer's own)
        assert permissions.allowed(user, "branches.confirm_roster_import", job) is expected
    assert permissions.allowed(user, "branches.retry_roster_job", job) is expected


def test_a_creator_who_lost_the_role_may_no_longer_confirm_or_retry(world):
    job = new_job(world, "ready", created_by=world.users["branch"])
    assert not permissions.allowed(world.users["branch"], "branches.confirm_roster_import", job)
    assert not permissions.allowed(world.users["branch"], "branches.retry_roster_job", job)


# --- every failure ends the job ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OperationalError("server closed the connection unexpectedly"), "数据库暂时无法连接"),
        (FileNotFoundError("roster/x.xlsx"), "无法读取或写入任务文件"),
        (ZeroDivisionError("a bug"), "任务因意外错误而停止"),
    ],
)
def test_any_failure_in_a_task_marks_the_job_failed_with_a_reason(world, client_for, error, words):
    client = client_for(world.users["officer"])
    upload(client, world.ent_a, xlsx([row(1), row(2)]))
    job = RosterJob.objects.get(status="ready")
    with mock.patch("branches.services.jobs.roster_import", side_effect=error):
        page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert job.status == "failed" and words in job.message and job.finished_at
    assert page.status_code == 200 and words in page.content.decode()
    assert new_workers() == 0
    # the unit is free: the next import into it is not refused as busy
    upload(client, world.ent_a, xlsx([row(1)]))
    nxt = RosterJob.objects.exclude(pk=job.pk).get()
    client.post(reverse("branches:roster_job_confirm", args=[nxt.pk]))
    nxt.refresh_from_db()
    assert nxt.status == "done" and new_workers() == 1


def test_a_failure_while_checking_fails_the_job_too(world, client_for):
    client = client_for(world.users["officer"])
    with mock.patch("branches.services.jobs.roster_import_preview", side_effect=KeyError("x")):
        page = upload(client, world.ent_a, xlsx([row(1)]))
    job = RosterJob.objects.get()
    assert page.status_code == 200
    assert job.status == "failed" and "任务因意外错误而停止" in job.message


def test_a_task_delivered_again_for_a_job_that_moved_on_does_nothing(world):
    for status in ("running", "done", "failed", "refused"):
        job = new_job(world, status, kind="import")
        before = AuditEvent.objects.count()
        tasks.roster_job_import(job.pk)
        tasks.roster_job_check(job.pk)
        job.refresh_from_db()
        assert job.status == status and AuditEvent.objects.count() == before
    tasks.roster_job_import(999_999)  # a job that no longer exists: nothing, no error


def test_fail_job_leaves_a_finished_job_alone(world):
    job = new_job(world, "done")
    assert services.fail_job(job_id=job.pk, message="x") is None
    job.refresh_from_db()
    assert job.status == "done" and job.message == ""


# --- the heartbeat and the reaper ----------------------------------------------------------------


def test_the_reaper_fails_silent_jobs_and_frees_the_unit(world, settings):
    now = timezone.now()
    silent = now - dt.timedelta(minutes=settings.UNIONHOME["JOB_STALLED_MINUTES"] + 1)
    stalled = new_job(world, "running", heartbeat_at=silent)
    checking = new_job(world, "checking", heartbeat_at=silent, unit=world.ent_b)
    alive = new_job(world, "running", heartbeat_at=now, unit=world.branch_a1)
    queued_long = new_job(
        world, "queued", kind="export", unit=None,
        heartbeat_at=now - dt.timedelta(minutes=settings.UNIONHOME["JOB_QUEUED_MINUTES"] + 1),
    )  # fmt: skip
    queued_now = new_job(world, "queued", kind="export", unit=None, heartbeat_at=silent)
    call_command("reap_roster_jobs", verbosity=0)
    states = {j.pk: j.status for j in RosterJob.objects.all()}
    assert states[stalled.pk] == states[checking.pk] == states[queued_long.pk] == "failed"
    assert states[alive.pk] == "running" and states[queued_now.pk] == "queued"
    stalled.refresh_from_db()
    assert "任务已停止响应" in stalled.message
    event = AuditEvent.objects.get(action="roster_job.fail", object_id=str(stalled.pk))
    assert event.before == {"status": "running"} and event.after == {"status": "failed"}
    # the unit of the reaped import is free again
    again = new_job(world, "ready")
    services.roster_job_confirm(actor=world.users["officer"], job=again, mark_missing_as_left=False)
    assert services.reap_stalled_jobs() == 0  # nothing more to reap


def test_every_step_is_a_sign_of_life(world):
    job = new_job(world, "checking")
    assert job.heartbeat_at is None
    job = workflow.apply(ROSTER_JOB, actor=SYSTEM, obj=job, action="checked", fields={})
    assert job.heartbeat_at is not None


def test_the_heartbeat_writes_progress_and_a_sign_of_life(world):
    job = new_job(world, "running")
    beat = services.jobs.Heartbeat(job)
    beat.reporter(200)(50)
    beat.beat()
    job.refresh_from_db()
    assert job.progress == 25 and job.heartbeat_at is not None
    job.status = "done"
    job.save()
    beat.reporter(200)(200)
    beat.beat()  # a finished job is not touched any more
    job.refresh_from_db()
    assert job.progress == 25


# --- what the page shows -----------------------------------------------------------------------


def test_a_queued_job_shows_a_waiting_state_never_a_full_bar(world, client_for):
    job = new_job(world, "queued", total_rows=10)
    text = client_for(world.users["officer"]).get(job.get_absolute_url()).content.decode()
    assert "排队中 · 等待后台服务开始导入" in text
    assert "100%" not in text and 'value="100"' not in text
    assert services.job_progress(job) is None


def test_the_page_of_a_running_job_reads_the_progress_from_the_database_when_the_cache_is_down(
    world, client_for
):
    job = new_job(world, "running", progress=37)
    with mock.patch("branches.services.jobs.cache.get", side_effect=ConnectionError("redis down")):
        page = client_for(world.users["officer"]).get(reverse("branches:roster_job_progress", args=[job.pk]))
    assert page.status_code == 200 and "正在导入 · 37%" in page.content.decode()


def test_a_failed_job_without_a_message_still_says_what_to_do(world, client_for):
    job = new_job(world, "failed")
    text = client_for(world.users["officer"]).get(job.get_absolute_url()).content.decode()
    assert "任务未完成即已停止，未做任何更改；请重试。" in text and 'id="retry-form"' in text


# --- retry -----------------------------------------------------------------------------------------


def test_the_creator_retries_a_failed_import_and_it_runs(world, client_for):
    client = client_for(world.users["officer"])
    upload(client, world.ent_a, xlsx([row(1), row(2)]))
    job = RosterJob.objects.get()
    with mock.patch("branches.services.jobs.roster_import", side_effect=OperationalError("gone")):
        client.post(reverse("branches:roster_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed"
    page = client.post(reverse("branches:roster_job_retry", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert page.status_code == 200 and job.status == "done" and new_workers() == 2 and job.message == ""
    retry = AuditEvent.objects.get(action="roster_job.retry")
    assert retry.actor == world.users["officer"] and retry.after == {"status": "queued"}


def test_an_import_that_failed_while_checking_is_checked_again(world, client_for):
    client = client_for(world.users["officer"])
    with mock.patch("branches.services.jobs.roster_import_preview", side_effect=KeyError("x")):
        upload(client, world.ent_a, xlsx([row(1)]))
    job = RosterJob.objects.get()
    client.post(reverse("branches:roster_job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "ready" and new_workers() == 0  # checked; the officer confirms again
    assert AuditEvent.objects.filter(action="roster_job.recheck").count() == 1


def test_only_a_failed_job_may_be_retried_and_only_by_its_creator(world, client_for):
    done = new_job(world, "done")
    with pytest.raises(workflow.StateConflict):
        services.roster_job_retry(actor=world.users["officer"], job=done)
    failed = new_job(world, "failed")
    with pytest.raises(PermissionRefused):
        services.roster_job_retry(actor=world.users["admin"], job=failed)
    # a retry that would run two imports into one unit is refused as busy
    new_job(world, "running")
    with pytest.raises(RosterError) as refused:
        services.roster_job_retry(
            actor=world.users["officer"], job=new_job(world, "failed", params={"confirmed": True})
        )
    assert refused.value.code == "busy"
    # another officer's job is not even found
    assert (
        client_for(world.users["branch"])
        .post(reverse("branches:roster_job_retry", args=[failed.pk]))
        .status_code
        == 404
    )


# --- the broker down ---------------------------------------------------------------------------------


def broker_down():
    return mock.patch("celery.app.task.Task.delay", side_effect=BrokerError("Error 111 connecting to redis"))


def test_confirm_with_the_broker_down_fails_the_job_and_says_so(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    job = new_job(world, "ready", total_rows=2)
    with broker_down():
        page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), follow=True)
    job.refresh_from_db()
    assert page.status_code == 200 and BROKER_DOWN in page.content.decode()
    assert job.status == "failed" and BROKER_DOWN in job.message
    # the unit is free: another import into it may be confirmed
    services.roster_job_confirm(
        actor=world.users["officer"], job=new_job(world, "ready"), mark_missing_as_left=False
    )


def test_an_upload_and_an_export_with_the_broker_down_are_refused_not_500(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    with broker_down():
        page = upload(client, world.ent_a, xlsx([row(1), row(2)]))
        export = client.get(reverse("branches:roster_export"), follow=True)
    assert page.status_code == 200 and BROKER_DOWN in page.content.decode()
    assert export.status_code == 200 and BROKER_DOWN in export.content.decode()
    assert sorted(RosterJob.objects.values_list("kind", "status")) == [
        ("export", "failed"),
        ("import", "failed"),
    ]
