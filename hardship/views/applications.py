"""Officer views of hardship applications: paper entry, review, objections, relief, materials and
attachment 1.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhome import audit, downloads, permissions
from unionhome.documents import pdf
from unionhome.exceptions import PermissionRefused
from unionhome.models import AccessLog
from unionhome.web import office_required, run_service, say_done
from unionhome.workflow import available_actions

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
from ..workflows import APPLICATION
from .common import _choice, _download, _id_display

# Steps with a form of their own (objection, resolution, relief): not taken by the buttons' view.
OWN_FORMS = frozenset({"object", "uphold", "dismiss", "record_relief"})


@office_required
@require_http_methods(["GET", "POST"])
def paper_new(request):
    permissions.require(request.user, "hardship.start_paper_application")
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
    display = _id_display(request.user, application)
    for m in parts["members"]:
        m.id_display = display(m.id_number)
    return render(
        request,
        "hardship/application_detail.html",
        {
            "a": application,
            **parts,
            "applicant_id": display(application.worker.id_number),
            "actions": available_actions(APPLICATION, application, request.user),
            "own_forms": OWN_FORMS,
            "missing": selectors.missing_materials(application, parts["uploads"]),
            "limits": rules.limits(application.campaign.line),
            "comment_form": CommentForm(),
            "objection_form": ObjectionForm(),
            "resolve_form": ResolveForm(),
            "is_clerk": permissions.allowed(request.user, "hardship.enter_on_paper", application),
            "editable": application.state in rules.EDITABLE_STATES,
            "may_upload": application.state in services.UPLOAD_STATES,
            "upload_form": UploadForm(),
        },
    )


@office_required
@require_POST
def application_act(request, pk):
    application = selectors.application_for(request.user, pk)
    action = request.POST.get("action", "")
    if action not in APPLICATION.all_actions() or action in OWN_FORMS:
        raise Http404
    form = CommentForm(request.POST)
    form.is_valid()
    done, ok = run_service(
        request,
        services.transition,
        actor=request.user,
        application=application,
        action=action,
        comment=form.cleaned_data.get("comment", ""),
    )
    if ok:
        say_done(
            request, done.get_state_display(), _("the application of %(name)s") % {"name": done.worker.name}
        )
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
            say_done(request, message, _("the application of %(name)s") % {"name": application.worker.name})
    else:
        messages.error(request, invalid)
    return redirect("hardship:application_detail", pk=pk)


@office_required
@require_POST
def application_objection(request, pk):
    return _application_post(
        request, pk, ObjectionForm, services.record_objection, _("Objection recorded"),
        _("Please give the date and the content of the objection."),
    )  # fmt: skip


@office_required
@require_POST
def application_resolve(request, pk):
    return _application_post(
        request, pk, ResolveForm, services.resolve_objection, _("Objection resolved"),
        _("Please give the outcome and the resolution."),
    )  # fmt: skip


@office_required
@require_http_methods(["GET", "POST"])
def application_relief(request, pk):
    application = selectors.application_for(request.user, pk)
    if "record_relief" not in {a.code for a in available_actions(APPLICATION, application, request.user)}:
        raise PermissionRefused(_("You do not have permission to do this."))
    form = ReliefForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(
            request, services.record_relief, actor=request.user, application=application, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Relief recorded"),
                _("the application of %(name)s") % {"name": application.worker.name},
            )
            return redirect("hardship:application_detail", pk=pk)
    return render(
        request,
        "hardship/form.html",
        {"form": form, "title": _("Record relief for %(name)s") % {"name": application.worker.name}},
    )


def _member_initial(application):
    return [{f: getattr(m, f) for f in services.MEMBER_FIELDS} for m in application.members.all()]


def _labelled(label, error) -> str:
    return _("%(label)s: %(error)s") % {"label": label, "error": error}


def _error_summary(form, formset) -> list[dict]:
    """Every error of the form and its household rows, each linking to its field (the summary at
    the top of the page)."""
    errors = [{"href": "", "text": e} for e in form.non_field_errors()]
    errors += [
        {"href": f"#{form[name].id_for_label}", "text": _labelled(form[name].label, e)}
        for name, messages_ in form.errors.items()
        if name != "__all__"
        for e in messages_
    ]
    errors += [{"href": "#members", "text": e} for e in formset.non_form_errors()]
    number = 0  # the rows as the page numbers them: removed rows are hidden and not counted
    for member in formset.forms:
        if formset.can_delete and member.is_bound and formset._should_delete_form(member):
            continue
        number += 1
        for name, messages_ in member.errors.items():
            field = member[name] if name in member.fields else None
            label = _("Household member %(n)s") % {"n": number}
            if field is not None:
                label = f"{label} · {field.label}"
            for e in messages_:
                href = f"#{field.id_for_label}" if field else "#members"
                errors.append({"href": href, "text": _labelled(label, e)})
    return errors


def _as_typed(form) -> dict:
    """What was typed into a posted form, as the initial values of a fresh one (no errors shown)."""
    return {name: form[name].value() for name in form.fields}


def _one_more_row(request, application):
    """ "Add a household member" without JavaScript: the page again with what was typed and one more
    empty row; nothing is saved."""
    posted = MemberFormSet(request.POST, prefix="m")
    rows = [
        _as_typed(f)
        for f in posted.forms
        if not f["DELETE"].value() and (f["name"].value() or f["monthly_income"].value())
    ]
    form = ApplicationForm(
        initial=_as_typed(ApplicationForm(request.POST, instance=application, prefix="app")),
        instance=application,
        prefix="app",
    )
    return form, MemberFormSet(
        initial=[{k: v for k, v in r.items() if k != "DELETE"} for r in rows], prefix="m"
    )


def _edit(request, application, *, template, done_url):
    """The application form with its household members (the worker's and the clerk's)."""
    if request.method == "POST" and "add_member" in request.POST:
        form, formset = _one_more_row(request, application)
        return _render_edit(request, application, template, form, formset, errors=[])
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
            say_done(
                request,
                _("Saved"),
                _("the application of %(name)s") % {"name": saved.worker.name},
                _("; %(reason)s") % {"reason": saved.category_reason},
            )
            return redirect(done_url)
    errors = _error_summary(form, formset) if request.method == "POST" else []
    return _render_edit(request, application, template, form, formset, errors=errors)


def _render_edit(request, application, template, form, formset, *, errors):
    return render(
        request,
        template,
        {
            "a": application,
            "form": form,
            "formset": formset,
            "error_summary": errors,
            "limits": rules.limits(application.campaign.line),
            "cat4": rules.CATEGORY_4_MIN_COST,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    application = selectors.application_for(request.user, pk)
    permissions.require(request.user, "hardship.enter_on_paper", application)
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
    permissions.require(request.user, "hardship.enter_on_paper", application)
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
        say_done(
            request,
            _("Uploaded"),
            _("%(document)s for the application of %(name)s")
            % {"document": _r.get_kind_display(), "name": application.worker.name},
        )


def _serve(request, application, upload_pk):
    upload = selectors.upload_for(application, upload_pk)
    audit.access(
        user=request.user,
        kind=AccessLog.Kind.DOWNLOAD,
        obj=upload,
        branch_path=application.branch.path,
        detail="document",
        document=str(upload.get_kind_display()),
    )
    return downloads.file_response(
        upload.file,
        label=upload.get_kind_display(),
        on=upload.uploaded_at,
        slug="document",
        inline=_choice(request, "inline", ("0", "1"), default="0") == "1",
    )


@office_required
@require_GET
def upload_download(request, pk, upload_pk):
    return _serve(request, selectors.application_for(request.user, pk), upload_pk)


@office_required
def attachment1_pdf(request, pk):
    application = selectors.application_for(request.user, pk)
    members = selectors.detail_parts(application)["members"]
    audit.access(user=request.user, kind=AccessLog.Kind.EXPORT, obj=application, detail="attachment1_pdf")
    context = documents.attachment1_context(
        application, members, id_display=_id_display(request.user, application)
    )
    return _download(
        pdf.render("hardship/pdf/attachment1.html", context),
        _("Hardship worker record"),
        "application/pdf",
        "hardship-record",
    )


@office_required
def attachment1_xlsx(request, pk):
    application = selectors.application_for(request.user, pk)
    members = selectors.detail_parts(application)["members"]
    audit.access(user=request.user, kind=AccessLog.Kind.EXPORT, obj=application, detail="attachment1_xlsx")
    content = documents.attachment1_xlsx(
        application, members, id_display=_id_display(request.user, application)
    )
    return _download(content, _("Hardship worker record"), documents.XLSX, "hardship-record")
