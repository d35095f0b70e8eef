"""Officer views of letters and visits (来信来访): petitions, their answers and the flag for abnormal
petitions.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import paging, permissions
from unionhome.web import office_required, run_service, say_done

from .. import forms, selectors, services
from .common import _create_page, _managed


@office_required
def petition_list(request):
    page = paging.page(
        request, selectors.petitions(request.user), order=("-received_on", "-id"), name="democracy.petitions"
    )
    rows = page.object_list
    for p in rows:
        p.days = (p.answered_on - p.received_on).days if p.answered_on else None
    return render(
        request,
        "democracy/petitions.html",
        {
            "page": page,
            "petitions": rows,
            "may_manage": permissions.allowed(request.user, "democracy.manage_petition"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def petition_create(request):
    enterprises = _managed(request, "democracy.manage_petition")
    form = forms.PetitionForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    return _create_page(
        request, form, services.petition_record, "democracy:petition_detail", _("Record a letter or visit")
    )


@office_required
def petition_detail(request, pk):
    petition = selectors.petition(request.user, pk)
    return render(
        request,
        "democracy/petition_detail.html",
        {
            "petition": petition,
            "may_manage": permissions.allowed(request.user, "democracy.manage_petition", petition.enterprise),
            "may_flag": permissions.allowed(request.user, "democracy.flag_petition", petition),
            "answer_form": forms.PetitionAnswerForm(
                initial={
                    "handling": petition.handling,
                    "result": petition.result,
                    "answered_on": petition.answered_on or timezone.localdate(),
                }  # fmt: skip
            ),
            "flag_form": forms.PetitionFlagForm(initial={"abnormal": not petition.abnormal}),
        },
    )


@office_required
@require_POST
def petition_answer(request, pk):
    petition = selectors.petition(request.user, pk)
    permissions.require(request.user, "democracy.manage_petition", petition.enterprise)
    form = forms.PetitionAnswerForm(request.POST)
    if form.is_valid():
        run_service(
            request, services.petition_answer, actor=request.user, petition=petition, **form.cleaned_data
        )
    else:
        messages.error(request, _("Fill in the handling, the result and the date."))
    return redirect("democracy:petition_detail", pk=petition.pk)


@office_required
@require_POST
def petition_flag(request, pk):
    petition = selectors.petition(request.user, pk)
    permissions.require(request.user, "democracy.flag_petition", petition)
    form = forms.PetitionFlagForm(request.POST)
    form.is_valid()
    _p, ok = run_service(
        request, services.petition_flag, actor=request.user, petition=petition,
        abnormal=form.cleaned_data.get("abnormal", False), reason=form.cleaned_data.get("reason", ""),
    )  # fmt: skip
    if ok:
        say_done(request, _("Saved"), _("the flag of the letter %(title)s") % {"title": petition})
    return redirect("democracy:petition_detail", pk=petition.pk)
