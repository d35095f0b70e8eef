"""Roster spreadsheet pages of the officer workspace: template, upload → preview → confirm, export,
background jobs with a progress bar (htmx polling) and their files. Thin: parse, call, render."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhome import downloads, paging, workflow
from unionhome.replica import for_reports
from unionhome.templatetags.unionhome import count as number
from unionhome.web import office_required, run_service

from .. import roster_io, selectors, services, tasks
from ..forms.roster import RosterConfirmForm, RosterImportForm
from ..job_workflow import ROSTER_JOB
from ..models import RosterJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _background_rows() -> int:
    return settings.UNIONHOME["BACKGROUND_ROWS"]


def _import_units(request):
    units = selectors.import_units(request.user)
    if not units.exists():
        raise PermissionDenied
    return units


def _xlsx_response(content: bytes, label, slug: str) -> HttpResponse:
    return downloads.content_response(content, label=label, content_type=XLSX, ext="xlsx", slug=slug)


@office_required
@require_GET
def roster_template(request):
    units = _import_units(request)
    codes = [(u.code, u.name) for u in units]
    content = roster_io.to_bytes(
        roster_io.write_template, unit_codes=codes, max_rows=settings.UNIONHOME["IMPORT_MAX_ROWS"]
    )
    return _xlsx_response(content, _("Roster template"), "roster-template")


@office_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    units = _import_units(request)
    form = RosterImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        job, ok = run_service(
            request,
            services.roster_job_upload,
            actor=request.user,
            unit=form.cleaned_data["unit"],
            upload=form.cleaned_data["file"],
        )
        if ok:
            _start(request, job, background=services.roster_job_rows(job) > _background_rows())
            return redirect(job)
    return render(
        request,
        "branches/roster_import.html",
        {"form": form, "jobs": selectors.roster_jobs(request.user)[:10]},
    )


def _start(request, job: RosterJob, *, background: bool) -> bool:
    """Hand the job to a worker (or run it here); the broker down: a clear refusal, never a 500."""
    if tasks.enqueue(job, background=background):
        return True
    messages.error(request, services.broker_down_message())
    return False


PREVIEW_PAGE = 50


def _preview(request, job: RosterJob) -> dict:
    """The rows of a checked file, a page at a time (ID and mobile numbers masked)."""
    if job.status != RosterJob.Status.READY:
        return {}
    page = Paginator(range(job.total_rows), PREVIEW_PAGE).get_page(request.GET.get("rows"))
    start = page.start_index() - 1 if job.total_rows else 0
    return {
        "preview_page": page,
        "preview_columns": services.jobs.PREVIEW_COLUMNS,
        "preview": services.preview_rows(job, start=start, count=PREVIEW_PAGE),
    }


def _job_context(request, job: RosterJob) -> dict:
    return {
        **_preview(request, job),
        "job": job,
        "progress": services.job_progress(job),
        "shown": services.job_display(job),
        "confirm": RosterConfirmForm(),
        "background_rows": _background_rows(),
        "may_retry": job.status == RosterJob.Status.FAILED
        and bool(workflow.available_actions(ROSTER_JOB, job, request.user)),
    }


@office_required
@require_GET
def roster_job(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    return render(request, "branches/roster_job.html", _job_context(request, job))


@office_required
@require_GET
def roster_job_progress(request, pk):
    """The progress bar alone (htmx polls it); a finished job makes the page reload once."""
    job = selectors.roster_job_of(request.user, pk)
    response = render(request, "branches/_roster_job_progress.html", _job_context(request, job))
    if job.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@office_required
@require_POST
def roster_job_confirm(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    form = RosterConfirmForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect("branches:roster_job", pk=pk)
    job, ok = run_service(
        request,
        services.roster_job_confirm,
        actor=request.user,
        job=job,
        mark_missing_as_left=form.cleaned_data.get("mark_missing_as_left", False),
        start_transfers=form.cleaned_data.get("start_transfers", False),
    )
    if ok:
        _start(request, job, background=job.total_rows > _background_rows())
    return redirect("branches:roster_job", pk=pk)


@office_required
@require_POST
def roster_job_retry(request, pk):
    """Its creator runs a failed job again (from the queue, or an unconfirmed import's check)."""
    job = selectors.roster_job_of(request.user, pk)
    job, ok = run_service(request, services.roster_job_retry, actor=request.user, job=job)
    if ok:
        rows = services.roster_job_rows(job) if job.status == RosterJob.Status.CHECKING else job.total_rows
        _start(request, job, background=rows > _background_rows())
    return redirect("branches:roster_job", pk=pk)


def _job_file_response(job: RosterJob, which: str, label, slug: str):
    path = services.job_file(job, which)
    if path is None or not path.exists():
        raise Http404
    return downloads.file_response(path, label=label, on=job.created_at, slug=slug, written_as=(XLSX, "xlsx"))


@office_required
@require_GET
def roster_job_report(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    return _job_file_response(job, "report", _("Roster error report"), "roster-errors")


@office_required
@require_GET
def roster_job_download(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    if job.kind != RosterJob.Kind.EXPORT:
        raise Http404
    return _job_file_response(job, "result", _("Roster"), "roster")


@office_required
@require_GET
def roster_export(request):
    """Export the roster list as filtered on screen (same GET parameters), masked by role."""
    query = request.GET.copy()
    for name in ("page", paging.CURSOR):
        query.pop(name, None)
    _flt, workers = selectors.roster_filtered(request.user, query)
    if _flt.invalid:
        messages.error(
            request, _("The filter is not valid; nothing was exported. Correct it and export again.")
        )
        page = paging.Page(object_list=[], has_next=False, has_previous=False, start=0, total=0)
        return render(
            request, "branches/roster.html", {"filter": _flt, "page": page, "query": ""}, status=400
        )
    count = for_reports(workers).count()  # the export decides from the replica, as it reads
    if count > _background_rows():
        job, ok = run_service(
            request,
            services.roster_job_export_start,
            actor=request.user,
            query=query.urlencode(),
            count=count,
        )
        if not ok:
            return redirect("branches:roster")
        if _start(request, job, background=True):
            messages.info(
                request,
                _("The roster export (%(count)s workers) runs in the background; the file appears here.")
                % {"count": number(count)},
            )
        return redirect(job)
    buffer = io.BytesIO()
    _count, ok = run_service(
        request,
        services.roster_export,
        actor=request.user,
        workers=workers,
        target=buffer,
        detail=query.urlencode(),
        branch_path=_flt.form.cleaned_data["branch"].path
        if _flt.is_valid() and _flt.form.cleaned_data.get("branch")
        else "",
    )
    if not ok:
        return redirect("branches:roster")
    return _xlsx_response(buffer.getvalue(), _("Roster"), "roster")
