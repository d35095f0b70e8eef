"""Roster jobs: an import's upload → preview → confirm flow, and exports, in the background when large.

Every job ends (docs/ARCHITECTURE.md, "Background jobs"): the steps are the table of
``branches.job_workflow``; ``fail_job`` ends a job whatever went wrong, in a fresh transaction;
while a job checks or runs, a thread writes its progress and heartbeat; ``reap_stalled_jobs`` fails
the jobs whose heartbeat has stopped (a killed worker), which frees their unit for the next import.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, Error, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, downloads, workflow
from unionhome.masking import mask_id_number, mask_phone
from unionhome.workflow import SYSTEM

from .. import roster_io
from ..exceptions import Conflict, DomainError, PermissionRefused, RosterFileError
from ..job_workflow import ROSTER_JOB
from ..models import Branch, RosterJob
from ._common import _require
from .exports import may_export_roster, roster_export
from .imports import Claim, may_import_roster, roster_import, roster_import_preview

log = logging.getLogger(__name__)

PROBLEMS_ON_SCREEN = 500
JOB_DIR = "roster"
WORKING = (RosterJob.Status.CHECKING, RosterJob.Status.RUNNING)


def _job_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _new_job_file(suffix: str) -> str:
    directory = Path(settings.MEDIA_ROOT) / JOB_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return f"{JOB_DIR}/{uuid.uuid4().hex}{suffix}"


def job_progress_key(job_id: int) -> str:
    return f"roster-job-progress-{job_id}"


def job_progress(job: RosterJob) -> int | None:
    """0–100 for a job that is checking or running; None while it waits or after it failed.

    Read from the job's row (written by its heartbeat); the cache, when it answers, may know a more
    recent figure. A cache outage never breaks the page.
    """
    if job.status in (RosterJob.Status.DONE, RosterJob.Status.READY, RosterJob.Status.REFUSED):
        return 100
    if job.status not in WORKING:
        return None
    try:
        cached = int(cache.get(job_progress_key(job.pk)) or 0)
    except Exception:  # Redis down: the database's figure is enough
        cached = 0
    return min(max(job.progress, cached), 100)


def job_alive_key(job_id: int) -> str:
    return f"roster-job-alive-{job_id}"


@dataclass(frozen=True)
class JobProgress:
    """What the progress bar says, honestly: a phase, a percentage only once work has begun, and
    whether the background service has stopped giving signs of life."""

    phase: str  # queued, checking, importing, exporting (or the finished status)
    percent: int | None  # None: waiting, an indeterminate bar
    stale: bool  # no sign of life for a while (the reaper fails it after JOB_STALLED_MINUTES)
    since: dt.datetime | None  # the last sign of life
    fails_after_minutes: int


def stale_after() -> dt.timedelta:
    """Silence longer than this is shown as such (several missed heartbeats, at least a minute)."""
    return max(dt.timedelta(seconds=6 * settings.UNIONHOME["JOB_HEARTBEAT_SECONDS"]), dt.timedelta(minutes=1))


def _last_sign_of_life(job: RosterJob) -> dt.datetime | None:
    since = job.heartbeat_at
    try:
        cached = cache.get(job_alive_key(job.pk))
    except Exception:  # Redis down: the database's heartbeat is enough
        cached = None
    if isinstance(cached, dt.datetime) and (since is None or cached > since):
        since = cached
    return since


def job_display(job: RosterJob, *, now=None) -> JobProgress:
    """The job's phase and progress as its page shows them (docs/ARCHITECTURE.md, background jobs)."""
    conf = settings.UNIONHOME
    status = job.status
    if status == RosterJob.Status.QUEUED:
        phase, percent, limit = "queued", None, conf["JOB_QUEUED_MINUTES"]
        patience = dt.timedelta(minutes=2)  # a worker normally takes a job within seconds
    elif status in WORKING:
        if status == RosterJob.Status.CHECKING:
            phase = "checking"
        else:
            phase = "importing" if job.kind == RosterJob.Kind.IMPORT else "exporting"
        percent, limit, patience = job_progress(job), conf["JOB_STALLED_MINUTES"], stale_after()
    else:
        return JobProgress(status, None, False, job.finished_at, 0)
    since = _last_sign_of_life(job)
    now = now or timezone.now()
    stale = since is not None and now - since > patience
    return JobProgress(phase, percent, stale, since, limit)


