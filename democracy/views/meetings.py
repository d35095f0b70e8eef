"""Officer views of lower-level meetings: workshop representative groups and team democratic-management
meetings, and their cadence.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import paging, permissions
from unionhome.templatetags.unionhome import day
from unionhome.web import office_required, run_service, say_done

from .. import forms, selectors, services
from .common import _form_page, _year


@office_required
def meeting_list(request):
    page = paging.page(
        request, selectors.lower_meetings(request.user), order=("-held_on", "-id"), name="democracy.meetings"
    )
    return render(
        request,
        "democracy/meetings.html",
        {
            "page": page,
            "meetings": page.object_list,
            "may_record": permissions.allowed(request.user, "democracy.record_meeting"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    permissions.require(request.user, "democracy.record_meeting")
    units = selectors.meeting_units(request.user)
    form = forms.MeetingForm(request.POST or None, branches=units)
    if request.method == "POST" and form.is_valid():
        _m, ok = run_service(request, services.lower_meeting_record, actor=request.user, **form.cleaned_data)
        if ok:
            say_done(
                request,
                _("Recorded"),
                _("the meeting of %(unit)s on %(date)s")
                % {"unit": form.cleaned_data["branch"].name, "date": day(form.cleaned_data["held_on"])},
            )
            return redirect("democracy:meeting_list")
    return _form_page(request, form, _("Record a lower-level meeting"))


@office_required
def cadence(request):
    year = _year(request)
    rows, congress = selectors.cadence_report(request.user, year)
    return render(
        request,
        "democracy/cadence.html",
        {"rows": rows, "congress": congress, "year": year, "missing": [r for r in rows if r.missed]},
    )
