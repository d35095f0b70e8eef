"""Officer views of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit, downloads, paging, permissions
from unionhome.web import office_required, run_service

from .. import conf, documents, forms, selectors, services
from ..models import SurveyAnswer
from .common import _choice, _create_page, _form_page, _managed


@office_required
def disclosure_list(request):
    qs = selectors.disclosures(request.user)
    category = _choice(request, "category", forms.Disclosure.Category.values)
    if category:
        qs = qs.filter(category=category)
    page = paging.page(request, qs, order=("-disclosed_on", "-id"), name="democracy.disclosures")
    return render(
        request,
        "democracy/disclosures.html",
        {
            "page": page,
            "items": page.object_list,
            "categories": forms.Disclosure.Category.choices,
            "category": category,
            "may_publish": permissions.allowed(request.user, "democracy.publish_disclosure"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    permissions.require(request.user, "democracy.publish_disclosure")
    audiences = selectors.publish_audiences(request.user)
    form = forms.DisclosureForm(request.POST or None, request.FILES or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        item, ok = run_service(request, services.disclosure_create, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect("democracy:disclosure_detail", pk=item.pk)
    return _form_page(request, form, _("New disclosure item"), multipart=True)


@office_required
def disclosure_detail(request, pk):
    item = selectors.disclosure(request.user, pk)
    return render(
        request,
        "democracy/disclosure_detail.html",
        {
            "item": item,
            "may_publish": permissions.allowed(request.user, "democracy.publish_disclosure", item),
        },
    )


@office_required
@require_POST
def disclosure_publish(request, pk):
    item = selectors.disclosure(request.user, pk)
    _i, ok = run_service(request, services.disclosure_publish, actor=request.user, disclosure=item)
    if ok:
        messages.success(request, _("Published to the workers of %(unit)s.") % {"unit": item.audience.name})
    return redirect("democracy:disclosure_detail", pk=item.pk)


@office_required
def disclosure_attachment(request, pk):
    item = selectors.disclosure(request.user, pk)
    return _attachment(request, item)


def _attachment(request, item):
    if not item.attachment:
        raise Http404
    audit.access(
        user=request.user,
        kind="download",
        obj=item,
        branch_path=item.audience.path,
        detail="disclosure_attachment",
    )
    return downloads.file_response(
        item.attachment, label=_("Disclosure attachment"), on=item.disclosed_on, slug="attachment"
    )


SURVEY_PAGE_SIZE = 50


@office_required
def survey_list(request):
    """One keyset page of the visible surveys (newest year first), each with its result."""
    page = paging.page(
        request,
        selectors.survey_rows(request.user),
        order=("-year", "-id"),
        name="democracy.surveys",
        size=SURVEY_PAGE_SIZE,
    )
    surveys = []
    for survey, result in selectors.survey_results(request.user, list(page.object_list)):
        survey.result = result
        surveys.append(survey)
    return render(
        request,
        "democracy/surveys.html",
        {
            "surveys": surveys,
            "page": page,
            "knowledge_target": conf.get("KNOWLEDGE_TARGET"),
            "satisfaction_target": conf.get("SATISFACTION_TARGET"),
            "may_manage": permissions.allowed(request.user, "democracy.manage_survey"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    enterprises = _managed(request, "democracy.manage_survey")
    form = forms.SurveyForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
        initial={"year": timezone.localdate().year},
    )
    return _create_page(
        request, form, services.survey_create, "democracy:survey_detail", _("New disclosure survey")
    )


@office_required
def survey_detail(request, pk):
    survey = selectors.survey(request.user, pk)
    result = selectors.survey_result(survey, request.user)
    pct = lambda v: round(float(v * 100), 1) if v is not None else None  # noqa: E731
    # while the results are withheld the chart shows the response rate only (who took part)
    bars = [(_("Response rate"), result.response_rate)]
    if not result.withheld:
        bars = [
            (_("Knowledge rate"), result.knowledge_rate),
            (_("Satisfaction rate"), result.satisfaction_rate),
            *bars,
        ]
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 10, "bottom": 30},
            "xAxis": {"type": "category", "data": [label for label, _v in bars]},
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {
                    "type": "bar",
                    "data": [pct(value) for _label, value in bars],
                    "markLine": {
                        "symbol": "none",
                        "data": []
                        if result.withheld
                        else [
                            {"yAxis": float(conf.get("KNOWLEDGE_TARGET") * 100)},
                            {"yAxis": float(conf.get("SATISFACTION_TARGET") * 100)},
                        ],
                    },
                }
            ],
        },
    }
    satisfaction_chart = None
    if not result.withheld:
        satisfaction_chart = {
            "kind": "generic",
            "option": {
                "tooltip": {"trigger": "item"},
                "series": [
                    {
                        "type": "pie",
                        "radius": "65%",
                        "data": [
                            {"name": str(label), "value": value}
                            for label, value in (
                                (SurveyAnswer.Satisfaction.SATISFIED.label, result.satisfied),
                                (SurveyAnswer.Satisfaction.BASIC.label, result.basic),
                                (SurveyAnswer.Satisfaction.UNSATISFIED.label, result.unsatisfied),
                            )
                        ],
                    }
                ],
            },
        }
    return render(
        request,
        "democracy/survey_detail.html",
        {
            "survey": survey,
            "result": result,
            "chart": chart,
            "satisfaction_chart": satisfaction_chart,
            "by_branch": selectors.survey_response_by_branch(request.user, survey),
            "knowledge_target": conf.get("KNOWLEDGE_TARGET"),
            "satisfaction_target": conf.get("SATISFACTION_TARGET"),
            "model_target": conf.get("SATISFACTION_TARGET_MODEL_SMALL_HOME"),
            "may_manage": permissions.allowed(request.user, "democracy.manage_survey", survey),
        },
    )


@office_required
@require_POST
def survey_close(request, pk):
    survey = selectors.survey(request.user, pk)
    permissions.require(request.user, "democracy.manage_survey", survey)
    run_service(request, services.survey_close, actor=request.user, survey=survey)
    return redirect("democracy:survey_detail", pk=survey.pk)


@office_required
def survey_export(request, pk):
    survey = selectors.survey(request.user, pk)
    r = selectors.survey_result(survey, request.user)
    if r.withheld:
        if r.is_open:
            messages.error(request, _("The results are shown once the survey is closed."))
        elif r.subtree:
            messages.error(
                request,
                _("Too few answers from your units to show their results without exposing who answered."),
            )
        else:
            messages.error(request, _("Fewer than %(n)s answers: not published.") % {"n": r.minimum})
        return redirect("democracy:survey_detail", pk=survey.pk)
    audit.access(
        user=request.user,
        kind="export",
        obj=survey,
        branch_path=survey.enterprise.path,
        detail="survey_results",
    )
    return documents.xlsx_response(
        _("Survey results"),
        [_("Measure"), _("Count"), _("Rate")],
        [
            [_("Answers"), r.answers, r.response_rate],
            [_("Knows the disclosed matters"), r.knows, r.knowledge_rate],
            [_("Satisfied"), r.satisfied, None],
            [_("Basically satisfied"), r.basic, None],
            [_("Not satisfied"), r.unsatisfied, None],
            [_("Satisfaction rate"), r.satisfied + r.basic, r.satisfaction_rate],
            [_("Workers"), r.workers, None],
        ],
    )
