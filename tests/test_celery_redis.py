"""Background jobs through a real Redis broker and a real Celery worker (CI runs this; never eager)."""

import io
import os
import time

import openpyxl
import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from branches.models import RosterJob
from unionhome.celery import app as celery_app

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(settings):
    url = os.environ["REDIS_URL"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    saved = {k: celery_app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        yield
    celery_app.conf.update(saved)


def test_a_large_export_runs_in_the_celery_worker_and_the_file_is_served(
    world, client_for, settings, redis_worker
):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    client = client_for(world.users["officer"])
    response = client.get(reverse("branches:roster_export"))
    job = RosterJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    deadline = time.monotonic() + 60
    while job.status != RosterJob.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == RosterJob.Status.DONE, job.status
    assert job.total_rows == 2  # the officer's enterprise only: 张三 and 李四
    download = client.get(reverse("branches:roster_job_download", args=[job.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    names = {row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert names == {"张三", "李四"}
