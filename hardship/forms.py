"""Forms of hardship relief (the portal's are kept short for a phone)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhome.forms import CleanFormMixin, DateInput, Form, ModelForm, VersionedFormMixin

from . import rules
from .models import Application, Campaign, HelpForm, HouseholdMember, Upload


class CrispyMixin(CleanFormMixin):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class CampaignForm(VersionedFormMixin, CrispyMixin, ModelForm):
    submit_label = _("Create the campaign")

    class Meta:
        model = Campaign
        fields = ["name", "year", "line", "deadline", "notice_days"]
        widgets = {"deadline": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
        help_texts = {
            "deadline": _("Beijing time; the relief notice (篇四) sets the deadline at 30 December, 17:30."),
            "line": _("Category limits follow from it: 1.5, 2 and 3 times the line."),
        }

    def __init__(self, *args, submit_label=None, federations=None, **kwargs):
        if submit_label:
            self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            return
        if federations is not None:
            # The federation whose campaign this is: balancing and approval happen at its level.
            self.fields["district"] = forms.ModelChoiceField(
                label=_("Federation"),
                queryset=federations,
                initial=federations.first(),
                empty_label=None,
                required=False,  # left out: the highest federation of the scope, as preselected
                help_text=_("The federation that runs the campaign, balances it and approves the reports."),
            )
            self.order_fields(["district"])
        year = timezone.localdate().year
        self.fields["year"].initial = year
        self.fields["deadline"].initial = timezone.make_aware(dt.datetime(year, 12, 30, 17, 30))
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean_district(self):
        return self.cleaned_data["district"] or self.fields["district"].initial

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.fields["year"].disabled and rules.campaign_year_problem(year, timezone.localdate().year):
            raise forms.ValidationError(
                _("Enter a year from %(first)s to next year.") % {"first": rules.CAMPAIGN_FIRST_YEAR}
            )
        return year


class ApplicationForm(VersionedFormMixin, ModelForm):
    other_causes = forms.MultipleChoiceField(
        label=_("Other causes"),
        choices=Application.Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the union processes the personal information above, including that of my household, "
            "for this relief application."
        ),
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "marital_status",
            "primary_cause",
            "other_causes",
            "government_aid",
            "medical_self_paid",
            "property_loss",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "government_aid": _(
                "Monthly government aid (e.g. minimum living allowance) the household receives."
            ),
            "medical_self_paid": _(
                "Only for a major illness or accident this year (category 4: 20,000 yuan or more)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].initial = bool(self.instance.consent_at)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class MemberForm(ModelForm):
    class Meta:
        model = HouseholdMember
        fields = [
            "relation",
            "name",
            "id_number",
            "monthly_income",
            "unmarried",
            "in_school",
            "disabled",
            "ill",
        ]
        widgets = {
            "monthly_income": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"})
        }


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        relations = [
            f.cleaned_data.get("relation")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]
        if rules.self_count_problem(relations, HouseholdMember.Relation.SELF) == "several_self":
            raise forms.ValidationError(_("List the applicant (本人) only once among the household members."))


# One empty row below the members already entered; "Add a household member" adds more (in the
# browser, or by a round trip without JavaScript) and "Remove" marks a row deleted.
MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=1, can_delete=True, max_num=15, validate_max=True
)


class UploadForm(Form):
    kind = forms.ChoiceField(
        label=_("Document"), choices=Upload.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    file = forms.FileField(
        label=_("File (PDF, JPG or PNG, at most 5 MB)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png",
                "class": "form-control js-file-preview",
                "data-preview": "upload-preview",
            }
        ),
    )


class CommentForm(Form):
    comment = forms.CharField(
        label=_("Reason / comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ObjectionForm(Form):
    received_on = forms.DateField(
        label=pgettext_lazy("hardship", "Received on"), widget=DateInput(), initial=timezone.localdate
    )
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class WorkerObjectionForm(Form):
    reason = forms.CharField(
        label=_("Why the family does not meet the conditions"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the enterprise union's officers see who objected; the applicant never does."),
    )


class DismissObjectionForm(Form):
    reason = forms.CharField(
        label=_("Reason for dismissing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(Form):
    upheld = forms.TypedChoiceField(
        label=pgettext_lazy("hardship", "Outcome"),
        choices=[
            ("0", _("Dismissed: the notice continues")),
            ("1", _("Upheld: the application is rejected")),
        ],
        coerce=lambda v: v == "1",
    )
    resolution = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}))


class ReliefForm(CrispyMixin, Form):
    submit_label = _("Record relief")
    form = forms.ChoiceField(label=_("Form"), choices=HelpForm.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), min_value=0, max_digits=12, decimal_places=2)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput(), initial=timezone.localdate)
    delivered_by = forms.CharField(label=_("Delivered by"), max_length=120)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class PaperEntryForm(CrispyMixin, Form):
    submit_label = _("Start the application")
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())
    id_number = forms.CharField(label=_("The worker's ID number"), max_length=18)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class DecisionForm(Form):
    ids = forms.TypedMultipleChoiceField(label=_("Applications"), coerce=int, choices=[])
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in ids]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason; the workers will see it."))
        return data


class FileHelpForm(Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    form = forms.ChoiceField(label=_("Form"), choices=HelpForm.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), min_value=0, required=False, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class FileReviewForm(Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    situation = forms.CharField(
        label=_("Situation now"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class FileStatusForm(Form):
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class FileOpenForm(CrispyMixin, Form):
    """A hardship file opened by the enterprise union outside a campaign: the worker (by ID number),
    and the household's figures that the four categories are checked against."""

    submit_label = _("Open the file")
    id_number = forms.CharField(label=_("The worker's ID number"), max_length=18)
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    line = forms.DecimalField(
        label=_("minimum living guarantee line (yuan/month)"), min_value=Decimal("0.01"), max_digits=12,
        decimal_places=2,
    )  # fmt: skip
    household_size = forms.IntegerField(label=_("household size"), min_value=1, max_value=20)
    household_income = forms.DecimalField(
        label=_("Household's monthly income with government aid (yuan)"), min_value=0, max_digits=12,
        decimal_places=2,
    )  # fmt: skip
    causes = forms.MultipleChoiceField(
        label=_("Causes of hardship"),
        choices=Application.Cause.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    self_paid_or_loss = forms.DecimalField(
        label=_("Self-paid medical costs or property loss this year (yuan)"), min_value=0, max_digits=12,
        decimal_places=2, initial=0,
    )  # fmt: skip
    situation = forms.CharField(
        label=_("situation"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
