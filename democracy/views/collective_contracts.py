"""Officer views of collective contracts (集体合同): clauses, fulfilment checks, and the labour-dispute
mediation committee and its cases.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import paging, permissions
from unionhome.web import office_required, run_service, say_done

from .. import conf, forms, selectors, services
from .common import _create_page, _form_page, _managed


@office_required
def contract_list(request):
    page = paging.page(
        request,
        selectors.contracts(request.user),
        order=("enterprise__path", "-starts_on", "id"),
        name="democracy.contracts",
    )
    return render(
        request,
        "democracy/contracts.html",
        {
            "page": page,
            "contracts": selectors.with_expiry(page.object_list),
            "may_manage": permissions.allowed(request.user, "democracy.manage_contract"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    enterprises = _managed(request, "democracy.manage_contract")
    form = forms.ContractForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    return _create_page(
        request, form, services.contract_create, "democracy:contract_detail", _("New contract")
    )


@office_required
def contract_detail(request, pk):
    contract = selectors.contract(request.user, pk)
    selectors.with_expiry([contract])
    return render(
        request,
        "democracy/contract_detail.html",
        {
            "contract": contract,
            "clauses": contract.clauses.all(),
            "checks": selectors.contract_checks(contract),
            "target": conf.get("FULFILMENT_TARGET"),
            "may_manage": permissions.allowed(request.user, "democracy.manage_contract", contract.enterprise),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def contract_check(request, pk):
    contract = selectors.contract(request.user, pk)
    permissions.require(request.user, "democracy.manage_contract", contract.enterprise)
    form = forms.CheckForm(
        request.POST or None, clauses=contract.clauses.all(), initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(
            request, services.fulfilment_check_record, actor=request.user, contract=contract,
            year=form.cleaned_data["year"], checked_on=form.cleaned_data["checked_on"], results=form.results(),
        )  # fmt: skip
        if ok:
            say_done(
                request,
                _("Recorded"),
                _("the fulfilment check of %(contract)s for %(year)s")
                % {"contract": contract, "year": form.cleaned_data["year"]},
            )
            return redirect("democracy:contract_detail", pk=contract.pk)
    return render(request, "democracy/check_form.html", {"contract": contract, "form": form})


@office_required
@require_POST
def contract_publish(request, pk):
    contract = selectors.contract(request.user, pk)
    permissions.require(request.user, "democracy.manage_contract", contract.enterprise)
    run_service(request, services.contract_publish, actor=request.user, contract=contract)
    return redirect("democracy:contract_detail", pk=contract.pk)


@office_required
def mediation(request):
    page = paging.page(
        request,
        selectors.mediation_cases(request.user),
        order=("-received_on", "-id"),
        name="democracy.mediation",
    )
    return render(
        request,
        "democracy/mediation.html",
        {
            "committees": selectors.mediation_committees(request.user),
            "page": page,
            "cases": page.object_list,
            "may_manage": permissions.allowed(request.user, "democracy.manage_mediation"),
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def committee_set(request):
    enterprises = _managed(request, "democracy.manage_mediation")
    form = forms.CommitteeForm(
        request.POST or None,
        enterprises=selectors.enterprises(request.user).filter(pk__in=[e.pk for e in enterprises]),
    )
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(
            request, services.mediation_committee_set, actor=request.user, **form.cleaned_data
        )
        if ok:
            return redirect("democracy:mediation")
    return _form_page(request, form, _("Mediation committee"))


@office_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    enterprises = _managed(request, "democracy.manage_mediation")
    committees = selectors.mediation_committees(request.user).filter(enterprise__in=enterprises)
    form = forms.CaseForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        _c, ok = run_service(request, services.mediation_case_record, actor=request.user, **form.cleaned_data)
        if ok:
            return redirect("democracy:mediation")
    return _form_page(request, form, _("Record a mediation case"))
