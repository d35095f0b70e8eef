"""Background roster jobs (Celery): thin wrappers over the services; eager without Redis.

Every task ends its job: a failure of any kind (database, file, bug) marks the job failed with a
message its creator can act on (``services.fail_job``, in a fresh transaction). Tasks are
acknowledged after they run and delivered again when their worker dies (``acks_late``,
``reject_on_worker_lost``); a delivery for a job no longer in the expected state does nothing, and
the periodic ``reap_stalled_jobs`` fails a job whose worker died mid-run. ``enqueue`` turns a broker
outage into a failed job, never an error page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task
from django.http import QueryDict

from . import counters, selectors, services
from .models import RosterJob

log = logging.getLogger(__name__)

JOB_TASK = {"acks_late": True, "reject_on_worker_lost": True, "ignore_result": True}


def _run(job_id: int, status: str, body: Callable[[RosterJob], object]) -> None:
    job = RosterJob.objects.filter(pk=job_id).first()
    if job is None or job.status != status:
        return  # gone, already taken or finished: a delivery again does nothing
    try:
        body(selectors.roster_job_for_task(job_id))
    except Exception as exc:
        log.exception("roster job %s failed", job_id)
        services.fail_job(job_id=job_id, message=services.failure_message(exc))


@shared_task(**JOB_TASK)
def roster_job_check(job_id: int) -> None:
    _run(job_id, RosterJob.Status.CHECKING, lambda job: services.roster_job_check(job=job))


@shared_task(**JOB_TASK)
def roster_job_import(job_id: int) -> None:
    _run(job_id, RosterJob.Status.QUEUED, lambda job: services.roster_job_import(job=job))


def _export(job: RosterJob) -> None:
    workers = selectors.roster_for_export(job.created_by, QueryDict(job.params.get("query", "")))
    services.roster_job_export(job=job, workers=workers)


@shared_task(**JOB_TASK)
def roster_job_export(job_id: int) -> None:
    _run(job_id, RosterJob.Status.QUEUED, _export)


@shared_task(ignore_result=True)
def refresh_findings(run_id: int | None = None) -> None:
    """On the schedule (``FINDINGS_REFRESH_MINUTES``; no run) or for a queued run: every finding of
    the tree computed again and swapped in (docs/SCALING.md, "Findings")."""
    services.refresh_findings(run_id=run_id)


def enqueue_findings_refresh(run) -> bool:
    """Queue the computation of a queued run after the commit; False when the broker refused it
    (the run is then failed with the reason)."""
    try:
        refresh_findings.delay(run.pk)
    except Exception:  # the broker is down
        log.warning("findings run %s: the broker refused the task", run.pk, exc_info=True)
        services.fail_findings_run(run_id=run.pk, reason=services.broker_down_message())
        return False
    return True


@shared_task(ignore_result=True)
def fold_counters() -> int:
    """Every minute: the roster's pending counter changes added to the subtree counters of their
    units and federations (docs/SCALING.md, "Dashboards at any size")."""
    return counters.fold()


@shared_task(ignore_result=True)
def reap_stalled_jobs() -> int:
    """Every minute: fail the jobs whose heartbeat stopped, freeing their unit."""
    return services.reap_stalled_jobs()


def task_for(job: RosterJob):
    """The task that takes ``job`` on from its current state."""
    if job.status == RosterJob.Status.CHECKING:
        return roster_job_check
    return roster_job_import if job.kind == RosterJob.Kind.IMPORT else roster_job_export


def enqueue(job: RosterJob, *, background: bool = True) -> bool:
    """Run the job's next task in a worker (or here, when small); False when the broker refused it.

    A refused job is failed at once with "the background service is unavailable": its unit is free
    and its creator sees why.
    """
    task = task_for(job)
    if not background:
        task(job.pk)
        return True
    try:
        task.delay(job.pk)
    except Exception:  # the broker is down (kombu OperationalError, a Redis error, a timeout)
        log.warning("roster job %s: the broker refused the task", job.pk, exc_info=True)
        services.fail_job(job_id=job.pk, message=services.broker_down_message())
        return False
    return True