def _cache_progress(job_id: int, percent: int) -> None:
    try:
        cache.set(job_progress_key(job_id), percent, 3600)
        cache.set(job_alive_key(job_id), timezone.now(), 3600)
    except Exception:  # Redis down: the heartbeat writes the progress into the database anyway
        log.debug("roster job %s: progress not cached", job_id, exc_info=True)


class Heartbeat:
    """While a job checks or runs: its progress and a sign of life, written every few seconds.

    A thread with its own database connection writes them: the import's own transaction would hide
    them until its end. Not on SQLite (development), where a second writer would wait for the
    import's lock; there the progress goes through the cache only.
    """

    def __init__(self, job: RosterJob):
        self.job_id = job.pk
        self.progress = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if connection.vendor != "sqlite":
            self._thread = threading.Thread(target=self._run, name=f"roster-job-{self.job_id}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def reporter(self, total: int, start: int = 0, span: int = 100) -> Callable[[int], None]:
        def report(done: int) -> None:
            share = min(done / total, 1.0) if total else 1.0
            percent = start + int(span * share)
            if percent != self.progress:
                self.progress = percent
                _cache_progress(self.job_id, percent)

        return report

    def beat(self) -> None:
        try:
            RosterJob.objects.filter(pk=self.job_id, status__in=WORKING).update(
                heartbeat_at=timezone.now(), progress=self.progress
            )
        except DatabaseError:  # the database is away: the job will fail or be reaped
            log.warning("roster job %s: heartbeat not written", self.job_id, exc_info=True)

    def _run(self) -> None:
        interval = settings.UNIONHOME["JOB_HEARTBEAT_SECONDS"]
        try:
            while not self._stop.wait(interval):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connection


def _job_step(job: RosterJob, action: str, **fields) -> RosterJob:
    """A machine step of the job's table (``branches.job_workflow``), taken by the system."""
    return workflow.apply(ROSTER_JOB, actor=SYSTEM, obj=job, action=action, fields=fields)


# Why a job failed, in words its creator can act on (each one: nothing was changed).
def failure_message(exc: BaseException | None) -> str:
    from kombu.exceptions import OperationalError as BrokerError

    if isinstance(exc, BrokerError):
        return broker_down_message()
    if isinstance(exc, Error):  # any database error, a lost connection ("already closed") included
        return _(
            "The database could not be reached, so the job stopped; nothing was changed. "
            "Try again in a few minutes."
        )
    if isinstance(exc, OSError):
        return _("The job's file could not be read or written; nothing was changed. Upload the file again.")
    return _(
        "The job stopped because of an unexpected error; nothing was changed. "
        "Try again, and tell the administrator if it happens again."
    )


def broker_down_message() -> str:
    return _("The background service is unavailable; try again later.")


def fail_job(*, job_id: int, message: str) -> RosterJob | None:
    """End a job as failed, whatever state the connection is in; None when it had already ended.

    The failure being handled may have broken this connection: outside a transaction it is
    replaced by a fresh one first.
    """
    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
        if connection.connection is not None and not connection.is_usable():
            connection.close()
    job = RosterJob.objects.filter(pk=job_id).first()
    if job is None:
        return None
    try:
        return _job_step(job, "fail", message=str(message))
    except Conflict:  # it has already ended (done, refused, failed): leave it as it is
        return None


def reap_stalled_jobs(*, now=None) -> int:
    """Fail the jobs whose heartbeat stopped (a killed worker) or that no worker took; returns how many.

    Their unit is free again for the next import.
    """
    now = now or timezone.now()
    conf = settings.UNIONHOME
    silent = now - dt.timedelta(minutes=conf["JOB_STALLED_MINUTES"])
    waiting = now - dt.timedelta(minutes=conf["JOB_QUEUED_MINUTES"])
    stalled = RosterJob.objects.filter(
        status__in=WORKING, heartbeat_at__lt=silent
    ) | RosterJob.objects.filter(status=RosterJob.Status.QUEUED, heartbeat_at__lt=waiting)
    message = _(
        "The job stopped responding (the background worker may have been restarted); nothing was "
        "changed. Try again."
    )
    reaped = 0
    for job_id in stalled.values_list("pk", flat=True):
        job = RosterJob.objects.get(pk=job_id)
        try:
            _job_step(job, "fail", message=message)
        except Conflict:  # it moved on meanwhile: it is alive
            continue
        reaped += 1
    return reaped


def roster_job_retry(*, actor, job: RosterJob) -> RosterJob:
    """Its creator runs a failed job again: from the queue, or (an import never confirmed) from the check."""
    unconfirmed = job.kind == RosterJob.Kind.IMPORT and not job.params.get("confirmed")
    action = "recheck" if unconfirmed else "retry"
    return workflow.apply(ROSTER_JOB, actor=actor, obj=job, action=action)


def roster_job_upload(*, actor, unit: Branch, upload) -> RosterJob:
    """Store an uploaded roster file (outside any public URL) and open an import job for it."""

    _require(may_import_roster(actor, unit))
    roster_io.check_size(upload.size or 0)
    name = _new_job_file(".xlsx")
    with open(_job_path(name), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.IMPORT,
        unit=unit,
        created_by=actor,
        original_name=downloads.display_name(upload.name)[:200],
        upload=name,
    )
    audit.record(actor=actor, action="roster_job.upload", obj=job, branch_path=unit.path)
    return job


def roster_job_rows(job: RosterJob) -> int:
    """The number of data rows of a job's file (0 for a file that will be refused anyway)."""

    try:
        return roster_io.open_roster(roster_io.check_path(_job_path(job.upload))).total
    except DomainError:
        return 0


def _refuse_with(job: RosterJob, action: str, exc: DomainError, total: int = 0) -> RosterJob:
    from ..exceptions import RosterImportRefused

    problems = getattr(exc, "problems", None) if isinstance(exc, RosterImportRefused) else None
    fields = {"message": str(exc.message), "total_rows": total}
    if problems:
        report = _new_job_file(".xlsx")
        roster_io.write_report(str(_job_path(report)), problems)
        fields.update(
            report=report,
            problem_count=len(problems),
            problems=[[p.row, p.column, p.value, p.reason] for p in problems[:PROBLEMS_ON_SCREEN]],
        )
    return _job_step(job, action, **fields)


def roster_job_check(*, job: RosterJob) -> RosterJob:
    """Preview an import job: every problem of the file, or the counts it would create/update."""
    from ..exceptions import RosterImportRefused

    actor, unit = job.created_by, job.unit
    try:
        with Heartbeat(job) as heartbeat:
            sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
            plan = roster_import_preview(
                actor=actor,
                unit=unit,
                rows=sheet.rows(),
                progress=heartbeat.reporter(sheet.total),
                offer_transfers=True,
            )
    except PermissionRefused:
        raise
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    if plan.problems:
        exc = RosterImportRefused(
            roster_io.refusal_message(plan.problems),
            problems=plan.problems,
        )
        return _refuse_with(job, "refuse", exc, plan.total)
    return _job_step(
        job,
        "checked",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        message="",
        params={**job.params, "claims": [_claim_shown(c) for c in plan.claims]},
    )


def _claim_shown(claim: Claim) -> dict:
    """A claim as the preview shows it (the ID number masked: the worker is another union's)."""
    return {
        "row": claim.row,
        "worker": claim.worker.pk,
        "name": claim.worker.name,
        "id_number": mask_id_number(claim.worker.id_number),
        "holder": claim.holder,
        "unit": claim.branch.name,
    }


def roster_job_confirm(
    *, actor, job: RosterJob, mark_missing_as_left: bool, start_transfers: bool = False
) -> RosterJob:
    """The officer confirms a previewed import; refused while another import of the unit runs.

    ``start_transfers``: the officer chose to start membership transfers for the rows of workers
    on another enterprise's roster listed in the preview; without it such a file is refused.
    """
    params = {
        **job.params,
        "start_transfers": bool(start_transfers and job.params.get("claims")),
        "confirmed": True,
    }
    fields = {"mark_missing_as_left": mark_missing_as_left, "params": params}
    return workflow.apply(ROSTER_JOB, actor=actor, obj=job, action="confirm", fields=fields)


def roster_job_import(*, job: RosterJob) -> RosterJob:
    """Run a confirmed import (the whole file again, all or nothing) and record the outcome."""

    job = _job_step(job, "start")
    _cache_progress(job.pk, 0)
    try:
        with Heartbeat(job) as heartbeat:
            sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
            chosen = (
                [c["worker"] for c in job.params.get("claims", [])]
                if job.params.get("start_transfers")
                else []
            )
            plan = roster_import(
                actor=job.created_by,
                unit=job.unit,
                rows=sheet.rows(),
                mark_missing_as_left=job.mark_missing_as_left,
                progress=heartbeat.reporter(sheet.total),
                start_transfers_for=chosen,
            )
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    return _job_step(
        job,
        "finish",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        left_count=plan.missing_active if job.mark_missing_as_left else 0,
        params={**job.params, "transfers_started": len(plan.transfers)},
    )


def roster_job_export_start(*, actor, query: str, count: int) -> RosterJob:
    """Open a background export of the roster list as filtered by ``query`` (its GET parameters)."""
    _require(may_export_roster(actor))
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.EXPORT,
        status=RosterJob.Status.QUEUED,
        created_by=actor,
        params={"query": query},
        total_rows=count,
        original_name=f"roster-{timezone.localdate():%Y%m%d}.xlsx",
    )
    audit.record(actor=actor, action="roster_job.export", obj=job, after={"query": query})
    return job


