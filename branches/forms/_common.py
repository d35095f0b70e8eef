"""What the forms of every sub-domain share: the submit button, date inputs, the unit and worker choices."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import CleanFormMixin, DateInput


class CrispyMixin(CleanFormMixin):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'—' * (obj.depth - 1)} {obj.name} ({obj.code})"


DATE = {"widget": DateInput()}


SEAT_CANDIDATES = "branches.seat_candidates"  # the picker of branches/pickers.py
