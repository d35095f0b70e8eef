"""Faults injected into real services: the database connection killed mid-import, a worker killed
mid-task, the broker down at confirm and at an approval. Each ends with the job failed and its unit
free, or the action committed and its e-mail sent later; never with anything partial in the database.
"""

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from branches import services
from branches.models import RosterJob, Worker
from hardship.models import Application
from tests.branches.roster_files import row, xlsx
from tests.factories import id_number
from tests.hardship.factories import application_in, campaign_for
from unionhome.celery import app as celery_app
from unionhome.models import OutboxMessage

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens there: the broker is "down"
DEAD_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_BROKER}}

# They kill connections and worker processes: on PostgreSQL they run alone, after the rest (Makefile).
pytestmark = pytest.mark.isolated


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def use_broker(**conf) -> dict:
    """Point the Celery app at another broker; returns the settings it replaced."""
    saved = {k: celery_app.conf[k] for k in conf}
    celery_app._pool = None  # kombu keeps one pool per broker address: the next use picks the new one
    celery_app.amqp._producer_pool = None
    celery_app.conf.update(conf)
    return saved


@contextlib.contextmanager
def eager():
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved


@pytest.fixture
def broker_down(settings):
    """Redis is down: the broker and the cache both refuse connections; tasks are not eager."""
    saved = use_broker(broker_url=DEAD_BROKER, task_always_eager=False)
    settings.CACHES = DEAD_CACHE
    yield
    use_broker(**saved)


def new_workers() -> int:
    return Worker.objects.filter(name__startswith="新职工").count()


def upload(client, unit, data: bytes):
    return client.post(
        reverse("branches:roster_import"),
        {"unit": unit.pk, "file": SimpleUploadedFile("roster.xlsx", data)},
        follow=True,
    )


