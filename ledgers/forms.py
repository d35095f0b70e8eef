"""One form for every kind of ledger entry, built from the kind's schema (``ledgers.kinds``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhome.forms import DateInput, Form, VersionedFormMixin
from unionhome.pickers import PickerMultipleField

from . import kinds, rules, selectors

MAX_QUARTER = 4
PARTICIPANTS = "ledgers.participants"  # the picker of ledgers/pickers.py


def _field_for(user, branch, f: rules.Field) -> forms.Field:
    common = {"label": f.label, "required": f.required and f.type != rules.BOOL}
    if f.type == rules.TEXT:
        return forms.CharField(max_length=rules.TEXT_MAX, **common)
    if f.type == rules.LONGTEXT:
        return forms.CharField(
            max_length=rules.LONGTEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}), **common
        )
    if f.type == rules.INT:
        return forms.IntegerField(min_value=f.min, max_value=f.max, **common)
    if f.type == rules.DECIMAL:
        return forms.DecimalField(min_value=f.min, max_value=f.max, max_digits=12, decimal_places=2, **common)
    if f.type == rules.DATE:
        return forms.DateField(widget=DateInput, **common)
    if f.type == rules.BOOL:
        return forms.BooleanField(**common)
    if f.type == rules.CHOICE:
        return forms.ChoiceField(choices=[("", "---------"), *f.choices], **common)
    choices = selectors.reference_choices(user, branch, f)
    return forms.TypedChoiceField(
        coerce=int, choices=[("", "---------"), *choices], empty_value=None, **common
    )


class EntryForm(VersionedFormMixin, Form):
    """The date, title and status of an entry, its kind's typed fields and its participants."""

    date = forms.DateField(label=_("date"), widget=DateInput)
    title = forms.CharField(label=pgettext_lazy("ledgers", "title"), max_length=200)

    def __init__(self, *args, kind: kinds.Kind, user, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.has_status and kind.code != "hidden_danger":
            self.fields["status"] = forms.ChoiceField(label=_("status"), choices=kind.statuses)
        for f in kind.fields:
            self.fields[f.name] = _field_for(user, branch, f)
        if kind.participants:
            self.fields["participants"] = PickerMultipleField(
                picker=PARTICIPANTS,
                label=_("participants"),
                required=False,
                help_text=_(
                    "Workers of the unit's roster who took part: type two characters of a name or an ID number."
                ),
            )
            self.fields["participants"].scope(
                selectors.workers_for(branch).select_related("branch"), key=branch.pk
            )
            if kind.participants == kinds.ROLE:
                self.fields["role"] = forms.CharField(
                    label=_("their role"),
                    max_length=60,
                    required=False,
                    help_text=_("e.g. inspector, member"),
                )

    def data_values(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name) for f in self.kind.fields}

    def participant_rows(self) -> list[tuple]:
        if not self.kind.participants:
            return []
        hours = self.cleaned_data.get("hours") if self.kind.participants == kinds.HOURS else None
        role = self.cleaned_data.get("role", "") if self.kind.participants == kinds.ROLE else ""
        return [(w.pk, hours, role) for w in self.cleaned_data.get("participants") or ()]

    def show_errors(self, errors: dict) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


def initial_for(entry) -> dict:
    """The form's initial values from a stored entry."""
    initial = {"date": entry.date, "title": entry.title, "status": entry.status, **(entry.data or {})}
    rows = list(entry.participants.values_list("worker_id", "role"))
    initial["participants"] = [w for w, _r in rows]
    initial["role"] = next((r for _w, r in rows if r), "")
    return initial


class ChooseForm(Form):
    """Where and what to record: the unit and the kind of entry."""

    unit = forms.TypedChoiceField(label=_("unit"), coerce=int)
    kind = forms.ChoiceField(label=_("kind"), choices=kinds.CHOICES)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(b.pk, f"{'　' * (b.depth - 1)}{b.name}") for b in units]


class AttachmentForm(Form):
    file = forms.FileField(label=_("file"))


class FilterForm(Form):
    """The list's filters; an invalid value selects nothing (docs/DEVELOPING.md, "Forms")."""

    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("all kinds")), *kinds.CHOICES])
    unit = forms.IntegerField(label=_("unit"), required=False, min_value=1)
    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("quarter"), required=False, min_value=1, max_value=MAX_QUARTER)
