"""Forms of the roster: a worker, leaving, the roster list's filters, the roster file's upload."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhome.forms import DateInput, Form, ModelForm, VersionedFormMixin
from unionhome.pickers import PickerSelect

from .. import rules
from ..models import Branch, Worker
from ..selectors import search_workers
from ..services import id_number_message
from ._common import BranchChoiceField, CrispyMixin


class WorkerForm(VersionedFormMixin, CrispyMixin, ModelForm):
    branch = BranchChoiceField(queryset=Branch.objects.none(), label=_("unit"))
    joined_before_employer = forms.BooleanField(
        label=_("joined the union before this employer"),
        required=False,
        help_text=_("Tick when the membership date is earlier than the hire date."),
    )

    class Meta:
        model = Worker
        fields = [
            "name", "gender", "id_number", "phone", "employment_type", "branch", "hire_date",
            "is_member", "member_since", "card_number", "card_issued",
            "ethnic_group", "political_status", "education", "household_place", "household_type",
            "membership_status", "membership_status_on", "membership_status_reason",
        ]  # fmt: skip
        widgets = {
            "hire_date": DateInput(),
            "member_since": DateInput(),
            "membership_status_on": DateInput(),
        }

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches if branches is not None else Branch.objects.none()
        self.fields["membership_status"].required = False  # older forms and clients leave it out: normal
        instance = self.instance
        if instance.pk and instance.member_since and instance.hire_date:
            self.fields["joined_before_employer"].initial = instance.member_since < instance.hire_date

    def clean_membership_status(self):
        return self.cleaned_data.get("membership_status") or Worker.MembershipStatus.NORMAL

    def clean_name(self):
        name = rules.normalise_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name

    def clean_id_number(self):
        try:
            number = rules.validate_id_number(self.cleaned_data["id_number"])
        except rules.IdNumberError as exc:
            raise forms.ValidationError(id_number_message(exc.code)) from exc
        clash = Worker.objects.filter(id_number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A worker with this ID number is already on a roster."))
        return number

    def clean_phone(self):
        phone = rules.normalise_code(self.cleaned_data.get("phone")).replace(" ", "").replace("-", "")
        if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
            raise forms.ValidationError(_("Enter a phone number of digits only."))
        return phone

    def clean_card_number(self):
        number = rules.normalise_code(self.cleaned_data.get("card_number"))
        if number:
            clash = Worker.objects.filter(card_number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("This membership card number is already used."))
        return number

    def clean(self):
        data = super().clean()
        number, gender = data.get("id_number") or self.instance.id_number, data.get("gender")
        if number and gender and rules.id_gender(number) != gender:
            self.add_error("gender", _("The gender does not match the ID number."))
        if data.get("is_member") and not data.get("member_since"):
            self.add_error("member_since", _("A member must have a join date."))
        if data.get("card_issued"):
            if not data.get("is_member"):
                self.add_error("card_issued", _("Only members hold a membership card."))
            if not data.get("card_number"):
                self.add_error("card_number", _("A card marked as issued needs its card number."))
        if data.get("membership_status") not in (None, "", "normal") and not data.get("membership_status_on"):
            self.add_error(
                "membership_status_on",
                _("A membership status other than normal needs the date it took effect."),
            )
        self._check_plausible(data, number)
        return data

    def _check_plausible(self, data, number):
        """Age from the ID number (when it is entered or changed), hire and join dates."""
        today = timezone.localdate()
        birth = rules.id_birth_date(number) if number else None
        if birth and "id_number" in self.fields and data.get("id_number") != self.instance.id_number:
            low, high = settings.UNIONHOME_WORKER_AGE_RANGE
            problem = rules.worker_age_problem(birth, today=today, age_range=(low, high))
            if problem == "birth_future":
                self.add_error("id_number", _("The birth date in this ID number is in the future."))
            elif problem:
                self.add_error(
                    "id_number",
                    _(
                        "By this ID number the worker is %(age)s years old; the roster takes workers "
                        "aged %(low)s to %(high)s."
                    )
                    % {"age": rules.age_on(birth, today), "low": low, "high": high},
                )
        for name in ("hire_date", "member_since"):
            problem = rules.past_date_problem(data.get(name), today=today, birth=birth)
            if problem == "future":
                self.add_error(name, _("This date is in the future."))
            elif problem == "before_working_age":
                self.add_error(
                    name,
                    _("This date is before the worker turned %(age)s.") % {"age": rules.MIN_WORKING_AGE},
                )
        if rules.membership_problem(
            data.get("member_since") if data.get("is_member") else None,
            data.get("hire_date"),
            joined_before_employer=data.pop(
                "joined_before_employer", False
            ),  # not stored: the services never see it
        ):
            self.add_error(
                "member_since",
                _(
                    "The membership date is before the hire date; tick “joined the union before this "
                    "employer” if that is so."
                ),
            )

    def clean_household_place(self):
        return rules.normalise_text(self.cleaned_data.get("household_place"))

    def _post_clean(self):
        # Model-level checks duplicate the messages above; services re-check before writing.
        pass


class LeaveForm(CrispyMixin, Form):
    submit_label = _("Confirm")
    status = forms.ChoiceField(
        label=_("status"),
        choices=[
            (Worker.Status.LEFT, Worker.Status.LEFT.label),
            (Worker.Status.RETIRED, Worker.Status.RETIRED.label),
        ],
    )
    left_on = forms.DateField(label=_("date"), widget=DateInput())


# A filter left empty selects everyone: it reads 全部, never 未知 or "---------".
ANY_YES_NO = (("", _("All")), ("true", _("Yes")), ("false", _("No")))


# Above this many units in scope the roster's unit filter is a search, not a list (docs/SCALING.md).
UNIT_SELECT_MAX = 200


class RosterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    branch = django_filters.ModelChoiceFilter(
        queryset=Branch.objects.none(), method="in_subtree", label=_("unit"), empty_label=_("All")
    )
    employment_type = django_filters.ChoiceFilter(
        choices=Worker.EmploymentType.choices, label=_("employment type"), empty_label=_("All")
    )
    is_member = django_filters.BooleanFilter(label=_("member"), widget=forms.Select(choices=ANY_YES_NO))
    card_issued = django_filters.BooleanFilter(
        label=_("card issued"), widget=forms.Select(choices=ANY_YES_NO)
    )
    status = django_filters.ChoiceFilter(
        choices=Worker.Status.choices, label=_("status"), empty_label=_("All")
    )

    class Meta:
        model = Worker
        fields = ["q", "branch", "employment_type", "is_member", "card_issued", "status"]
        form = Form

    @property
    def invalid(self) -> bool:
        """A filter value that is not one of the choices (``?branch=abc``, ``?status=zzz``)."""
        return self.is_bound and not self.is_valid()

    def filter_queryset(self, queryset):
        # django-filter drops an invalid value and filters on the rest, which widens the list
        # (an export of the whole scope); an invalid filter selects nothing instead.
        if self.invalid:
            return queryset.none()
        return super().filter_queryset(queryset)

    def __init__(self, *args, branches=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branches is not None:
            self.filters["branch"].queryset = branches
            field = self.form.fields["branch"]
            field.queryset = branches
            if branches[: UNIT_SELECT_MAX + 1].count() > UNIT_SELECT_MAX:
                # a federation's scope: the unit is searched (picker ``branches.units``), not listed
                field.widget = PickerSelect(
                    picker="branches.units", hint=_("Type two characters of a unit's name")
                )
                field.widget.choices = field.choices
                field.label_from_instance = lambda b: b.name
            else:
                field.label_from_instance = lambda b: f"{'—' * (b.depth - 1)} {b.name}"

    def search(self, queryset, name, value):
        return search_workers(queryset, value)

    def in_subtree(self, queryset, name, value):
        return queryset.filter(branch__path__startswith=value.path) if value else queryset


class RosterImportForm(CrispyMixin, Form):
    """Upload of a roster .xlsx into one unit (the file's rows must lie in its subtree)."""

    submit_label = _("Check the file")
    unit = BranchChoiceField(queryset=Branch.objects.none(), label=_("unit the file belongs to"))
    file = forms.FileField(label=_("roster file (.xlsx)"))

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Branch.objects.none()
        self.helper.attrs = {"enctype": "multipart/form-data"}


class RosterConfirmForm(Form):
    mark_missing_as_left = forms.BooleanField(
        required=False, label=_("mark the unit's active workers who are not in the file as left")
    )
    start_transfers = forms.BooleanField(
        required=False, label=_("start membership transfers for the workers on another enterprise's roster")
    )
    # Marking workers as left is its own decision, confirmed apart from the import (the page's second form).
    missing_confirmed = forms.BooleanField(
        required=False, label=_("I have checked that these workers have left the unit")
    )

    def clean(self):
        data = super().clean()
        if data.get("mark_missing_as_left") and not data.get("missing_confirmed"):
            raise forms.ValidationError(
                _("Tick the confirmation to mark the workers not in the file as left; nothing was imported."),
                code="unconfirmed",
            )
        return data
