"""Objections workers send from the public notice: the portal's form on a notice entry, and the
enterprise union's list of received objections, each recorded as an objection or dismissed."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import paging, permissions
from unionhome.web import act, office_required, portal_required

from .. import selectors, services
from ..forms import DismissObjectionForm, WorkerObjectionForm
from ..models import WorkerObjection
from .common import _choice


def _entry_name(application) -> str:
    return _("the notice entry of %(name)s") % {"name": application.worker.name}


@portal_required
@require_http_methods(["GET", "POST"])
def portal_object(request, pk):
    """Object to one entry of the notice of the worker's enterprise (during the notice, once)."""
    permissions.require(request.user, "hardship.read_notices")
    worker = request.user.worker
    entry = selectors.notice_entry_for_worker(worker, pk)
    permissions.require(request.user, "hardship.object_to_notice", entry)
    if entry.pk in selectors.objected_by(worker):
        messages.info(request, _("You have already objected to %(entry)s.") % {"entry": _entry_name(entry)})
        return redirect("hardship_portal:notices")
    form = WorkerObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _r, ok = act(
            request,
            services.worker_objection_send,
            done=_("Objection sent"),
            what=_entry_name(entry),
            application=entry,
            reason=form.cleaned_data["reason"],
        )
        if ok:
            return redirect("hardship_portal:notices")
    return render(
        request,
        "portal/hardship/object.html",
        {"entry": entry, "form": form, "today": timezone.localdate()},
    )


@office_required
def objection_list(request):
    """Objections received from workers at the user's enterprises, with who sent them."""
    permissions.require(request.user, "hardship.handle_worker_objections")
    status = _choice(request, "status", WorkerObjection.Status.values, WorkerObjection.Status.RECEIVED)
    rows = selectors.worker_objections_for(request.user, status)
    return render(
        request,
        "hardship/worker_objections.html",
        {
            "page": paging.page(
                request, rows, order=("received_at", "id"), name="hardship.worker_objections"
            ),
            "status": status,
            "statuses": WorkerObjection.Status.choices,
        },
    )


@office_required
@require_POST
def objection_record(request, pk):
    received = selectors.worker_objection_for(request.user, pk)
    name = _("the application of %(name)s") % {"name": received.application.worker.name}
    act(request, services.worker_objection_record, done=_("Objection recorded"), what=name, received=received)
    return redirect("hardship:worker_objections")


@office_required
@require_POST
def objection_dismiss(request, pk):
    received = selectors.worker_objection_for(request.user, pk)
    form = DismissObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for dismissing the objection."))
        return redirect("hardship:worker_objections")
    act(
        request,
        services.worker_objection_dismiss,
        done=pgettext("worker objection", "Dismissed"),
        what=_entry_name(received.application),
        received=received,
        reason=form.cleaned_data["reason"],
    )
    return redirect("hardship:worker_objections")
