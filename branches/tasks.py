"""Background roster jobs (Celery): thin wrappers over the services; eager without Redis."""

from __future__ import annotations

from celery import shared_task
from django.http import QueryDict

from . import selectors, services
from .models import RosterJob


@shared_task
def roster_job_check(job_id: int) -> None:
    job = selectors.roster_job_for_task(job_id)
    if job.status == RosterJob.Status.CHECKING:
        services.roster_job_check(job=job)


@shared_task
def roster_job_import(job_id: int) -> None:
    job = selectors.roster_job_for_task(job_id)
    if job.status == RosterJob.Status.QUEUED:
        services.roster_job_import(job=job)


@shared_task
def roster_job_export(job_id: int) -> None:
    job = selectors.roster_job_for_task(job_id)
    if job.status == RosterJob.Status.QUEUED:
        workers = selectors.roster_for_export(job.created_by, QueryDict(job.params.get("query", "")))
        services.roster_job_export(job=job, workers=workers)
