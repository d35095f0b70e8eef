"""Officer views of a unit's assessments and titles, and the ranking overview."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branches import selectors as branch_selectors
from unionhome import audit, charts, downloads, permissions, workflow
from unionhome.web import act, office_required

from .. import reports, rules, selectors, services
from ..forms import TitleAwardForm, TitleFileForm, TitleRecheckForm
from ..workflows import TITLE

YEARS_SHOWN = 5  # the overview offers this year and the four before it


def _titles(request, branch):
    """The unit's titles, each with its filing and re-check steps the user may take, and whether it lapsed."""
    today = timezone.localdate()
    titles = list(selectors.titles_of(branch))
    for t in titles:
        t.lapsed = t.lapsed_on(today)
        t.actions = [a.code for a in workflow.available_actions(TITLE, t, request.user)]
        t.history = workflow.labelled(TITLE, t.transitions.all())
    return titles


@office_required
def unit(request, pk):
    branch = branch_selectors.branch_in_scope(request.user, pk)
    trend = selectors.trend_of(branch)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "xAxis": {
                "type": "category",
                "data": [f"{a.year} {a.get_period_kind_display()} {a.number}" for a in trend],
            },
            "yAxis": {"type": "value", "max": 100},
            "series": [
                {
                    "name": _("Total"),
                    "type": "line",
                    "data": [float(a.total if a.state == "accepted" else a.live_total) for a in trend],
                }
            ],
        },
    }
    latest = trend[-1] if trend else None
    return render(
        request,
        "assessment/unit.html",
        {
            "branch": branch,
            "titles": _titles(request, branch),
            "due": selectors.next_due_of(branch, timezone.localdate()),
            "trend": list(reversed(trend)),
            "chart": chart if trend else None,
            "may_award": permissions.allowed(request.user, "assessment.award_title", branch),
            "may_open": permissions.allowed(request.user, "assessment.open_assessment", branch),
            "latest": latest,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def title_award(request, pk):
    branch = branch_selectors.branch_in_scope(request.user, pk)
    if not permissions.allowed(request.user, "assessment.award_title", branch):
        raise PermissionDenied
    form = TitleAwardForm(
        request.POST or None,
        branch=branch,
        assessments=selectors.title_bases(request.user, branch),
        candidates=selectors.assessments(request.user).filter(branch=branch),
    )
    if request.method == "POST" and form.is_valid():
        _t, ok = act(
            request, services.title_award, done=_("Recorded"), what=str, branch=branch, **form.cleaned_data
        )
        if ok:
            return redirect("assessment:unit", pk=branch.pk)
    return render(request, "assessment/form.html", {"form": form, "title": _("Award a title: %(unit)s") % {"unit": branch.name},
                                                     "back": ("assessment:unit", branch.pk)})  # fmt: skip


@office_required
@require_POST
def title_file(request, pk):
    award = selectors.title_in_scope(request.user, pk)
    if not permissions.allowed(request.user, "assessment.file_title", award):
        raise PermissionDenied
    form = TitleFileForm(request.POST)
    if not form.is_valid():
        raise BadRequest("title filing")
    act(
        request,
        services.title_file,
        done=_("Filed with the higher union"),
        what=str(award),
        award=award,
        note=form.cleaned_data["note"],
        expected_state=form.cleaned_data["state"] or None,
    )
    return redirect("assessment:unit", pk=award.branch_id)


@office_required
@require_http_methods(["GET", "POST"])
def title_recheck(request, pk):
    award = selectors.title_in_scope(request.user, pk)
    if not permissions.allowed(request.user, "assessment.award_title", award):
        raise PermissionDenied
    form = TitleRecheckForm(
        request.POST or None,
        assessments=selectors.title_bases(request.user, award.branch).filter(
            standard__title=award.title, year__gt=award.year
        ),
    )
    if request.method == "POST" and form.is_valid():
        _t, ok = act(
            request,
            services.title_recheck,
            done=_("Renewed on the re-check"),
            what=str(award),
            award=award,
            assessment=form.cleaned_data["assessment"],
        )
        if ok:
            return redirect("assessment:unit", pk=award.branch_id)
    title = _("Re-check of a title: %(title)s") % {"title": award}
    return render(request, "assessment/form.html", {"form": form, "title": title, "back": ("assessment:unit", award.branch_id)})  # fmt: skip


def _year(request, this_year: int) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return this_year
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and 2000 <= int(raw) <= this_year + 1:
        return int(raw)
    raise BadRequest("year")  # a year the page never offers: refused, not guessed


def _ranking_chart(rows) -> dict | None:
    """The ranked units' totals, from the rows of the ranking table; a vetoed total is its own
    series (drawn in its own colour, named in the legend)."""
    ranked = [r for r in rows if r.total is not None]
    if not ranked:
        return None
    return charts.bars(
        [r.branch.name for r in ranked],
        [
            (_("Total"), [None if r.vetoed else r.total for r in ranked]),
            (_("Vetoed"), [r.total if r.vetoed else None for r in ranked]),
        ],
        unit=_("points"),
        stacked=True,
    )


@office_required
def overview(request):
    today = timezone.localdate()
    year = _year(request, today.year)
    ranking = selectors.overview(request.user, year, today, request=request)
    return render(
        request,
        "assessment/overview.html",
        {
            "ranking": ranking,
            "rows": ranking.rows,
            "chart": _ranking_chart(ranking.rows),
            "year": year,
            "years": range(today.year, today.year - YEARS_SHOWN, -1),
        },
    )


@office_required
def overview_export(request):
    today = timezone.localdate()
    year = _year(request, today.year)
    ranking = selectors.overview(request.user, year, today)
    audit.access(user=request.user, kind="export", detail="ranking_xlsx", rows=len(ranking.rows))
    return downloads.content_response(
        reports.ranking_xlsx(ranking, year),
        label=_("Overview and ranking"),
        content_type=downloads.XLSX,
        ext="xlsx",
        on=timezone.localtime(),
        slug="ranking",
    )


@office_required
def commendation(request):
    today = timezone.localdate()
    year = _year(request, today.year)
    return render(
        request,
        "assessment/commendation.html",
        {
            "rows": selectors.commendation(request.user, year, today),
            "year": year,
            "periods": rules.commendation_years(year),
            "years": range(today.year, today.year - YEARS_SHOWN, -1),
        },
    )
