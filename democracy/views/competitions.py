"""Officer views of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards
the participation rate.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import charts, paging, permissions
from unionhome.web import office_required, run_service

from .. import conf, forms, rules, selectors, services
from .common import _form_page, _managed, _year

# Enterprises per page of the participation table (and its chart), contests per page of the list.
ENTERPRISES_PAGE = 50
CONTESTS_PAGE = 50


@office_required
def contest_list(request):
    """The participation rate of a page of the scope's enterprises and a page of its contests: a
    fixed number of queries whatever the number of enterprises, workers or contests."""
    year = _year(request)
    target = conf.get("PARTICIPATION_TARGET")
    page = paging.page(
        request,
        selectors.enterprises(request.user),
        order=("path", "id"),
        name="democracy.participation",
        size=ENTERPRISES_PAGE,
    )
    counts = selectors.participation_of(list(page), year)
    rates = []
    for enterprise in page:
        took_part, workers = counts[enterprise.pk]
        value = rules.rate(took_part, workers)
        rates.append((enterprise, took_part, workers, value, rules.meets(value, target)))
    contests = paging.page(
        request,
        selectors.contests(request.user),
        order=("-held_on", "-id"),
        name="democracy.contests",
        size=CONTESTS_PAGE,
        param="contests",
    )
    return render(
        request,
        "democracy/contests.html",
        {
            "contests": contests,
            "page": page,
            "rates": rates,
            "chart": charts.bars(
                [e.name for e, *_rest in rates],
                [(_("Participation rate"), charts.percentages([value for _e, _t, _w, value, _ok in rates]))],
                unit="%",
                target=charts.percentages([target])[0],
            )
            if rates
            else None,
            "year": year,
            "target": target,
            "may_manage": permissions.allowed(request.user, "democracy.record_contest"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contest_create(request):
    enterprises = _managed(request, "democracy.record_contest")
    form = forms.ContestForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
        workers=selectors.workers_of(enterprises),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _c, ok = run_service(
            request, services.contest_record, actor=request.user, enterprise=data["enterprise"], kind=data["kind"],
            title=data["title"], held_on=data["held_on"], participants=list(data["participants"]),
        )  # fmt: skip
        if ok:
            return redirect("democracy:contest_list")
    return _form_page(request, form, _("Record a competition or skill contest"))
