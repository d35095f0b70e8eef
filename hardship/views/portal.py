"""Worker portal of hardship relief: applying, editing, uploading, following the workflow and reading
notices.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from unionhome import permissions, scope
from unionhome.masking import mask_id_number
from unionhome.web import portal_required, run_service, say_done
from unionhome.workflow import available_actions

from .. import rules, selectors, services
from ..forms import UploadForm
from ..workflows import APPLICATION
from .applications import _edit, _serve, _upload
from .common import State

# The steps the worker takes in the portal (the others are the office's, even for a worker who is
# also an officer).
PORTAL_ACTIONS = frozenset({"submit", "resubmit", "withdraw"})


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
            "has_notices": permissions.allowed(request.user, "hardship.read_notices")
            and bool(selectors.notices_for_worker(worker)),
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
    return render(
        request,
        "portal/hardship/detail.html",
        {
            "a": application,
            **parts,
            "actions": [
                a
                for a in available_actions(APPLICATION, application, request.user)
                if a.code in PORTAL_ACTIONS
            ],
            "editable": application.state in rules.EDITABLE_STATES,
            "may_upload": application.state in services.UPLOAD_STATES,
            "missing": selectors.missing_materials(application, parts["uploads"]),
            "upload_form": UploadForm(),
            "limits": rules.limits(application.campaign.line),
            "my_id": mask_id_number(application.worker.id_number),
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
        say_done(request, _("Removed"), str(upload))
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
    if action not in PORTAL_ACTIONS:
        raise Http404
    done, ok = run_service(
        request,
        services.transition,
        actor=request.user,
        application=application,
        action=action,
        comment=request.POST.get("comment", ""),
    )
    if ok:
        say_done(
            request,
            done.get_state_display(),
            _("your application to %(campaign)s") % {"campaign": done.campaign.name},
        )
    return redirect("hardship_portal:detail", pk=pk)


@portal_required
def portal_notices(request):
    permissions.require(request.user, "hardship.read_notices")
    worker = request.user.worker
    enterprise = scope.enterprise_of(worker.branch)
    return render(
        request,
        "portal/hardship/notices.html",
        {
            "notices": selectors.notices_for_worker(worker),
            "objected": selectors.objected_by(worker),
            "open_states": services.worker_objections.OPEN_TO_OBJECTIONS,
            "today": timezone.localdate(),
            "enterprise": enterprise,
            "contacts": selectors.notice_contacts(enterprise) if enterprise else [],
        },
    )
