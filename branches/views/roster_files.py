"""Roster spreadsheet pages of the officer workspace: template, upload → preview → confirm, export,
background jobs with a progress bar (htmx polling) and their files. Thin: parse, call, render."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhome.web import office_required, run_service

from .. import roster_io, selectors, services, tasks
from ..forms.roster import RosterConfirmForm, RosterImportForm
from ..models import RosterJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _background_rows() -> int:
    return settings.UNIONHOME["BACKGROUND_ROWS"]


def _import_units(request):
    units = selectors.import_units(request.user)
    if not units.exists():
        raise PermissionDenied
    return units


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@office_required
@require_GET
def roster_template(request):
    units = _import_units(request)
    codes = [(u.code, u.name) for u in units]
    content = roster_io.to_bytes(
        roster_io.write_template, unit_codes=codes, max_rows=settings.UNIONHOME["IMPORT_MAX_ROWS"]
    )
    return _xlsx_response(content, "roster-template.xlsx")


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
            if services.roster_job_rows(job) > _background_rows():
                tasks.roster_job_check.delay(job.pk)
            else:
                tasks.roster_job_check(job.pk)
            return redirect(job)
    return render(
        request,
        "branches/roster_import.html",
        {"form": form, "jobs": selectors.roster_jobs(request.user)[:10]},
    )


def _job_context(request, job: RosterJob) -> dict:
    return {
        "job": job,
        "progress": services.job_progress(job),
        "confirm": RosterConfirmForm(),
        "background_rows": _background_rows(),
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
    form.is_valid()
    job, ok = run_service(
        request,
        services.roster_job_confirm,
        actor=request.user,
        job=job,
        mark_missing_as_left=form.cleaned_data.get("mark_missing_as_left", False),
        start_transfers=form.cleaned_data.get("start_transfers", False),
    )
    if ok:
        if job.total_rows > _background_rows():
            tasks.roster_job_import.delay(job.pk)
        else:
            tasks.roster_job_import(job.pk)
    return redirect("branches:roster_job", pk=pk)


def _job_file_response(request, job: RosterJob, which: str, filename: str):
    path = services.job_file(job, which)
    if path is None or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=filename, content_type=XLSX)


@office_required
@require_GET
def roster_job_report(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    return _job_file_response(request, job, "report", f"roster-errors-{job.pk}.xlsx")


@office_required
@require_GET
def roster_job_download(request, pk):
    job = selectors.roster_job_of(request.user, pk)
    if job.kind != RosterJob.Kind.EXPORT:
        raise Http404
    return _job_file_response(request, job, "result", job.original_name or "roster.xlsx")


@office_required
@require_GET
def roster_export(request):
    """Export the roster list as filtered on screen (same GET parameters), masked by role."""
    query = request.GET.copy()
    query.pop("page", None)
    _flt, workers = selectors.roster_filtered(request.user, query)
    count = workers.count()
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
        tasks.roster_job_export.delay(job.pk)
        messages.info(request, _("The export runs in the background; the file appears here when ready."))
        return redirect(job)
    buffer = io.BytesIO()
    _count, ok = run_service(
        request,
        services.roster_export,
        actor=request.user,
        workers=workers,
        target=buffer,
        detail=query.urlencode(),
    )
    if not ok:
        return redirect("branches:roster")
    return _xlsx_response(buffer.getvalue(), f"roster-{timezone.localdate():%Y%m%d}.xlsx")
