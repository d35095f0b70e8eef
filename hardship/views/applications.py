"""Officer views of hardship applications: paper entry, review, objections, relief, materials and
attachment 1.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhome import audit, scope
from unionhome.models import AccessLog
from unionhome.web import office_required, run_service

from .. import documents, rules, selectors, services
from ..forms import (
    ApplicationForm,
    CommentForm,
    MemberFormSet,
    ObjectionForm,
    PaperEntryForm,
    ReliefForm,
    ResolveForm,
    UploadForm,
)
from .common import _download, _id_display


@office_required
@require_http_methods(["GET", "POST"])
def paper_new(request):
    if not scope.branches_for(request.user, scope.Role.UNION_OFFICER, scope.Role.BRANCH_OFFICER):
        raise PermissionDenied
    form = PaperEntryForm(
        request.POST or None, campaigns=selectors.campaigns_for(request.user).filter(is_open=True)
    )
    if request.method == "POST" and form.is_valid():
        worker = selectors.worker_by_id_number(request.user, form.cleaned_data["id_number"])
        if worker is None:
            form.add_error("id_number", _("No worker with this ID number in your units."))
        else:
            application, ok = run_service(
                request,
                services.application_create,
                actor=request.user,
                campaign=form.cleaned_data["campaign"],
                worker=worker,
            )
            if ok:
                return redirect("hardship:application_edit", pk=application.pk)
    return render(request, "hardship/form.html", {"form": form, "title": _("Enter a paper application")})


@office_required
def application_detail(request, pk):
    application = selectors.application_for(request.user, pk)
    audit.access(
        user=request.user, kind=AccessLog.Kind.VIEW, obj=application, branch_path=application.branch.path
    )
    parts = selectors.detail_parts(application)
    roles = services.roles_for(request.user, application)
    display = _id_display(request.user, application.branch.path)
    for m in parts["members"]:
        m.id_display = display(m.id_number)
    return render(
        request,
        "hardship/application_detail.html",
        {
            "a": application,
            **parts,
            "applicant_id": display(application.worker.id_number),
            "actions": [(a, services.ACTION_LABELS[a]) for a in rules.actions_for(application.state, roles)],
            "missing": selectors.missing_materials(application, parts["uploads"]),
            "limits": rules.limits(application.campaign.line),
            "comment_form": CommentForm(),
            "objection_form": ObjectionForm(),
            "resolve_form": ResolveForm(),
            "is_clerk": rules.CLERK in roles,
            "upload_form": UploadForm(),
            "reason_required": rules.REASON_REQUIRED,
        },
    )


@office_required
@require_POST
def application_act(request, pk):
    application = selectors.application_for(request.user, pk)
    action = request.POST.get("action", "")
    if action not in services.ACTION_LABELS or action in ("object", "uphold", "dismiss", "record_relief"):
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    _r, ok = run_service(
        request,
        services.transition,
        actor=request.user,
        application=application,
        action=action,
        comment=form.cleaned_data.get("comment", ""),
    )
    if ok:
        messages.success(request, _("Done: %(action)s.") % {"action": services.ACTION_LABELS[action]})
    return redirect("hardship:application_detail", pk=pk)


def _application_post(request, pk, form_class, service, message, invalid):
    """A small form posted from the application page: one service call, then back to the page."""
    application = selectors.application_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        _r, ok = run_service(
            request, service, actor=request.user, application=application, **form.cleaned_data
        )
        if ok:
            messages.success(request, message)
    else:
        messages.error(request, invalid)
    return redirect("hardship:application_detail", pk=pk)


@office_required
@require_POST
def application_objection(request, pk):
    return _application_post(
        request, pk, ObjectionForm, services.record_objection, _("Objection recorded."),
        _("Please give the date and the content of the objection."),
    )  # fmt: skip


@office_required
@require_POST
def application_resolve(request, pk):
    return _application_post(
        request, pk, ResolveForm, services.resolve_objection, _("Objection resolved."),
        _("Please give the outcome and the resolution."),
    )  # fmt: skip


@office_required
@require_http_methods(["GET", "POST"])
def application_relief(request, pk):
    application = selectors.application_for(request.user, pk)
    if not rules.allowed(application.state, "record_relief", services.roles_for(request.user, application)):
        raise PermissionDenied
    form = ReliefForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(
            request, services.record_relief, actor=request.user, application=application, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Relief recorded."))
            return redirect("hardship:application_detail", pk=pk)
    return render(
        request,
        "hardship/form.html",
        {"form": form, "title": _("Record relief for %(name)s") % {"name": application.worker.name}},
    )


def _member_initial(application):
    return [{f: getattr(m, f) for f in services.MEMBER_FIELDS} for m in application.members.all()]


def _edit(request, application, *, template, done_url):
    """The application form with its household members (the worker's and the clerk's)."""
    form = ApplicationForm(request.POST or None, instance=application, prefix="app")
    formset = MemberFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else _member_initial(application),
        prefix="m",
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]
        for m in members:
            m.pop("DELETE", None)
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        saved, ok = run_service(
            request,
            services.application_save,
            actor=request.user,
            application=application,
            data=data,
            members=members,
            consent=form.cleaned_data["consent"],
        )
        if ok:
            messages.success(
                request,
                _("Saved. %(reason)s") % {"reason": saved.category_reason},
            )
            return redirect(done_url)
    return render(
        request,
        template,
        {
            "a": application,
            "form": form,
            "formset": formset,
            "limits": rules.limits(application.campaign.line),
            "cat4": rules.CATEGORY_4_MIN_COST,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = selectors.application_for(request.user, pk)
    if rules.CLERK not in services.roles_for(request.user, application):
        raise PermissionDenied
    if application.state not in rules.EDITABLE_STATES:
        messages.error(request, _("The application can no longer be changed."))
        return redirect("hardship:application_detail", pk=pk)
    return _edit(
        request,
        application,
        template="hardship/application_edit.html",
        done_url=reverse("hardship:application_detail", args=[pk]),
    )


@office_required
@require_POST
def application_upload(request, pk):
    application = selectors.application_for(request.user, pk)
    if rules.CLERK not in services.roles_for(request.user, application):
        raise PermissionDenied
    _upload(request, application)
    return redirect("hardship:application_detail", pk=pk)


def _upload(request, application):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the document and a file."))
        return
    _r, ok = run_service(
        request,
        services.upload_add,
        actor=request.user,
        application=application,
        kind=form.cleaned_data["kind"],
        file=form.cleaned_data["file"],
    )
    if ok:
        messages.success(request, _("Document uploaded."))


def _serve(request, application, upload_pk):
    upload = selectors.upload_for(application, upload_pk)
    audit.access(
        user=request.user,
        kind=AccessLog.Kind.DOWNLOAD,
        obj=upload,
        branch_path=application.branch.path,
        detail=upload.get_kind_display(),
    )
    response = FileResponse(
        upload.file.open("rb"),
        content_type=upload.content_type,
        as_attachment=request.GET.get("inline") != "1",
        filename=upload.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@office_required
@require_GET
def upload_download(request, pk, upload_pk):
    return _serve(request, selectors.application_for(request.user, pk), upload_pk)


@office_required
def attachment1_pdf(request, pk):
    application = selectors.application_for(request.user, pk)
    members = selectors.detail_parts(application)["members"]
    audit.access(user=request.user, kind=AccessLog.Kind.EXPORT, obj=application, detail="attachment 1 PDF")
    context = documents.attachment1_context(
        application, members, id_display=_id_display(request.user, application.branch.path)
    )
    return _download(
        documents.pdf("hardship/pdf/attachment1.html", context),
        f"困难职工档案表-{application.worker.name}.pdf",
        "application/pdf",
    )


@office_required
def attachment1_xlsx(request, pk):
    application = selectors.application_for(request.user, pk)
    members = selectors.detail_parts(application)["members"]
    audit.access(user=request.user, kind=AccessLog.Kind.EXPORT, obj=application, detail="attachment 1 xlsx")
    content = documents.attachment1_xlsx(
        application, members, id_display=_id_display(request.user, application.branch.path)
    )
    return _download(content, f"困难职工档案表-{application.worker.name}.xlsx", documents.XLSX)
