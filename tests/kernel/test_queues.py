"""Each kind of background work has its own Celery queue (docs/SCALING.md, "Queues")."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from unionhome.celery import app as celery_app

PROJECT_APPS = ("unionhome.", "branches.", "democracy.", "hardship.", "assessment.", "ledgers.")


def _queue(task_name: str) -> str:
    route = celery_app.amqp.router.route({}, task_name)
    return route["queue"].name


def _project_tasks() -> list[str]:
    celery_app.loader.import_default_modules()
    return sorted(name for name in celery_app.tasks if name.startswith(PROJECT_APPS))


def test_every_task_of_the_project_is_routed_to_a_declared_queue():
    tasks = _project_tasks()
    assert len(tasks) >= 9
    for name in tasks:
        assert _queue(name) in settings.CELERY_TASK_QUEUES, name


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("branches.tasks.roster_job_import", "imports"),
        ("branches.tasks.roster_job_check", "imports"),
        ("branches.tasks.roster_job_export", "documents"),
        ("unionhome.tasks.send_outbox", "notifications"),
        ("hardship.tasks.send_review_reminders", "notifications"),
        ("assessment.tasks.send_reminders", "notifications"),
        ("branches.tasks.reap_stalled_jobs", "default"),
    ],
)
def test_work_goes_to_its_own_queue(task, queue):
    assert _queue(task) == queue


def test_a_worker_started_without_a_queue_list_consumes_every_queue():
    consumed = set(celery_app.amqp.queues)
    assert consumed == set(settings.CELERY_TASK_QUEUES)


@pytest.mark.redis
def test_an_import_waits_in_the_imports_queue_of_the_broker():
    import redis

    url = os.environ["REDIS_URL"]
    conn = redis.Redis.from_url(url)
    conn.delete("imports", "documents")
    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    try:
        with celery_app.connection_for_write() as connection:
            celery_app.send_task("branches.tasks.roster_job_import", args=[0], connection=connection)
    finally:
        celery_app.conf.update(saved)
    assert conn.llen("imports") == 1 and conn.llen("documents") == 0
    message = json.loads(conn.lpop("imports"))
    assert message["headers"]["task"] == "branches.tasks.roster_job_import"


def test_the_deployment_runs_a_worker_for_every_queue():
    compose = (Path(settings.BASE_DIR) / "docker-compose.yml").read_text(encoding="utf-8")
    served = set()
    for queues in re.findall(r'"worker",.*"-Q", "([a-z,]+)"', compose):
        served |= set(queues.split(","))
    assert served == set(settings.CELERY_TASK_QUEUES)
