"""Forms of union funds (工会经费上解): the amount due, a payment, withheld funds."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import Form

from ._common import DATE, CrispyMixin


class RemittanceForm(CrispyMixin, Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount_due = forms.DecimalField(
        label=_("amount due"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    due_on = forms.DateField(label=_("due on"), **DATE)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class PaymentForm(CrispyMixin, Form):
    amount = forms.DecimalField(label=_("amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), **DATE)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)


class WithheldForm(CrispyMixin, Form):
    withheld = forms.BooleanField(label=_("withheld"), required=False)
    reason = forms.CharField(label=_("reason for withholding"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("withheld") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for flagging the funds as withheld."))
        return data
