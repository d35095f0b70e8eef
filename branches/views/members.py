"""The worker's portal profile, the member information sheet and the worker's own confirmation of
their member facts."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhome import audit, downloads
from unionhome.models import AccessLog
from unionhome.permissions import allowed
from unionhome.web import office_required, portal_required, run_service, say_done

from .. import selectors, services, sheets


def _pdf_response(worker, content: bytes) -> HttpResponse:
    return downloads.content_response(
        content,
        label=_("Member information sheet"),
        content_type=downloads.PDF,
        ext="pdf",
        slug="member-sheet",
        inline=True,
    )


@office_required
def worker_sheet(request, pk):
    """An officer in scope downloads a worker's sheet; the download is logged."""
    worker = selectors.worker_in_scope(request.user, pk)
    full = allowed(request.user, "branches.see_full_ids", worker)
    audit.access(user=request.user, kind=AccessLog.Kind.DOWNLOAD, obj=worker, detail="member_sheet")
    return _pdf_response(worker, sheets.member_sheet_pdf(worker, full_ids=full))


@portal_required
def portal_sheet(request):
    """The worker's own sheet, with their own full ID number, to check and sign."""
    worker = selectors.own_worker(request.user)
    audit.access(user=request.user, kind=AccessLog.Kind.DOWNLOAD, obj=worker, detail="own_member_sheet")
    return _pdf_response(worker, sheets.member_sheet_pdf(worker, full_ids=True))


@portal_required
@require_POST
def portal_confirm(request):
    worker = selectors.own_worker(request.user)
    _result, ok = run_service(request, services.worker_confirm, actor=request.user, worker=worker)
    if ok:
        say_done(request, _("Confirmed"), _("the member information of %(name)s") % {"name": worker.name})
    return redirect("portal:profile")


@portal_required
def portal_profile(request):
    worker = selectors.own_worker(request.user)
    return render(
        request,
        "portal/profile.html",
        {"worker": worker, "open_transfers": [t for t in selectors.own_transfers(request.user) if t.is_open]},
    )