def many_rows(count: int) -> list[dict]:
    """``count`` valid rows with distinct ID numbers (500 per birth date)."""
    return [
        row(n, 身份证号=id_number(n, "M", dt.date(1980, 1, 1) + dt.timedelta(days=n // 500)))
        for n in range(1, count + 1)
    ]


def ready_import(world, client, rows: int) -> RosterJob:
    with eager():  # checked here
        upload(client, world.ent_a, xlsx(many_rows(rows)))
    job = RosterJob.objects.get(status="ready")
    assert job.total_rows == rows
    return job


def assert_unit_free(world, client):
    """A new import into the unit goes all the way (the failed one does not block it)."""
    job = ready_import(world, client, 1)
    client.post(reverse("branches:roster_job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.message


# --- the database connection killed mid-import ----------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_database_connection_killed_mid_import_fails_the_job_and_writes_nothing(world, client_for):
    import psycopg2

    client = client_for(world.users["officer"])
    job = ready_import(world, client, 30)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = connection.settings_dict
    chunks = []

    def kill_at_second_chunk(done):
        chunks.append(done)
        if len(chunks) == 2:  # the first chunk is written (inside the import's transaction)
            other = psycopg2.connect(
                dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
            )
            other.autocommit = True
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            other.close()

    real_reporter = services.jobs.Heartbeat.reporter

    def reporter(self, total, start=0, span=100):
        report = real_reporter(self, total, start, span)
        return lambda done: (report(done), kill_at_second_chunk(done))

    with (
        mock.patch("branches.services.imports.IMPORT_CHUNK", 10),
        mock.patch.object(services.jobs.Heartbeat, "reporter", reporter),
    ):
        page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), follow=True)
    # killed after the second chunk's report; the import learns it at its next statement, which on
    # PostgreSQL its writer sends once the rows to merge are checked (here: after the last chunk)
    assert len(chunks) >= 2
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == "failed" and "数据库暂时无法连接" in job.message
    assert new_workers() == 0  # the chunk written before the kill was rolled back
    assert_unit_free(world, client)


# --- a worker killed mid-task ---------------------------------------------------------------------------


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unionhome", "worker", "--pool=prefork", "--concurrency=1",
         "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"fault{os.getpid()}@%h"],
        cwd=django_settings.BASE_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_import_leaves_a_job_the_reaper_fails(world, client_for, settings, tmp_path):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": os.environ["REDIS_URL"]}}  # fmt: skip
    client = client_for(world.users["officer"])
    job = ready_import(world, client, 3000)  # the worker only imports
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "UNIONHOME_JOB_HEARTBEAT_SECONDS": "1",
    }
    log = tmp_path / "worker.log"
    saved = use_broker(broker_url=os.environ["REDIS_URL"], task_always_eager=False)
    worker = _worker(env, log)
    try:
        client.post(reverse("branches:roster_job_confirm", args=[job.pk]))

        def running():
            job.refresh_from_db()
            return job.status == "running" and job.heartbeat_at is not None

        _wait(running, 60, "the import to start in the worker")
        child = _wait(lambda: _children(worker.pid), 10, "the worker's pool process")[0]
        os.kill(child, signal.SIGKILL)  # mid-import

        # the task is delivered again (reject_on_worker_lost) and finds the job running: it does nothing
        def delivered_again_and_done():
            lines = [
                ln for ln in log.read_text(errors="replace").splitlines() if "tasks.roster_job_import[" in ln
            ]
            return sum(ln.endswith("received") for ln in lines) >= 2 and any(
                "succeeded" in ln for ln in lines
            )

        _wait(delivered_again_and_done, 30, "the task to be delivered again")
        job.refresh_from_db()
        assert job.status == "running" and new_workers() == 0
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        use_broker(**saved)
    assert new_workers() == 0  # the killed import's transaction never committed
    settings.UNIONHOME = {**settings.UNIONHOME, "JOB_STALLED_MINUTES": 0}
    call_command("reap_roster_jobs", verbosity=0)
    job.refresh_from_db()
    assert job.status == "failed" and "任务已停止响应" in job.message
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 5000}
    with eager():
        assert_unit_free(world, client)


# --- the broker (Redis) down ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_redis_down_at_confirm_fails_the_job_and_the_pages_still_work(
    world, client_for, settings, broker_down
):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    job = RosterJob.objects.create(kind="import", unit=world.ent_a, created_by=world.users["officer"],
                                   status="ready", total_rows=2)  # fmt: skip
    page = client.post(reverse("branches:roster_job_confirm", args=[job.pk]), follow=True)
    assert page.status_code == 200 and "后台服务暂不可用，请稍后重试" in page.content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and "后台服务暂不可用，请稍后重试" in job.message
    running = RosterJob.objects.create(kind="import", unit=world.ent_b, created_by=world.users["officer"],
                                       status="running", progress=40)  # fmt: skip
    progress = client.get(reverse("branches:roster_job_progress", args=[running.pk]))
    assert progress.status_code == 200 and "40%" in progress.content.decode()
    # an upload with Redis down is refused with the same words, never a 500
    page = upload(client, world.ent_a, xlsx([row(1), row(2)]))
    assert page.status_code == 200 and "后台服务暂不可用，请稍后重试" in page.content.decode()
    assert new_workers() == 0
    assert not RosterJob.objects.filter(unit=world.ent_a, status__in=["queued", "running"]).exists()


@pytest.mark.django_db(transaction=True)
def test_redis_down_at_an_approval_commits_it_and_the_email_goes_later(world, client_for, broker_down):
    worker_user = world.users["worker"]
    worker_user.email = "zhangsan@example.com"
    worker_user.save()
    application = application_in(campaign_for(world.district), world.worker_a1, "submitted")
    client = client_for(world.user("officer"))
    response = client.post(reverse("hardship:application_act", args=[application.pk]), {"action": "approve"})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).state == "approved"
    message = OutboxMessage.objects.get()
    assert message.recipients == ["zhangsan@example.com"] and message.sent_at is None
    assert mail.outbox == []
    # Redis is back: the periodic run sends it
    call_command("send_outbox", verbosity=0)
    assert [m.to for m in mail.outbox] == [["zhangsan@example.com"]]
    message.refresh_from_db()
    assert message.sent_at is not None
