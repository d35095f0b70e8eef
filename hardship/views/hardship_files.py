"""Officer views of dynamic hardship files (困难职工档案) and the access log of sensitive records."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from unionhome import audit, paging, permissions, records
from unionhome.models import AccessLog
from unionhome.web import office_required, run_service, say_done

from .. import selectors, services
from ..forms import FileHelpForm, FileOpenForm, FileReviewForm, FileStatusForm
from .common import _choice


@office_required
def files(request):
    qs = selectors.files_for(request.user)
    status = _choice(request, "status", ("open", "closed", "all"), default="open")
    if status != "all":
        qs = qs.filter(status=status)
    page = paging.page(request, qs, order=("branch__path", "id"), name="hardship.files")
    return render(
        request,
        "hardship/files.html",
        {
            "page": page,
            "status": status,
            "today": timezone.localdate(),
            "may_open": permissions.allowed(request.user, "hardship.open_file"),
        },
    )


@office_required
def file_open(request):
    """Open a hardship file at any time: the enterprise union, for a worker of its units."""
    permissions.require(request.user, "hardship.open_file")
    form = FileOpenForm(request.POST or None, initial={"line": selectors.latest_line(request.user)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        worker = selectors.worker_by_id_number(request.user, data.pop("id_number"))
        if worker is None:
            form.add_error("id_number", _("No worker with this ID number in your units."))
        else:
            file, ok = run_service(request, services.file_open, actor=request.user, worker=worker, **data)
            if ok:
                say_done(
                    request,
                    pgettext("hardship file", "Opened"),
                    _("the hardship file of %(name)s") % {"name": worker.name},
                )
                return redirect("hardship:file_detail", pk=file.pk)
    return render(request, "hardship/file_open.html", {"form": form})


@office_required
def file_detail(request, pk):
    file = selectors.file_for(request.user, pk)
    audit.access(user=request.user, kind=AccessLog.Kind.VIEW, obj=file, branch_path=file.branch.path)
    return render(
        request,
        "hardship/file_detail.html",
        {
            "file": file,
            "entries": selectors.file_entries(file),
            "history": selectors.worker_history(file.worker),
            "may_manage": permissions.allowed(request.user, "hardship.manage_file", file),
            "may_close": permissions.allowed(request.user, "hardship.close_file", file),
            # one page, three forms: each its own ids, so each label points at its own field
            "help_form": FileHelpForm(auto_id="help_%s"),
            "review_form": FileReviewForm(auto_id="review_%s"),
            "status_form": FileStatusForm(auto_id="status_%s"),
            "today": timezone.localdate(),
        },
    )


def _file_post(request, pk, form_class, service, message):
    file = selectors.file_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        _r, ok = run_service(request, service, actor=request.user, file=file, **form.cleaned_data)
        if ok:
            say_done(request, message, _("the hardship file of %(name)s") % {"name": file.worker.name})
    else:
        messages.error(request, _("Please fill in the form completely."))
    return redirect("hardship:file_detail", pk=pk)


@office_required
@require_POST
def file_help(request, pk):
    return _file_post(request, pk, FileHelpForm, services.file_add_help, _("Help recorded"))


@office_required
@require_POST
def file_review(request, pk):
    return _file_post(request, pk, FileReviewForm, services.file_review, _("Review recorded"))


@office_required
@require_POST
def file_close(request, pk):
    return _file_post(request, pk, FileStatusForm, services.file_close, _("Closed, out of difficulty"))


@office_required
@require_POST
def file_reopen(request, pk):
    return _file_post(request, pk, FileStatusForm, services.file_reopen, pgettext("hardship", "Reopened"))


@office_required
def access_log(request):
    permissions.require(request.user, "hardship.see_access_log")
    page = paging.page(
        request,
        selectors.access_log_for(request.user),
        order=("-at", "-id"),
        name="hardship.access_log",
        size=100,
    )
    rows = records.present_access(page.object_list)  # details in the reader's language
    return render(request, "hardship/access_log.html", {"page": page, "rows": rows})
