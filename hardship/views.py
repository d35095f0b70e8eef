"""Pages of hardship relief: the officer workspace and the worker portal (thin: parse, call, render)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from branches import rules as branch_rules
from unionhome import audit, scope
from unionhome.models import AccessLog
from unionhome.web import office_required, portal_required, run_service

from . import documents, rules, selectors, services
from .forms import (
    ApplicationForm,
    CampaignForm,
    CommentForm,
    DecisionForm,
    FileHelpForm,
    FileReviewForm,
    FileStatusForm,
    MemberFormSet,
    ObjectionForm,
    PaperEntryForm,
    ReliefForm,
    ResolveForm,
    UploadForm,
)
from .models import Application

State = Application.State


def _id_display(user, path: str):
    full = scope.may_see_full_ids(user, path)
    return lambda number: number if full else branch_rules.mask_id_number(number)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


# --- campaigns ------------------------------------------------------------------------------------


@office_required
def index(request):
    campaigns = list(selectors.campaigns_for(request.user))
    for c in campaigns:
        c.limits = rules.limits(c.line)
    return render(
        request,
        "hardship/index.html",
        {
            "campaigns": campaigns,
            "may_create": selectors.districts_for(request.user).exists(),
            "may_see_log": selectors.may_see_access_log(request.user),
            "notifications": selectors.notifications_for(request.user, limit=10),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    district = selectors.districts_for(request.user).first()
    if district is None:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign, ok = run_service(
            request, services.campaign_create, actor=request.user, district=district, **form.cleaned_data
        )
        if ok:
            messages.success(request, _("Campaign created."))
            return redirect("hardship:campaign_detail", pk=campaign.pk)
    return render(request, "hardship/form.html", {"form": form, "title": _("New relief campaign")})


@office_required
def campaign_detail(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    qs = selectors.applications_for(request.user).filter(campaign=campaign)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("enterprise__path", "branch__path", "worker__name"), 50).get_page(
        request.GET.get("page")
    )
    display = {p: scope.may_see_full_ids(request.user, p) for p in scope.branches_for(request.user)}
    for a in page.object_list:
        full = any(a.branch.path.startswith(p) and ok for p, ok in display.items()) or scope.is_admin(
            request.user
        )
        a.id_display = a.worker.id_number if full else a.worker.masked_id_number
    enterprises = list(selectors.enterprises_of_user(request.user, campaign))
    officer_enterprises = [
        e for e in enterprises if scope.covers(request.user, e.path, scope.Role.UNION_OFFICER)
    ]
    return render(
        request,
        "hardship/campaign_detail.html",
        {
            "campaign": campaign,
            "limits": rules.limits(campaign.line),
            "page": page,
            "state": state,
            "states": State.choices,
            "enterprises": enterprises,
            "officer_enterprises": officer_enterprises,
            "is_district": services.may_create_campaign(request.user, campaign.branch),
            "may_enter_paper": bool(
                scope.branches_for(request.user, scope.Role.UNION_OFFICER, scope.Role.BRANCH_OFFICER)
            ),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    if not services.may_create_campaign(request.user, campaign.branch):
        raise PermissionDenied
    form = CampaignForm(request.POST or None, instance=campaign, submit_label=_("Save"))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        _r, ok = run_service(request, services.campaign_update, actor=request.user, campaign=campaign, **data)
        if ok:
            messages.success(request, _("Saved."))
            return redirect("hardship:campaign_detail", pk=pk)
    return render(request, "hardship/form.html", {"form": form, "title": campaign.name})


@office_required
@require_POST
def campaign_close(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_close, actor=request.user, campaign=campaign)
    if ok:
        messages.success(request, _("The campaign is closed."))
    return redirect("hardship:campaign_detail", pk=pk)


@office_required
@require_POST
def campaign_reopen(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    _r, ok = run_service(request, services.campaign_reopen, actor=request.user, campaign=campaign)
    if ok:
        messages.success(request, _("The campaign is open again; late reports are accepted."))
    return redirect("hardship:campaign_detail", pk=pk)


# --- notices and attachment 2 (per enterprise) --------------------------------------------------


def _campaign_enterprise(request, pk, enterprise_pk):
    campaign = selectors.campaign_for(request.user, pk)
    return campaign, selectors.enterprise_for(request.user, campaign, enterprise_pk)


def _notice_context(campaign, enterprise):
    rows = selectors.notice_rows(campaign, enterprise)
    return {"campaign": campaign, "enterprise": enterprise, "rows": rows, "printed": timezone.localdate()}


@office_required
def notice(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    return render(request, "hardship/notice.html", _notice_context(campaign, enterprise))


@office_required
def notice_pdf(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    content = documents.pdf("hardship/pdf/notice.html", _notice_context(campaign, enterprise))
    return _download(content, f"公示-{enterprise.name}-{campaign.name}.pdf", "application/pdf")


def _report_rows(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    if not (
        scope.covers(request.user, enterprise.path, scope.Role.UNION_OFFICER)
        or scope.covers(request.user, enterprise.path, scope.Role.DISTRICT_REVIEWER)
    ):
        raise PermissionDenied
    return campaign, enterprise, selectors.report_rows(campaign, enterprise)


@office_required
def report_pdf(request, pk, enterprise_pk):
    campaign, enterprise, rows = _report_rows(request, pk, enterprise_pk)
    content = documents.pdf("hardship/pdf/report.html", documents.report_context(campaign, enterprise, rows))
    return _download(content, f"公示结果报告-{enterprise.name}.pdf", "application/pdf")


@office_required
def report_xlsx(request, pk, enterprise_pk):
    campaign, enterprise, rows = _report_rows(request, pk, enterprise_pk)
    return _download(
        documents.report_xlsx(campaign, enterprise, rows),
        f"公示结果报告-{enterprise.name}.xlsx",
        documents.XLSX,
    )


@office_required
@require_POST
def report_submit(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    count, ok = run_service(
        request, services.report_enterprise, actor=request.user, campaign=campaign, enterprise=enterprise
    )
    if ok:
        messages.success(request, _("%(n)s applications reported to the district.") % {"n": count})
    return redirect("hardship:campaign_detail", pk=pk)


# --- district balancing ------------------------------------------------------------------------


def _district_campaign(request, pk):
    campaign = selectors.campaign_for(request.user, pk)
    if not scope.covers(request.user, campaign.branch.path, scope.Role.DISTRICT_REVIEWER):
        raise PermissionDenied
    return campaign


@office_required
def balance(request, pk):
    campaign = _district_campaign(request, pk)
    data = selectors.balance(campaign)
    return render(
        request,
        "hardship/balance.html",
        {"campaign": campaign, "limits": rules.limits(campaign.line), **data, "categories": (1, 2, 3, 4)},
    )


@office_required
def balance_xlsx(request, pk):
    campaign = _district_campaign(request, pk)
    data = selectors.balance(campaign)
    audit.access(
        user=request.user,
        kind=AccessLog.Kind.EXPORT,
        obj=campaign,
        object_type="hardship.application",
        branch_path=campaign.branch.path,
        detail=_("district summary"),
    )
    return _download(documents.balance_xlsx(campaign, data), f"汇总-{campaign.name}.xlsx", documents.XLSX)


@office_required
@require_POST
def balance_decide(request, pk):
    campaign = _district_campaign(request, pk)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    form = DecisionForm(request.POST, ids=ids)
    if form.is_valid():
        chosen = selectors.reported_for_decision(request.user, campaign, form.cleaned_data["ids"])
        count, ok = run_service(
            request,
            services.district_decide,
            actor=request.user,
            applications=chosen,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
        if ok:
            messages.success(request, _("%(n)s applications decided.") % {"n": count})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("hardship:balance", pk=pk)


# --- applications (office) ---------------------------------------------------------------------


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


# --- hardship files ------------------------------------------------------------------------------


@office_required
def files(request):
    qs = selectors.files_for(request.user)
    status = request.GET.get("status", "open")
    if status in ("open", "closed"):
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "hardship/files.html", {"page": page, "status": status, "today": timezone.localdate()}
    )


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
            "may_manage": services.may_manage_file(request.user, file),
            "may_close": services.may_close_file(request.user, file),
            "help_form": FileHelpForm(),
            "review_form": FileReviewForm(),
            "status_form": FileStatusForm(),
            "today": timezone.localdate(),
        },
    )


def _file_post(request, pk, form_class, service, message):
    file = selectors.file_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        _r, ok = run_service(request, service, actor=request.user, file=file, **form.cleaned_data)
        if ok:
            messages.success(request, message)
    else:
        messages.error(request, _("Please fill in the form completely."))
    return redirect("hardship:file_detail", pk=pk)


@office_required
@require_POST
def file_help(request, pk):
    return _file_post(request, pk, FileHelpForm, services.file_add_help, _("Help recorded."))


@office_required
@require_POST
def file_review(request, pk):
    return _file_post(request, pk, FileReviewForm, services.file_review, _("Review recorded."))


@office_required
@require_POST
def file_close(request, pk):
    return _file_post(request, pk, FileStatusForm, services.file_close, _("File closed: out of difficulty."))


@office_required
@require_POST
def file_reopen(request, pk):
    return _file_post(request, pk, FileStatusForm, services.file_reopen, _("File reopened."))


@office_required
def access_log(request):
    if not selectors.may_see_access_log(request.user):
        raise PermissionDenied
    page = Paginator(selectors.access_log_for(request.user), 100).get_page(request.GET.get("page"))
    return render(request, "hardship/access_log.html", {"page": page})


# --- the worker portal -------------------------------------------------------------------------


@portal_required
def portal_index(request):
    worker = request.user.worker
    mine = list(selectors.own_applications(request.user))
    applied = {a.campaign_id for a in mine if a.state != State.WITHDRAWN}
    page = render(
        request,
        "portal/hardship/index.html",
        {
            "applications": mine,
            "campaigns": [c for c in selectors.open_campaigns_for_worker(worker) if c.pk not in applied],
            "notifications": selectors.notifications_for(request.user),
            "history": selectors.worker_history(worker),
            "has_notices": bool(selectors.notices_for_worker(worker)),
        },
    )
    services.mark_notifications_read(user=request.user)
    return page


@portal_required
@require_POST
def portal_apply(request, campaign_pk):
    campaign = selectors.campaign_for(request.user, campaign_pk)
    application, ok = run_service(request, services.application_create, actor=request.user, campaign=campaign)
    if ok:
        return redirect("hardship_portal:edit", pk=application.pk)
    return redirect("hardship_portal:index")


@portal_required
def portal_detail(request, pk):
    application = selectors.own_application(request.user, pk)
    parts = selectors.detail_parts(application)
    roles = services.roles_for(request.user, application)
    return render(
        request,
        "portal/hardship/detail.html",
        {
            "a": application,
            **parts,
            "actions": [(a, services.ACTION_LABELS[a]) for a in rules.actions_for(application.state, roles)],
            "editable": application.state in rules.EDITABLE_STATES,
            "may_upload": application.state in services.UPLOAD_STATES,
            "missing": selectors.missing_materials(application, parts["uploads"]),
            "upload_form": UploadForm(),
            "limits": rules.limits(application.campaign.line),
            "my_id": branch_rules.mask_id_number(application.worker.id_number),
        },
    )


@portal_required
@require_http_methods(["GET", "POST"])
def portal_edit(request, pk):
    application = selectors.own_application(request.user, pk)
    if application.state not in rules.EDITABLE_STATES:
        messages.error(request, _("The application can no longer be changed."))
        return redirect("hardship_portal:detail", pk=pk)
    return _edit(
        request,
        application,
        template="portal/hardship/edit.html",
        done_url=reverse("hardship_portal:detail", args=[pk]),
    )


@portal_required
@require_POST
def portal_upload(request, pk):
    application = selectors.own_application(request.user, pk)
    _upload(request, application)
    return redirect("hardship_portal:detail", pk=pk)


@portal_required
@require_POST
def portal_upload_delete(request, pk, upload_pk):
    application = selectors.own_application(request.user, pk)
    upload = selectors.upload_for(application, upload_pk)
    _r, ok = run_service(request, services.upload_delete, actor=request.user, upload=upload)
    if ok:
        messages.success(request, _("Document removed."))
    return redirect("hardship_portal:detail", pk=pk)


@portal_required
@require_GET
def portal_download(request, pk, upload_pk):
    return _serve(request, selectors.own_application(request.user, pk), upload_pk)


@portal_required
@require_POST
def portal_act(request, pk):
    application = selectors.own_application(request.user, pk)
    action = request.POST.get("action", "")
    if action not in ("submit", "resubmit", "withdraw"):
        raise Http404
    _r, ok = run_service(
        request,
        services.transition,
        actor=request.user,
        application=application,
        action=action,
        comment=request.POST.get("comment", ""),
    )
    if ok:
        messages.success(request, _("Done: %(action)s.") % {"action": services.ACTION_LABELS[action]})
    return redirect("hardship_portal:detail", pk=pk)


@portal_required
def portal_notices(request):
    return render(
        request,
        "portal/hardship/notices.html",
        {"notices": selectors.notices_for_worker(request.user.worker), "today": timezone.localdate()},
    )
