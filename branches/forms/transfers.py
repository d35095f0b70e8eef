"""Forms of a transfer of membership (会员关系转接): started, accepted, moved a step."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import DateInput, Form

from .. import rules
from ..models import Branch
from ._common import BranchChoiceField, CrispyMixin


class TransferStartForm(CrispyMixin, Form):
    """Start (officer) or ask for (worker) a transfer: a union in the system or one outside it."""

    submit_label = _("Start the transfer")
    to_unit = BranchChoiceField(
        queryset=Branch.objects.none(), required=False, label=_("receiving union in the system")
    )
    outside_union = forms.CharField(
        label=_("or a receiving union outside the system"), max_length=120, required=False
    )
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = targets if targets is not None else Branch.objects.none()
        self.fields["to_unit"].label_from_instance = lambda b: b.name

    def clean(self):
        data = super().clean()
        outside = rules.normalise_text(data.get("outside_union"))
        data["outside_union"] = outside
        if bool(data.get("to_unit")) == bool(outside):
            raise forms.ValidationError(
                _("Name either a union in the system or a union outside it, not both.")
            )
        return data


class TransferAcceptForm(CrispyMixin, Form):
    submit_label = _("Accept")
    to_branch = BranchChoiceField(queryset=Branch.objects.none(), label=_("receiving unit"))
    effective_on = forms.DateField(
        label=_("effective on"),
        widget=DateInput(),
        required=False,
    )
    comment = forms.CharField(label=_("comment"), max_length=200, required=False)

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches if branches is not None else Branch.objects.none()


class TransferStepForm(Form):
    comment = forms.CharField(label=_("comment"), max_length=200, required=False)
    effective_on = forms.DateField(label=_("effective on"), required=False, widget=DateInput())
