"""Union funds (工会经费上解): what is due, what was paid, withheld funds and confirmed receipts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, scope

from .. import rules
from ..exceptions import Conflict, FundsError
from ..models import Branch, FundsPayment, FundsRemittance
from ._common import Role, _require

REMITTANCE_FIELDS = ("branch_id", "year", "amount_due", "due_on", "withheld", "withheld_reason", "note")
PAYMENT_FIELDS = ("remittance_id", "amount", "paid_on", "reference", "confirmed_by_id", "confirmed_at")


def may_manage_funds(user, branch: Branch) -> bool:
    """Union funds: edited by the enterprise's union officers only."""
    return scope.covers(user, branch.path, Role.UNION_OFFICER)


def may_flag_withheld(user, branch: Branch) -> bool:
    """The withheld flag is set by the district or by the enterprise's officers, with a reason."""
    return scope.covers(user, branch.path, Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)


def may_confirm_receipt(user, branch: Branch) -> bool:
    return scope.covers(user, branch.path, Role.DISTRICT_REVIEWER)


@transaction.atomic
def remittance_create(
    *, actor, branch: Branch, year: int, amount_due, due_on: dt.date, note: str = ""
) -> FundsRemittance:
    _require(may_manage_funds(actor, branch))
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
    audit.record(
        actor=actor,
        action="funds.create",
        obj=remittance,
        after=audit.snapshot(remittance, REMITTANCE_FIELDS),
    )
    return remittance


@transaction.atomic
def payment_create(
    *, actor, remittance: FundsRemittance, amount, paid_on: dt.date, reference: str = ""
) -> FundsPayment:
    """Record an amount remitted upward; the district later confirms its receipt."""
    _require(may_manage_funds(actor, remittance.branch))
    FundsRemittance.objects.select_for_update().get(pk=remittance.pk)
    if amount <= 0:
        raise FundsError(_("The amount must be more than zero."), code="amount")
    if paid_on > timezone.localdate():
        raise FundsError(_("A payment cannot be dated in the future."), code="date")
    payment = FundsPayment.objects.create(
        remittance=remittance, amount=amount, paid_on=paid_on, reference=rules.normalise_text(reference)
    )
    audit.record(
        actor=actor,
        action="funds.payment",
        obj=payment,
        branch_path=remittance.branch.path,
        after=audit.snapshot(payment, PAYMENT_FIELDS),
    )
    return payment


@transaction.atomic
def remittance_set_withheld(
    *, actor, remittance: FundsRemittance, withheld: bool, reason: str = ""
) -> FundsRemittance:
    """Flag (or clear) union funds as withheld (截留): a veto fact, so a reason is required."""
    _require(may_flag_withheld(actor, remittance.branch))
    remittance = FundsRemittance.objects.select_for_update().select_related("branch").get(pk=remittance.pk)
    reason = rules.normalise_text(reason)
    if withheld and not reason:
        raise FundsError(_("Give the reason for flagging the funds as withheld."), code="reason")
    before = audit.snapshot(remittance, REMITTANCE_FIELDS)
    remittance.withheld = withheld
    remittance.withheld_reason = reason if withheld else ""
    remittance.save(update_fields=["withheld", "withheld_reason"])
    after = audit.snapshot(remittance, REMITTANCE_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="funds.withheld", obj=remittance, before=before, after=after)
    return remittance


@transaction.atomic
def payment_confirm(*, actor, payment: FundsPayment) -> FundsPayment:
    """The district confirms it received a payment; a second confirmation is refused."""
    branch = payment.remittance.branch
    _require(may_confirm_receipt(actor, branch))
    payment = FundsPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.confirmed_at is not None:
        raise Conflict(_("This payment's receipt has already been confirmed."))
    before = audit.snapshot(payment, PAYMENT_FIELDS)
    payment.confirmed_by = actor
    payment.confirmed_at = timezone.now()
    payment.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor,
        action="funds.confirm",
        obj=payment,
        branch_path=branch.path,
        before=before,
        after=audit.snapshot(payment, PAYMENT_FIELDS),
    )
    return payment
