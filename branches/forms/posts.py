"""The form that fills a workshop post (车间两长六大员)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import Form
from unionhome.pickers import PickerField

from ._common import DATE, SEAT_CANDIDATES, CrispyMixin


class PostAssignForm(CrispyMixin, Form):
    holder = PickerField(
        picker=SEAT_CANDIDATES,
        label=_("holder"),
        required=False,
        help_text=_("Empty: the post is vacant."),
    )
    since = forms.DateField(label=_("since"), required=False, **DATE)

    def __init__(self, *args, workers=None, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is not None:
            self.fields["holder"].scope(workers, key=unit.pk if unit else "")
