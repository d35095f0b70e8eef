"""Honest progress of roster jobs: queued shows no percentage (an indeterminate bar), then checking
n %, importing or exporting n %, then done or failed with the reason; a silent job says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.models import RosterJob


def _job(world, status, *, kind="import", **fields) -> RosterJob:
    fields.setdefault("heartbeat_at", timezone.now())
    return RosterJob.objects.create(kind=kind, unit=world.ent_a, created_by=world.users["officer"], status=status,
                                    **fields)  # fmt: skip


def _bar(world, client_for, job) -> str:
    response = client_for(world.users["officer"]).get(reverse("branches:roster_job_progress", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def _no_cached_progress():
    cache.clear()


def test_a_queued_job_shows_no_percentage_and_an_indeterminate_bar(world, client_for):
    html = _bar(world, client_for, _job(world, "queued"))
    assert "排队中 · 等待后台服务开始导入" in html
    assert "%" not in html.replace("100%", "") and "<progress" in html and "value=" not in html
    assert 'id="job-stale"' not in html


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [("checking", "import", "正在检查文件 · 30%"), ("running", "import", "正在导入 · 30%"),
     ("running", "export", "正在导出 · 30%")],
)  # fmt: skip
def test_working_jobs_say_what_they_do_and_how_far(world, client_for, status, kind, words):
    html = _bar(world, client_for, _job(world, status, kind=kind, progress=30))
    assert words in html and 'value="30"' in html and 'id="job-stale"' not in html


def test_a_silent_running_job_says_so(world, client_for):
    silent = timezone.now() - dt.timedelta(minutes=5)
    job = _job(world, "running", progress=60, heartbeat_at=silent)
    html = _bar(world, client_for, job)
    assert 'id="job-stale"' in html and "未收到后台服务的响应" in html
    assert "10 分钟内仍无响应" in html  # JOB_STALLED_MINUTES
    shown = services.job_display(job)
    assert shown.stale and shown.percent == 60 and shown.phase == "importing"


def test_progress_reported_through_the_cache_is_a_sign_of_life(world):
    job = _job(world, "running", heartbeat_at=timezone.now() - dt.timedelta(minutes=5))
    services.jobs._cache_progress(job.pk, 20)
    assert not services.job_display(job).stale


def test_a_queued_job_no_service_takes_says_so(world, client_for):
    job = _job(world, "queued", heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    html = _bar(world, client_for, job)
    assert "还没有后台服务接手此任务" in html and "%" not in html.replace("100%", "")


def test_a_failed_job_gives_its_reason_and_a_done_one_its_result(world, client_for):
    client = client_for(world.users["officer"])
    failed = _job(world, "failed", message="后台服务暂不可用，请稍后重试。", finished_at=timezone.now())
    page = client.get(failed.get_absolute_url()).content.decode()
    assert 'id="refusal"' in page and "后台服务暂不可用，请稍后重试。" in page and "<progress" not in page
    done = _job(world, "done", created_count=3, finished_at=timezone.now())
    page = client.get(done.get_absolute_url()).content.decode()
    assert 'id="result"' in page and "<progress" not in page
