"""Officer views of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import audit
from unionhome.web import office_required, run_service

from .. import conf, documents, forms, selectors, services
from ..models import SurveyAnswer
from .common import _create_page, _form_page, _managed, _require


@office_required
def disclosure_list(request):
    qs = selectors.disclosures(request.user)
    category = request.GET.get("category", "")
    if category:
        qs = qs.filter(category=category)
    return render(
        request,
        "democracy/disclosures.html",
        {
            "items": qs[:300],
            "categories": forms.Disclosure.Category.choices,
            "category": category,
            "may_publish": selectors.publish_audiences(request.user).exists(),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    audiences = selectors.publish_audiences(request.user)
    _require(audiences.exists())
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
        {"item": item, "may_publish": services.may_publish_to(request.user, item.audience)},
    )


@office_required
@require_POST
def disclosure_publish(request, pk):
    item = selectors.disclosure(request.user, pk)
    _require(services.may_publish_to(request.user, item.audience))
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
    audit.access(user=request.user, kind="download", obj=item, branch_path=item.audience.path)
    response = FileResponse(
        item.attachment.open("rb"), as_attachment=True, filename=item.attachment.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@office_required
def survey_list(request):
    surveys = []
    for survey, result in selectors.survey_results(request.user):
        survey.result = result
        surveys.append(survey)
    return render(
        request,
        "democracy/surveys.html",
        {
            "surveys": surveys,
            "knowledge_target": conf.get("KNOWLEDGE_TARGET"),
            "satisfaction_target": conf.get("SATISFACTION_TARGET"),
            "may_manage": bool(selectors.managed_enterprises(request.user)),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def survey_create(request):
    enterprises = _managed(request)
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
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 50, "right": 10, "bottom": 30},
            "xAxis": {
                "type": "category",
                "data": [_("Knowledge rate"), _("Satisfaction rate"), _("Response rate")],
            },
            "yAxis": {"type": "value", "max": 100, "axisLabel": {"formatter": "{value}%"}},
            "series": [
                {
                    "type": "bar",
                    "data": [
                        pct(result.knowledge_rate),
                        pct(result.satisfaction_rate),
                        pct(result.response_rate),
                    ],
                    "markLine": {
                        "symbol": "none",
                        "data": [
                            {"yAxis": float(conf.get("KNOWLEDGE_TARGET") * 100)},
                            {"yAxis": float(conf.get("SATISFACTION_TARGET") * 100)},
                        ],
                    },
                }
            ],
        },
    }
    satisfaction_chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": "65%",
                    "data": [
                        {"name": str(SurveyAnswer.Satisfaction.SATISFIED.label), "value": result.satisfied},
                        {"name": str(SurveyAnswer.Satisfaction.BASIC.label), "value": result.basic},
                        {
                            "name": str(SurveyAnswer.Satisfaction.UNSATISFIED.label),
                            "value": result.unsatisfied,
                        },
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
            "may_manage": services.may_manage(request.user, survey.enterprise),
        },
    )


@office_required
@require_POST
def survey_close(request, pk):
    survey = selectors.survey(request.user, pk)
    _require(services.may_manage(request.user, survey.enterprise))
    run_service(request, services.survey_close, actor=request.user, survey=survey)
    return redirect("democracy:survey_detail", pk=survey.pk)


@office_required
def survey_export(request, pk):
    survey = selectors.survey(request.user, pk)
    r = selectors.survey_result(survey, request.user)
    if r.withheld:
        messages.error(
            request, _("Too few answers from your units to show their results without exposing who answered.")
        )
        return redirect("democracy:survey_detail", pk=survey.pk)
    audit.access(user=request.user, kind="export", obj=survey, branch_path=survey.enterprise.path)
    return documents.xlsx_response(
        f"survey-{survey.pk}.xlsx",
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
