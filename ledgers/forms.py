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


def _hours_field(label, required=False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=rules.HOURS_MIN,
        max_value=rules.HOURS_MAX,
        step_size=rules.HOURS_STEP,
        max_digits=4,
        decimal_places=1,
    )


class EntryForm(VersionedFormMixin, Form):
    """The date, title and status of an entry, its kind's typed fields and its participants.

    Participants are chosen from the roster; each chosen participant has a row of their own with
    their hours (kinds with hours) and their role, named ``hours_<worker>`` and ``role_<worker>``.
    A row left empty takes the common value: the session's hours, the common role.
    """

    date = forms.DateField(label=_("date"), widget=DateInput)
    title = forms.CharField(label=pgettext_lazy("ledgers", "title"), max_length=200)

    def __init__(self, *args, kind: kinds.Kind, user, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.rows: list[tuple[int, str]] = []  # (worker id, label) of the participants' rows
        if kind.has_status and kind.code != "hidden_danger":
            self.fields["status"] = forms.ChoiceField(label=_("status"), choices=kind.statuses)
        for f in kind.fields:
            if not f.computed:
                self.fields[f.name] = _field_for(user, branch, f)
        if kind.participants:
            self._participant_fields(branch)

    def _participant_fields(self, branch) -> None:
        scoped = selectors.workers_for(branch).select_related("branch")
        self.fields["participants"] = PickerMultipleField(
            picker=PARTICIPANTS,
            label=_("participants"),
            required=False,
            help_text=_(
                "Workers of the unit's roster who took part: type two characters of a name or an ID number."
            ),
        )
        self.fields["participants"].scope(scoped, key=branch.pk)
        if self.kind.participants == kinds.ROLE:
            self.fields["role"] = forms.CharField(
                label=_("their role"),
                max_length=rules.ROLE_MAX,
                required=False,
                help_text=_("e.g. inspector, member; taken by each participant whose own role is left empty"),
            )
        if not self.is_bound:
            chosen = self.initial.get("participants", ())
        elif hasattr(self.data, "getlist"):
            chosen = self.data.getlist("participants")
        else:
            chosen = self.data.get("participants") or ()
        pks = []
        for value in chosen:
            try:
                pk = int(getattr(value, "pk", value))
            except (TypeError, ValueError):
                continue
            if pk not in pks:
                pks.append(pk)
        # only the chosen workers are read (in scope), never the whole roster of the unit
        workers = {w.pk: f"{w.name} · {w.branch.name}" for w in scoped.filter(pk__in=pks)}
        for pk in pks:
            if pk not in workers:
                continue
            self.rows.append((pk, workers[pk]))
            if self.kind.participants == kinds.HOURS:
                self.fields[f"hours_{pk}"] = _hours_field(_("hours of %(name)s") % {"name": workers[pk]})
            self.fields[f"role_{pk}"] = forms.CharField(
                label=_("role of %(name)s") % {"name": workers[pk]}, max_length=rules.ROLE_MAX, required=False
            )

    def main_fields(self):
        """The bound fields but the participants' rows (those go in the participants' table)."""
        rows = {f"{p}_{pk}" for pk, _label in self.rows for p in ("hours", "role")}
        return [self[name] for name in self.fields if name not in rows]

    def participant_table(self):
        """(label, hours field or None, role field) of each participant's row."""
        return [
            (label, self[f"hours_{pk}"] if f"hours_{pk}" in self.fields else None, self[f"role_{pk}"])
            for pk, label in self.rows
        ]

    def data_values(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name) for f in self.kind.fields if not f.computed}

    def participant_rows(self) -> list[tuple]:
        """(worker, hours, role) of each chosen participant, a row's own values before the common ones."""
        if not self.kind.participants:
            return []
        common_hours = self.cleaned_data.get("hours") if self.kind.participants == kinds.HOURS else None
        common_role = self.cleaned_data.get("role", "")
        result = []
        for worker in self.cleaned_data.get("participants") or ():
            w = worker.pk
            hours = self.cleaned_data.get(f"hours_{w}") if self.kind.participants == kinds.HOURS else None
            role = self.cleaned_data.get(f"role_{w}") or common_role
            result.append((w, hours if hours is not None else common_hours, role))
        return result

    def show_errors(self, errors: dict) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


def initial_for(entry) -> dict:
    """The form's initial values from a stored entry: each participant's own hours and role."""
    initial = {"date": entry.date, "title": entry.title, "status": entry.status, **(entry.data or {})}
    rows = list(entry.participants.values_list("worker_id", "hours", "role"))
    initial["participants"] = [w for w, _h, _r in rows]
    for w, hours, role in rows:
        initial[f"hours_{w}"] = hours
        initial[f"role_{w}"] = role
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
