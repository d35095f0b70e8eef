"""The import preview shows the file's rows (a page at a time, numbers masked); marking the workers
missing from the file as left is its own form with its own confirmation, apart from 确认导入."""

from __future__ import annotations

import pytest
from django.urls import reverse

from branches.models import RosterJob, Worker
from tests.branches.roster_files import row, xlsx
from tests.branches.test_roster_views import upload, workers_state

pytestmark = pytest.mark.usefixtures("chinese")


def _ready(client, world, rows) -> RosterJob:
    upload(client, world.branch_a1, xlsx(rows))
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.READY
    return job


def test_the_preview_lists_the_rows_with_numbers_masked_a_page_at_a_time(world, client_for):
    client = client_for(world.users["officer"])
    job = _ready(client, world, [row(n) for n in range(1, 56)])
    first = client.get(job.get_absolute_url()).content.decode()
    table = first[
        first.index('id="preview-rows"') : first.index("</table>", first.index('id="preview-rows"'))
    ]
    assert "新职工1<" in table and "新职工50<" in table and "新职工51<" not in table
    assert "138****8000" in table and "13800138000" not in first
    assert 'id="preview-pages"' in first and "?rows=2" in first
    second = client.get(job.get_absolute_url(), {"rows": 2}).content.decode()
    assert "新职工55<" in second and "新职工1<" not in second


def test_confirming_the_import_leaves_the_missing_workers_alone(world, client_for):
    client = client_for(world.users["officer"])
    job = _ready(client, world, [row(1)])
    page = client.get(job.get_absolute_url()).content.decode()
    confirm = page[page.index('id="confirm-form"') : page.index("</form>", page.index('id="confirm-form"'))]
    assert "mark_missing_as_left" not in confirm  # not next to 确认导入
    missing = page[page.index('id="missing-form"') : page.index("</form>", page.index('id="missing-form"'))]
    assert 'name="missing_confirmed"' in missing and "required" in missing
    client.post(reverse("branches:roster_job_confirm", args=[job.pk]), {})
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.ACTIVE


def test_marking_as_left_without_the_confirmation_is_refused_and_changes_nothing(world, client_for):
    client = client_for(world.users["officer"])
    job = _ready(client, world, [row(1)])
    before = workers_state()
    page = client.post(
        reverse("branches:roster_job_confirm", args=[job.pk]), {"mark_missing_as_left": "on"}, follow=True
    )
    assert "请先勾选确认；本次未导入任何内容" in page.content.decode()
    assert workers_state() == before
    job.refresh_from_db()
    assert job.status == RosterJob.Status.READY and job.left_count == 0
