from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionhome.forms import VERSION_MISSING, DateInput, Form

from .models import (
    EvaluationAnswer,
    EvaluationRound,
    IndicatorKey,
    Level,
    PeriodKind,
    Standard,
    TitleAward,
    TitleKind,
)
from .services.titles import basis_error


def _clean_text(value: str) -> str:
    return (value or "").replace("\x00", "").strip()


class StandardHeaderForm(Form):
    code = forms.SlugField(label=_("standard code"), max_length=64)
    name = forms.CharField(label=_("name"), max_length=200)
    issuer = forms.CharField(label=_("issuer"), max_length=120)
    level = forms.ChoiceField(label=_("level"), choices=Level.choices)
    title = forms.ChoiceField(label=_("title"), choices=TitleKind.choices)
    kind = forms.ChoiceField(label=_("kind"), choices=Standard.Kind.choices)
    effective_date = forms.DateField(label=_("effective date"), widget=DateInput())
    pass_mark = forms.DecimalField(label=_("pass mark"), min_value=0, max_value=100, decimal_places=1)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    targets = forms.JSONField(
        label=_("own targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('By indicator, e.g. {"enrolment_rate": "0.99"}; replaces the general threshold.'),
    )
    gates = forms.JSONField(
        label=_("gates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_('Conditions that cap the rating, e.g. [{"indicator": "members_satisfaction_rate"}].'),
    )

    def __init__(self, *args, editing: bool = False, edits: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["code"].disabled = True
            # The count of saves the page showed: a save from a stale page is refused.
            self.fields["edits"] = forms.IntegerField(
                widget=forms.HiddenInput,
                min_value=0,
                initial=edits,
                error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
            )

    def clean(self):
        cleaned = super().clean()
        if "edits" in self._errors:
            self.add_error(None, VERSION_MISSING)
        return cleaned


class ItemForm(Form):
    section = forms.CharField(label=_("section"), max_length=120, required=False)
    text = forms.CharField(label=_("item"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    points = forms.DecimalField(
        label=_("points"), required=False, min_value=0, max_value=100, decimal_places=1
    )
    step = forms.TypedChoiceField(
        label=_("score step"),
        required=False,
        coerce=Decimal,
        empty_value=None,
        choices=[("0.5", "0.5"), ("1.0", "1"), ("0.1", "0.1")],
    )
    guidance = forms.CharField(
        label=_("scoring guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_expected = forms.CharField(label=_("evidence expected"), required=False, max_length=255)
    indicator = forms.ChoiceField(label=_("automatic indicator"), required=False,
                                  choices=[("", "—")] + list(IndicatorKey.choices))  # fmt: skip
    scoring = forms.JSONField(label=_("scoring from the indicator"), required=False,
                              widget=forms.TextInput(attrs={"placeholder": '{"mode": "threshold"}'}))  # fmt: skip


class VetoForm(Form):
    text = forms.CharField(label=_("veto condition"), required=False, max_length=255)
    indicator = forms.ChoiceField(
        label=_("indicator"), required=False, choices=[("", "—")] + list(IndicatorKey.choices)
    )


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=200)
VetoFormSet = forms.formset_factory(VetoForm, extra=2, max_num=50)


class ImportForm(Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))


class AssessmentCreateForm(Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    standard = forms.ModelChoiceField(label=_("standard"), queryset=None)
    period_kind = forms.ChoiceField(label=_("period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("number in year"), min_value=1, max_value=4, initial=1,
                                help_text=_("Quarter 1–4, half-year 1–2; 1 for a yearly period."))  # fmt: skip

    def __init__(self, *args, units, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["standard"].queryset = standards
        self.fields["year"].initial = timezone.localdate().year


def _workflow_actions():
    from .workflows import ASSESSMENT

    return [(a, a) for a in ASSESSMENT.all_actions()]


class TransitionForm(Form):
    action = forms.ChoiceField(choices=_workflow_actions)
    state = forms.CharField(required=False, max_length=16)
    comment = forms.CharField(required=False, max_length=2000)

    def clean_comment(self):
        return _clean_text(self.cleaned_data["comment"])


class VetoConfirmForm(Form):
    vetoed = forms.TypedChoiceField(
        label=_("finding"),
        coerce=lambda v: v == "1",
        choices=[("0", _("Does not apply")), ("1", _("Applies"))],
    )
    comment = forms.CharField(label=_("basis"), max_length=255)


class VetoContestForm(Form):
    reason = forms.CharField(label=_("reason"), max_length=500)

    def clean_reason(self):
        return _clean_text(self.cleaned_data["reason"])


class EvidenceForm(Form):
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    file = forms.FileField(label=_("file"))


class BasisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.standard.name} · {obj.year} {obj.get_period_kind_display()} {obj.number} · {obj.total}"


class TitleAwardForm(Form):
    """A title and the accepted assessment it rests on (``services.titles.basis_error``)."""

    title = forms.ChoiceField(label=_("title"), choices=TitleKind.choices)
    level = forms.ChoiceField(label=_("level"), choices=TitleAward.AwardLevel.choices)
    awarded_on = forms.DateField(label=_("awarded on"), widget=DateInput(),
                                 initial=dt.date.today)  # fmt: skip
    decided_by = forms.CharField(label=_("decided by"), max_length=120)
    assessment = BasisChoiceField(
        label=_("basis: accepted assessment"),
        queryset=None,
        help_text=_("Only accepted assessments of this unit that meet the standard and were not vetoed."),
    )

    def __init__(self, *args, branch, assessments, candidates, **kwargs):
        """``assessments``: the bases offered; ``candidates``: every assessment of the unit in the
        user's scope, so that another one sent anyway is refused with its reason, not as unknown."""
        super().__init__(*args, **kwargs)
        self.branch = branch
        field = self.fields["assessment"]
        field.queryset = candidates
        field.choices = [("", field.empty_label)] + [
            (a.pk, field.label_from_instance(a)) for a in assessments
        ]

    def clean(self):
        cleaned = super().clean()
        basis, title = cleaned.get("assessment"), cleaned.get("title")
        if basis is None or not title:
            return cleaned
        error = basis_error(basis, branch=self.branch, title=title)
        if error:
            self.add_error("assessment", error)
        elif TitleAward.objects.filter(
            branch=self.branch, title=title, level=cleaned.get("level"), year=basis.year
        ).exists():
            self.add_error(
                None,
                _("This unit already holds this title at this level for %(year)s.") % {"year": basis.year},
            )
        return cleaned


class TitleFileForm(Form):
    state = forms.CharField(required=False, max_length=16)
    note = forms.CharField(label=_("filing note"), required=False, max_length=500)

    def clean_note(self):
        return _clean_text(self.cleaned_data["note"])


class TitleRecheckForm(Form):
    assessment = BasisChoiceField(label=_("re-check assessment"), queryset=None)

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments


class RoundForm(Form):
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("name"), max_length=120)
    audience = forms.ChoiceField(
        label=_("who answers"),
        choices=EvaluationRound.Audience.choices,
        initial=EvaluationRound.Audience.MEMBERS,
        required=False,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["year"].initial = timezone.localdate().year


class AnswerForm(Form):
    verdict = forms.ChoiceField(
        label=_("How satisfied are you with your union home?"),
        choices=EvaluationAnswer.Verdict.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Your suggestions (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