def roster_job_export(*, job: RosterJob, workers) -> RosterJob:
    """Run a background export into a file only its creator may download."""
    job = _job_step(job, "start")
    name = _new_job_file(".xlsx")
    try:
        with Heartbeat(job) as heartbeat:
            count = roster_export(
                actor=job.created_by,
                workers=workers,
                target=str(_job_path(name)),
                detail=job.params.get("query", ""),
                progress=heartbeat.reporter(job.total_rows),
            )
    except DomainError as exc:
        return _job_step(job, "fail", message=str(exc.message))
    return _job_step(job, "finish", result=name, total_rows=count)


PREVIEW_COLUMNS = ("姓名", "性别", "身份证号", "手机号", "用工性质", "组织编码", "是否会员", "状态")
MASKED_COLUMNS = {"身份证号": mask_id_number, "手机号": mask_phone}


def preview_rows(job: RosterJob, *, start: int, count: int) -> list[tuple[int, list[str]]]:
    """Rows ``start`` to ``start + count`` of an import's file as the preview shows them: the main
    columns, ID and mobile numbers masked (the roster's rule). A file gone or unreadable: none."""
    path = job_file(job, "upload")
    if path is None or not path.exists():
        return []
    try:
        sheet = roster_io.open_roster(path)
        where = {name: sheet.columns.index(name) for name in PREVIEW_COLUMNS if name in sheet.columns}
        shown = []
        for index, (number, cells) in enumerate(sheet.rows()):
            if index < start:
                continue
            if index >= start + count:
                break
            row = []
            for name in PREVIEW_COLUMNS:
                value = cells[where[name]] if name in where else None
                text = "" if value is None else str(value).strip()
                row.append(MASKED_COLUMNS[name](text) if name in MASKED_COLUMNS and text else text)
            shown.append((number, row))
        return shown
    except (RosterFileError, OSError):
        return []


def job_file(job: RosterJob, which: str) -> Path | None:
    name = getattr(job, which, "")
    return _job_path(name) if name else None
