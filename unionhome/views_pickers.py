"""The one search endpoint of the people pickers (``unionhome.pickers``)."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from unionhome import audit, pickers
from unionhome.models import AccessLog
from unionhome.web import office_required


@office_required
@require_GET
def pick(request, name):
    """``?key=&q=``: up to ``pickers.MAX_RESULTS`` masked labels among the picker's candidates.

    The picker decides the scope from the user and the key exactly as its form does: a key out of
    scope is a 404, a unit the user may not manage a 403. Each search is an access-log entry.
    """
    picker = pickers.get(name)
    found = pickers.results(picker, request.user, request.GET.get("key", ""), request.GET.get("q", ""))
    if found:
        audit.access(
            user=request.user,
            kind=AccessLog.Kind.VIEW,
            object_type=settings.UNIONHOME_WORKER_MODEL.lower(),
            detail="picker_search",
            results=len(found),
        )
    return JsonResponse({"results": found})
