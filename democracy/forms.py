from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.forms import BranchChoiceField
from branches.models import Branch, Worker
from unionhome.forms import DateInput, Form
from unionhome.pickers import PickerField, PickerMultipleField

from . import rules
from .models import (
    AgendaItem,
    Attendance,
    Ballot,
    ClauseResult,
    Contest,
    Contract,
    Disclosure,
    LowerMeeting,
    MediationCase,
    Petition,
    Proposal,
    Rating,
    SurveyAnswer,
)
from .services import ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES  # one definition, in the service

DATE = DateInput()


class Crispy(Form):
    submit_label = _("Save")
    recorded_dates: tuple[str, ...] = ()  # dates of what already happened: not in the future

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in self.recorded_dates:
            if rules.recorded_date_problem(data.get(name), today):
                self.add_error(name, _("This date is in the future; record it once it has happened."))
        return data


class WorkerMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} · {obj.branch.name}"


# The people pickers of democracy/pickers.py.
REPRESENTATIVE_CANDIDATES = "democracy.representative_candidates"
PROPOSAL_PEOPLE = "democracy.proposal_people"
CONTEST_PARTICIPANTS = "democracy.contest_participants"


class TermForm(Crispy):
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    number = forms.IntegerField(min_value=1, label=_("Term number"))
    elected_on = forms.DateField(widget=DATE, label=_("Elected on"))
    ends_on = forms.DateField(widget=DATE, required=False, label=_("Term ends on"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class RepresentativeForm(Crispy):
    worker = PickerField(picker=REPRESENTATIVE_CANDIDATES, label=_("Worker"))
    group = forms.CharField(max_length=60, required=False, label=_("Representative group"))
    is_manager = forms.BooleanField(required=False, label=_("Middle or senior manager"))

    def __init__(self, *args, workers, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].scope(workers, key=term.pk)


class TrainingForm(Crispy):
    held_on = forms.DateField(widget=DATE, label=_("Date"))
    topic = forms.CharField(max_length=200, label=_("Topic"))
    hours = forms.DecimalField(min_value=0, max_digits=4, decimal_places=1, initial=2, label=_("Hours"))
    attendees = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Attendees")
    )

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = representatives


class SessionForm(Crispy):
    term = forms.ModelChoiceField(queryset=None, label=_("Term"))
    number = forms.IntegerField(min_value=1, label=_("Session number"))
    held_on = forms.DateField(widget=DATE, label=_("Date"))
    place = forms.CharField(max_length=120, label=_("Place"))
    portal_voting = forms.BooleanField(required=False, label=_("Representatives vote in the portal"))
    secret_ballot = forms.BooleanField(required=False, initial=True, label=_("Secret ballot"))

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms


class AgendaForm(Crispy):
    submit_label = _("Add to the agenda")
    power = forms.ChoiceField(choices=AgendaItem.Power.choices, label=_("Power"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))


class SignInForm(Form):
    """One status field per representative (rep_<pk>)."""

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for rep, status in sheet:
            name = f"rep_{rep.pk}"
            self.fields[name] = forms.ChoiceField(
                choices=[("", "—"), *Attendance.Status.choices],
                required=False,
                initial=status,
                label=str(rep),
            )
            self.rows.append((rep, self[name]))

    def marks(self) -> dict[int, str]:
        return {
            int(name[4:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rep_") and value
        }


class ResolutionForm(Crispy):
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Text"))
    votes_for = forms.IntegerField(min_value=0, label=_("For"))
    votes_against = forms.IntegerField(min_value=0, label=_("Against"))
    votes_abstain = forms.IntegerField(min_value=0, label=_("Abstain"))


class PortalResolutionForm(Crispy):
    submit_label = _("Open the vote in the portal")
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Text"))


class MinutesForm(Form):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Minutes"))


class ProposalEnterForm(Crispy):
    proposer = PickerField(picker=PROPOSAL_PEOPLE, label=_("Proposer"))
    kind = forms.ChoiceField(choices=Proposal.Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=rules.PROPOSAL_CONTENT_MAX, label=_("Content")
    )
    cosigners = PickerMultipleField(picker=PROPOSAL_PEOPLE, required=False, label=_("Co-signers"))

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposer"].scope(workers)
        self.fields["cosigners"].scope(workers)


class ProposalSubmitForm(Crispy):
    submit_label = _("Submit")
    kind = forms.ChoiceField(choices=Proposal.Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    content = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=rules.PROPOSAL_CONTENT_MAX, label=_("Content")
    )
    cosigners = WorkerMultipleField(
        queryset=Worker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Co-signers"),
    )

    def __init__(self, *args, fellows=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fellows is None:
            self.fields["kind"].choices = [(Proposal.Kind.SUGGESTION, Proposal.Kind.SUGGESTION.label)]
            del self.fields["cosigners"]
        else:
            self.fields["cosigners"].queryset = fellows


class ProposalActForm(Form):
    action = forms.CharField()
    expected_state = forms.CharField(required=False)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Comment"))
    department = forms.CharField(required=False, max_length=120, label=_("Responsible department"))
    due_date = forms.DateField(required=False, widget=DATE, label=_("Due date"))
    answer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Answer"))


class EvaluationForm(Crispy):
    session = forms.ModelChoiceField(queryset=None, label=_("Session"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    leaders = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Leaders"),
        help_text=_("One per line: name, position"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions

    def clean_leaders(self):
        rows = []
        for line in self.cleaned_data["leaders"].splitlines():
            if not line.strip():
                continue
            name, _sep, position = line.replace("，", ",").partition(",")
            rows.append((name.strip(), position.strip()))
        if not rows:
            raise forms.ValidationError(_("List the leaders to be evaluated."))
        return rows


class RatingForm(Form):
    def __init__(self, *args, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for leader in leaders:
            name = f"leader_{leader.pk}"
            self.fields[name] = forms.ChoiceField(
                choices=Rating.Grade.choices, widget=forms.RadioSelect, label=str(leader)
            )
            self.rows.append((leader, self[name]))

    def grades(self) -> dict[int, str]:
        return {int(k[7:]): v for k, v in self.cleaned_data.items() if k.startswith("leader_")}


class VoteForm(Form):
    choice = forms.ChoiceField(choices=Ballot.Choice.choices, widget=forms.RadioSelect, label=_("Your vote"))


class MeetingForm(Crispy):
    recorded_dates = ("held_on",)
    branch = BranchChoiceField(queryset=Branch.objects.none(), label=_("Unit"))
    kind = forms.ChoiceField(choices=LowerMeeting.Kind.choices, label=_("Kind"))
    held_on = forms.DateField(widget=DATE, label=_("Date"))
    attendees = forms.IntegerField(min_value=1, label=_("Attendees"))
    topics = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Topics"))
    outcomes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Outcomes"))

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class DisclosureForm(Crispy):
    recorded_dates = ("disclosed_on",)
    audience = BranchChoiceField(queryset=Branch.objects.none(), label=_("Audience"))
    category = forms.ChoiceField(choices=Disclosure.Category.choices, label=_("Category"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    content = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label=_("Content"))
    disclosed_on = forms.DateField(widget=DATE, label=_("Date"))
    attachment = forms.FileField(required=False, label=_("Attachment"))

    def __init__(self, *args, audiences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = audiences

    def clean_attachment(self):
        import filetype

        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        head = upload.read(2048)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.extension not in ATTACHMENT_TYPES:
            raise forms.ValidationError(_("Only PDF, images, Word, Excel or ZIP files are accepted."))
        return upload


class SurveyForm(Crispy):
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class SurveyAnswerForm(Crispy):
    submit_label = _("Send my answer")
    knows = forms.TypedChoiceField(
        choices=[("1", _("Yes, I know them")), ("0", _("No, I do not know them"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        label=_("Do you know the matters the enterprise has disclosed?"),
    )
    satisfaction = forms.ChoiceField(
        choices=SurveyAnswer.Satisfaction.choices,
        widget=forms.RadioSelect,
        label=_("How satisfied are you with the affairs disclosure?"),
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Comment"))


class ContractForm(Crispy):
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    kind = forms.ChoiceField(choices=Contract.Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    parties = forms.CharField(max_length=250, label=_("Parties"))
    signed_on = forms.DateField(widget=DATE, label=_("Signed on"))
    starts_on = forms.DateField(widget=DATE, label=_("In force from"))
    ends_on = forms.DateField(widget=DATE, label=_("In force until"))
    registered_on = forms.DateField(
        widget=DATE, required=False, label=_("Registered with the labour authority on")
    )
    registration_number = forms.CharField(max_length=60, required=False, label=_("Registration number"))
    clauses = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), label=_("Clauses"), help_text=_("One clause per line")
    )

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises

    def clean_clauses(self):
        return [line.strip() for line in self.cleaned_data["clauses"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The contract must end after it starts."))
        return data


class CheckForm(Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, label=_("Year"))
    checked_on = forms.DateField(widget=DATE, label=_("Checked on"))

    def __init__(self, *args, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for clause in clauses:
            self.fields[f"result_{clause.pk}"] = forms.ChoiceField(
                choices=ClauseResult.Result.choices, label=_("Result")
            )
            self.fields[f"evidence_{clause.pk}"] = forms.CharField(
                required=False, label=pgettext_lazy("democracy", "Evidence")
            )
            self.rows.append((clause, self[f"result_{clause.pk}"], self[f"evidence_{clause.pk}"]))

    def results(self) -> dict[int, tuple[str, str]]:
        return {
            clause.pk: (self.cleaned_data[f"result_{clause.pk}"], self.cleaned_data[f"evidence_{clause.pk}"])
            for clause, _r, _e in self.rows
        }


class CommitteeForm(Crispy):
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    chair = forms.CharField(max_length=60, label=pgettext_lazy("democracy", "Chair"))
    members = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Members"))
    established_on = forms.DateField(widget=DATE, label=_("Established on"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class CaseForm(Crispy):
    recorded_dates = ("received_on",)
    committee = forms.ModelChoiceField(queryset=None, label=_("Mediation committee"))
    received_on = forms.DateField(widget=DATE, label=_("Date"))
    parties = forms.CharField(max_length=250, label=_("Parties"))
    subject = forms.CharField(max_length=250, label=_("Subject"))
    outcome = forms.ChoiceField(choices=MediationCase.Outcome.choices, label=_("Outcome"))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Notes"))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


class PetitionForm(Crispy):
    recorded_dates = ("received_on",)
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    kind = forms.ChoiceField(choices=Petition.Kind.choices, label=_("Kind"))
    received_on = forms.DateField(widget=DATE, label=_("Received on"))
    petitioner = forms.CharField(max_length=120, label=_("Petitioner"))
    subject = forms.CharField(max_length=250, label=_("Subject"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class PetitionAnswerForm(Crispy):
    submit_label = _("Record the answer")
    recorded_dates = ("answered_on",)
    handling = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Handling"))
    result = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Result"))
    answered_on = forms.DateField(widget=DATE, label=_("Answered on"))


class PetitionFlagForm(Crispy):
    submit_label = _("Save the flag")
    abnormal = forms.BooleanField(required=False, label=_("Abnormal collective or over-level petition"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Reason"))


class ContestForm(Crispy):
    enterprise = forms.ModelChoiceField(queryset=Branch.objects.none(), label=_("Enterprise union"))
    kind = forms.ChoiceField(choices=Contest.Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=pgettext_lazy("democracy", "Title"))
    held_on = forms.DateField(widget=DATE, label=_("Date"))
    participants = PickerMultipleField(picker=CONTEST_PARTICIPANTS, label=_("Participants"))

    def __init__(self, *args, enterprises, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["participants"].scope(workers)
