"""Forms of the home-building leadership group (建家领导小组) and its members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import Form, VersionedFormMixin
from unionhome.pickers import PickerField

from ..models import LeadershipMember
from ._common import DATE, SEAT_CANDIDATES, CrispyMixin


class LeadershipForm(VersionedFormMixin, CrispyMixin, Form):
    name = forms.CharField(label=_("name"), max_length=120)
    established_on = forms.DateField(label=_("established on"), **DATE)
    office = forms.CharField(
        label=_("office"),
        max_length=200,
        required=False,
        help_text=_("Where the office sits and who runs it."),
    )
    responsibilities = forms.CharField(label=_("responsibilities"), widget=forms.Textarea, required=False)


class LeadershipMemberForm(CrispyMixin, Form):
    worker = PickerField(picker=SEAT_CANDIDATES, label=_("worker"))
    role = forms.ChoiceField(label=_("role"), choices=LeadershipMember.Role.choices)
    duties = forms.CharField(label=_("duties"), max_length=200, required=False)

    def __init__(self, *args, workers=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["worker"].scope(workers, key=unit.pk if unit else "")
