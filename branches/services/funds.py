"""Union funds (工会经费上解): what is due, what was paid, withheld funds and confirmed receipts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from .. import rules
from ..exceptions import Conflict, FundsError
from ..models import Branch, FundsPayment, FundsRemittance

REMITTANCE_FIELDS = ("branch_id", "year", "amount_due", "due_on", "withheld", "withheld_reason", "note")
PAYMENT_FIELDS = ("remittance_id", "amount", "paid_on", "reference", "confirmed_by_id", "confirmed_at")


@transaction.atomic
def remittance_create(
    *, actor, branch: Branch, year: int, amount_due, due_on: dt.date, note: str = ""
) -> FundsRemittance:
    require(actor, "branches.manage_funds", branch)
    if branch.kind not in settings.UNIONHOME["FUNDS_REMITTING_KINDS"]:
        raise FundsError(_("Union funds are remitted by enterprise unions."), code="kind")
    if amount_due < 0:
        raise FundsError(_("The amount due cannot be negative."), code="amount")
    if FundsRemittance.objects.filter(branch=branch, year=year).exists():
        raise FundsError(
            _("The union funds of %(year)s are already recorded for this unit.") % {"year": year},
            code="duplicate",
        )
    remittance = FundsRemittance.objects.create(
        branch=branch, year=year, amount_due=amount_due, due_on=due_on, note=rules.normalise_text(note)
    )
    return audit.created(actor=actor, action="funds.create", obj=remittance, fields=REMITTANCE_FIELDS)


@transaction.atomic
def payment_create(
    *, actor, remittance: FundsRemittance, amount, paid_on: dt.date, reference: str = ""
) -> FundsPayment:
    """Record an amount remitted upward; the district later confirms its receipt."""
    require(actor, "branches.manage_funds", remittance.branch)
    FundsRemittance.objects.select_for_update().get(pk=remittance.pk)
    if amount <= 0:
        raise FundsError(_("The amount must be more than zero."), code="amount")
    if paid_on > timezone.localdate():
        raise FundsError(_("A payment cannot be dated in the future."), code="date")
    payment = FundsPayment.objects.create(
        remittance=remittance, amount=amount, paid_on=paid_on, reference=rules.normalise_text(reference)
    )
    return audit.created(
        actor=actor,
        action="funds.payment",
        obj=payment,
        fields=PAYMENT_FIELDS,
        branch_path=remittance.branch.path,
    )


@transaction.atomic
def remittance_set_withheld(
    *, actor, remittance: FundsRemittance, withheld: bool, reason: str = ""
) -> FundsRemittance:
    """Flag (or clear) union funds as withheld (截留): a veto fact of the assessment, so only the
    federation sets or clears it, with a reason either way (the reason for clearing is audited)."""
    require(actor, "branches.flag_withheld", remittance.branch)
    remittance = FundsRemittance.objects.select_for_update().select_related("branch").get(pk=remittance.pk)
    reason = rules.normalise_text(reason)
    if withheld and not reason:
        raise FundsError(_("Give the reason for flagging the funds as withheld."), code="reason")
    if not reason:
        raise FundsError(_("Give the reason for clearing the withheld flag."), code="reason")
    with audit.changing(
        actor=actor,
        obj=remittance,
        fields=REMITTANCE_FIELDS,
        action="funds.withheld",
        extra=None if withheld else {"reason": reason},
    ):
        remittance.withheld = withheld
        remittance.withheld_reason = reason if withheld else ""
    return remittance


@transaction.atomic
def payment_confirm(*, actor, payment: FundsPayment) -> FundsPayment:
    """The district confirms it received a payment; a second confirmation is refused."""
    branch = payment.remittance.branch
    require(actor, "branches.confirm_receipt", branch)
    payment = FundsPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.confirmed_at is not None:
        raise Conflict(_("This payment's receipt has already been confirmed."))
    with audit.changing(
        actor=actor, obj=payment, fields=PAYMENT_FIELDS, action="funds.confirm", branch_path=branch.path
    ):
        payment.confirmed_by = actor
        payment.confirmed_at = timezone.now()
    return payment
