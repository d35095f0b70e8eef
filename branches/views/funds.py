"""Union funds (工会经费上解) pages: a unit's funds, the overview, amounts due, payments, withheld
funds."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import charts, params
from unionhome.permissions import allowed, require
from unionhome.templatetags.unionhome import money
from unionhome.web import office_required, run_service, say_done

from .. import rules, selectors, services
from ..forms.funds import PaymentForm, RemittanceForm, WithheldForm
from ._common import _form_page


@office_required
def unit_funds(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    return render(
        request,
        "branches/committees/unit_funds.html",
        {
            "branch": branch,
            "rows": selectors.funds_rows(request.user, branch=branch),
            "may_manage": allowed(request.user, "branches.manage_funds", branch)
            and branch.kind in settings.UNIONHOME["FUNDS_REMITTING_KINDS"],
            "may_flag": allowed(request.user, "branches.flag_withheld", branch),
            "may_confirm": allowed(request.user, "branches.confirm_receipt", branch),
        },
    )


@office_required
def funds_overview(request):
    today = timezone.localdate()
    year = params.query_int(request, "year", today.year, low=1900, high=9999)
    rows = selectors.funds_rows(request.user, year=year, today=today)
    late = (rules.FundsStatus.OUTSTANDING, rules.FundsStatus.LATE, rules.FundsStatus.WITHHELD)
    return render(
        request,
        "branches/committees/funds_overview.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 5, -1)),
            "rows": rows,
            "problems": [r for r in rows if r.status in late],
            "due": sum((r.remittance.amount_due for r in rows), 0),
            "paid": sum((r.paid for r in rows), 0),
            "chart": charts.bars(
                [r.remittance.branch.name for r in rows],
                [
                    (_("Amount due"), [r.remittance.amount_due for r in rows]),
                    (_("Paid"), [r.paid for r in rows]),
                ],
                unit=_("yuan"),
            )
            if rows
            else None,
        },
    )


@office_required
@require_http_methods(["GET", "POST"])
def remittance_create(request, pk):
    branch = selectors.branch_in_scope(request.user, pk)
    require(request.user, "branches.manage_funds", branch)
    today = timezone.localdate()
    form = RemittanceForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(
            request, services.remittance_create, actor=request.user, branch=branch, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Saved"),
                _("the %(year)s union funds remittance of %(unit)s")
                % {"year": form.cleaned_data["year"], "unit": branch.name},
            )
            return redirect("branches:unit_funds", pk=branch.pk)
    return _form_page(request, form, _("Union funds due: %(unit)s") % {"unit": branch.name}, branch)


@office_required
@require_http_methods(["GET", "POST"])
def payment_create(request, pk):
    remittance = selectors.remittance_in_scope(request.user, pk)
    require(request.user, "branches.manage_funds", remittance.branch)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        _p, ok = run_service(
            request, services.payment_create, actor=request.user, remittance=remittance, **form.cleaned_data
        )
        if ok:
            say_done(
                request,
                _("Recorded"),
                _("a payment of %(amount)s to %(funds)s")
                % {"amount": money(form.cleaned_data["amount"]), "funds": remittance},
            )
            return redirect("branches:unit_funds", pk=remittance.branch_id)
    return _form_page(
        request, form, _("Record a payment: %(funds)s") % {"funds": remittance}, remittance.branch
    )


@office_required
@require_http_methods(["GET", "POST"])
def remittance_withheld(request, pk):
    remittance = selectors.remittance_in_scope(request.user, pk)
    require(request.user, "branches.flag_withheld", remittance.branch)
    form = WithheldForm(
        request.POST or None, initial={"withheld": remittance.withheld, "reason": remittance.withheld_reason}
    )
    if request.method == "POST" and form.is_valid():
        _r, ok = run_service(
            request,
            services.remittance_set_withheld,
            actor=request.user,
            remittance=remittance,
            **form.cleaned_data,
        )
        if ok:
            say_done(
                request,
                _("Saved"),
                _("whether the %(year)s union funds of %(unit)s are withheld")
                % {"year": remittance.year, "unit": remittance.branch.name},
            )
            return redirect("branches:unit_funds", pk=remittance.branch_id)
    return _form_page(
        request, form, _("Withheld funds: %(funds)s") % {"funds": remittance}, remittance.branch
    )


@office_required
@require_POST
def payment_confirm(request, pk):
    payment = selectors.payment_in_scope(request.user, pk)
    _p, ok = run_service(request, services.payment_confirm, actor=request.user, payment=payment)
    if ok:
        say_done(
            request,
            _("Receipt confirmed"),
            _("a payment of %(amount)s to %(funds)s")
            % {"amount": money(payment.amount), "funds": payment.remittance},
        )
    return redirect("branches:unit_funds", pk=payment.remittance.branch_id)
