"""Forms of the committee, workshop-post, leadership-group and union-funds pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import CrispyMixin
from .models import Committee, CommitteeSeat, LeadershipMember, Worker

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.branch.name}"


class CommitteeForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Committee.Kind.choices)
    established_on = forms.DateField(label=_("established on"), required=False, **DATE)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, Committee.Kind(k).label) for k in kinds]


class TermForm(CrispyMixin, forms.Form):
    elected_on = forms.DateField(label=_("elected on"), **DATE)
    start = forms.DateField(
        label=_("start"), required=False, help_text=_("Empty: the day of the election."), **DATE
    )
    end = forms.DateField(
        label=_("end"),
        required=False,
        help_text=_("The last day of the term. Empty: the default term length."),
        **DATE,
    )

    def clean(self):
        data = super().clean()
        start = data.get("start") or data.get("elected_on")
        if data.get("elected_on") and start and data["elected_on"] > start:
            self.add_error("start", _("A term cannot start before its election."))
        if start and data.get("end") and data["end"] <= start:
            self.add_error("end", _("A term must end after it starts."))
        return data


class TermEditForm(TermForm):
    start = forms.DateField(label=_("start"), **DATE)
    end = forms.DateField(label=_("end"), help_text=_("The last day of the term."), **DATE)


class SeatForm(CrispyMixin, forms.Form):
    worker = WorkerChoiceField(queryset=Worker.objects.none(), label=_("worker"))
    position = forms.ChoiceField(label=_("position"), choices=CommitteeSeat.Position.choices)
    start = forms.DateField(
        label=_("start"), required=False, help_text=_("Empty: the start of the term."), **DATE
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers


class EndForm(CrispyMixin, forms.Form):
    submit_label = _("Confirm")
    end = forms.DateField(label=_("end"), **DATE)


class PostAssignForm(CrispyMixin, forms.Form):
    holder = WorkerChoiceField(
        queryset=Worker.objects.none(),
        label=_("holder"),
        required=False,
        help_text=_("Empty: the post is vacant."),
    )
    since = forms.DateField(label=_("since"), required=False, **DATE)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["holder"].queryset = workers


class LeadershipForm(CrispyMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=120)
    established_on = forms.DateField(label=_("established on"), **DATE)
    office = forms.CharField(
        label=_("office"),
        max_length=200,
        required=False,
        help_text=_("Where the office sits and who runs it."),
    )
    responsibilities = forms.CharField(label=_("responsibilities"), widget=forms.Textarea, required=False)


class LeadershipMemberForm(CrispyMixin, forms.Form):
    worker = WorkerChoiceField(queryset=Worker.objects.none(), label=_("worker"))
    role = forms.ChoiceField(label=_("role"), choices=LeadershipMember.Role.choices)
    duties = forms.CharField(label=_("duties"), max_length=200, required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].queryset = workers


class RemittanceForm(CrispyMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    amount_due = forms.DecimalField(
        label=_("amount due"), min_value=Decimal(0), max_digits=14, decimal_places=2
    )
    due_on = forms.DateField(label=_("due on"), **DATE)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class PaymentForm(CrispyMixin, forms.Form):
    amount = forms.DecimalField(label=_("amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("paid on"), **DATE)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)


class WithheldForm(CrispyMixin, forms.Form):
    withheld = forms.BooleanField(label=_("withheld"), required=False)
    reason = forms.CharField(label=_("reason for withholding"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("withheld") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for flagging the funds as withheld."))
        return data
