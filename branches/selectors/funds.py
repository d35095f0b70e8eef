"""Union funds (工会经费上解): each year's remittance with its payments and status."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from unionhome import scope

from .. import rules
from ..models import Branch, FundsPayment, FundsRemittance
from ._common import _in_subtree


@dataclass(frozen=True)
class FundsRow:
    """A unit's union funds for a year with what was paid and its status."""

    remittance: FundsRemittance
    payments: list[FundsPayment]
    paid: Decimal
    paid_in_full_on: object  # date | None
    status: rules.FundsStatus

    @property
    def status_label(self) -> str:
        return str(FUNDS_STATUS_LABELS[self.status])


def _funds_row(remittance: FundsRemittance, today) -> FundsRow:
    payments = list(remittance.payments.all())
    pairs = [(p.paid_on, p.amount) for p in payments]
    return FundsRow(
        remittance=remittance,
        payments=payments,
        paid=rules.amount_paid(pairs),
        paid_in_full_on=rules.paid_in_full_on(remittance.amount_due, pairs),
        status=rules.funds_status(
            amount_due=remittance.amount_due,
            due_on=remittance.due_on,
            payments=pairs,
            withheld=remittance.withheld,
            today=today,
        ),
    )


def funds_rows(
    user, *, year: int | None = None, root: Branch | None = None, branch: Branch | None = None, today=None
) -> list[FundsRow]:
    """Union funds in the user's scope (of one year, one subtree or one unit): two queries."""
    today = today or timezone.localdate()
    qs = scope.limit(FundsRemittance.objects.select_related("branch"), user)
    qs = _in_subtree(qs, root)
    if year is not None:
        qs = qs.filter(year=year)
    if branch is not None:
        qs = qs.filter(branch=branch)
    qs = qs.prefetch_related(
        Prefetch(
            "payments", queryset=FundsPayment.objects.select_related("confirmed_by").order_by("paid_on", "id")
        )
    ).order_by("-year", "branch__path")
    return [_funds_row(r, today) for r in qs]


def remittance_in_scope(user, pk) -> FundsRemittance:
    return scope.get_or_404(FundsRemittance.objects.select_related("branch"), user, pk=pk)


def payment_in_scope(user, pk) -> FundsPayment:
    return scope.get_or_404(
        FundsPayment.objects.select_related("remittance__branch"), user, "remittance__branch__path", pk=pk
    )


FUNDS_STATUS_LABELS = {
    rules.FundsStatus.ON_TIME: gettext_lazy("on time"),
    rules.FundsStatus.LATE: gettext_lazy("late"),
    rules.FundsStatus.OUTSTANDING: gettext_lazy("outstanding"),
    rules.FundsStatus.PENDING: gettext_lazy("not yet due"),
    rules.FundsStatus.WITHHELD: gettext_lazy("withheld"),
}
