"""Forms of committees, their terms (届) and seats."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import Form, VersionedFormMixin
from unionhome.pickers import PickerField

from ..models import Committee, CommitteeSeat
from ._common import DATE, SEAT_CANDIDATES, CrispyMixin


class CommitteeForm(CrispyMixin, Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Committee.Kind.choices)
    established_on = forms.DateField(label=_("established on"), required=False, **DATE)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds is not None:
            self.fields["kind"].choices = [(k, Committee.Kind(k).label) for k in kinds]


class TermForm(CrispyMixin, Form):
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


class TermEditForm(VersionedFormMixin, TermForm):
    start = forms.DateField(label=_("start"), **DATE)
    end = forms.DateField(label=_("end"), help_text=_("The last day of the term."), **DATE)


class SeatForm(CrispyMixin, Form):
    worker = PickerField(picker=SEAT_CANDIDATES, label=_("worker"))
    position = forms.ChoiceField(label=_("position"), choices=CommitteeSeat.Position.choices)
    start = forms.DateField(
        label=_("start"), required=False, help_text=_("Empty: the start of the term."), **DATE
    )

    def __init__(self, *args, workers=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].scope(workers, key=unit.pk if unit else "")


class EndForm(CrispyMixin, Form):
    submit_label = _("Confirm")
    end = forms.DateField(label=_("end"), **DATE)
