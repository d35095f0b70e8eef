"""Roster jobs: an import's upload → preview → confirm flow, and exports, in the background when large."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit

from .. import roster_io, rules
from ..exceptions import Conflict, DomainError, PermissionRefused, RosterError
from ..models import Branch, RosterJob
from ._common import _require
from .exports import may_export_roster, roster_export
from .imports import Claim, may_import_roster, roster_import, roster_import_preview

PROBLEMS_ON_SCREEN = 500
JOB_DIR = "roster"


def _job_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _new_job_file(suffix: str) -> str:
    directory = Path(settings.MEDIA_ROOT) / JOB_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return f"{JOB_DIR}/{uuid.uuid4().hex}{suffix}"


def job_progress_key(job_id: int) -> str:
    return f"roster-job-progress-{job_id}"


def job_progress(job: RosterJob) -> int:
    """0–100: the progress reported by a running job (shared through the cache, Redis in production)."""
    if job.status in (RosterJob.Status.DONE, RosterJob.Status.READY, RosterJob.Status.REFUSED):
        return 100
    return int(cache.get(job_progress_key(job.pk), 0))


def _reporter(job: RosterJob, total: int, start: int, span: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        cache.set(job_progress_key(job.pk), start + int(span * share), 3600)

    return report


def _job_step(job: RosterJob, action: str, **fields) -> RosterJob:
    """Apply one transition of rules.ROSTER_JOB_TRANSITIONS to a locked job row."""
    with transaction.atomic():
        locked = RosterJob.objects.select_for_update().get(pk=job.pk)
        nxt = rules.roster_job_next(locked.status, action)
        if nxt is None:
            raise Conflict(
                _("This job is already %(status)s.") % {"status": locked.get_status_display()},
                code="job_state",
            )
        before = locked.status
        locked.status = nxt
        for key, value in fields.items():
            setattr(locked, key, value)
        if nxt in (RosterJob.Status.DONE, RosterJob.Status.FAILED, RosterJob.Status.REFUSED):
            locked.finished_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise RosterError(
                _("Another import into this unit is running; wait until it has finished."), code="busy"
            ) from exc
        audit.record(
            actor=locked.created_by,
            action=f"roster_job.{action}",
            obj=locked,
            branch_path=locked.unit.path if locked.unit_id else "",
            before={"status": before},
            after={"status": nxt},
        )
    return locked


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
        original_name=str(upload.name)[:200],
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
        sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
        plan = roster_import_preview(
            actor=actor,
            unit=unit,
            rows=sheet.rows(),
            progress=_reporter(job, sheet.total, 0, 100),
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
        "id_number": rules.mask_id_number(claim.worker.id_number),
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
    if job.created_by_id != actor.pk:
        raise PermissionRefused(_("You do not have permission to do this."))
    _require(may_import_roster(actor, job.unit))
    params = {**job.params, "start_transfers": bool(start_transfers and job.params.get("claims"))}
    return _job_step(job, "confirm", mark_missing_as_left=mark_missing_as_left, params=params)


def roster_job_import(*, job: RosterJob) -> RosterJob:
    """Run a confirmed import (the whole file again, all or nothing) and record the outcome."""

    job = _job_step(job, "start")
    cache.set(job_progress_key(job.pk), 0, 3600)
    try:
        sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
        chosen = (
            [c["worker"] for c in job.params.get("claims", [])] if job.params.get("start_transfers") else []
        )
        plan = roster_import(
            actor=job.created_by,
            unit=job.unit,
            rows=sheet.rows(),
            mark_missing_as_left=job.mark_missing_as_left,
            progress=_reporter(job, sheet.total, 0, 100),
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
        count = roster_export(
            actor=job.created_by,
            workers=workers,
            target=str(_job_path(name)),
            detail=job.params.get("query", ""),
            progress=_reporter(job, job.total_rows, 0, 100),
        )
    except DomainError as exc:
        return _job_step(job, "fail", message=str(exc.message))
    return _job_step(job, "finish", result=name, total_rows=count)


def job_file(job: RosterJob, which: str) -> Path | None:
    name = getattr(job, which, "")
    return _job_path(name) if name else None
