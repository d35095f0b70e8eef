"""Forms of the organisation tree: a unit created, renamed, moved or closed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unionhome.forms import DateInput, Form, VersionedFormMixin

from .. import rules
from ..models import Branch
from ._common import BranchChoiceField, CrispyMixin


class BranchCreateForm(CrispyMixin, Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name = forms.CharField(label=_("name"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=Branch.Kind.choices)

    def __init__(self, *args, parent: Branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Branch.Kind(k).label) for k in rules.CHILD_KINDS[parent.kind]]

    def clean_code(self):
        code = rules.normalise_code(self.cleaned_data["code"])
        if not code.replace("-", "").replace("_", "").isalnum():
            raise forms.ValidationError(_("Use letters, digits, - and _ only."))
        if Branch.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("The code %(code)s is already used by another unit.") % {"code": code}
            )
        return code

    def clean_name(self):
        name = rules.normalise_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name


class BranchRenameForm(VersionedFormMixin, CrispyMixin, Form):
    name = forms.CharField(label=_("name"), max_length=120)

    def clean_name(self):
        name = rules.normalise_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name


class BranchMoveForm(CrispyMixin, Form):
    submit_label = _("Move")
    new_parent = BranchChoiceField(queryset=Branch.objects.none(), label=_("new parent unit"))

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets if targets is not None else Branch.objects.none()


class BranchCloseForm(CrispyMixin, Form):
    submit_label = _("Close unit")
    closed_on = forms.DateField(label=_("closed on"), widget=DateInput())
