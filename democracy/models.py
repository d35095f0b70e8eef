"""Democratic management (DOMAIN.md §2): congress, representatives, proposals, evaluation,
lower-level meetings, affairs disclosure and surveys, contracts, mediation, letters and visits."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker


class Term(models.Model):
    """届: one term of an enterprise's workers' congress; representatives are elected per term."""

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="congress_terms", verbose_name=_("enterprise union")
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    elected_on = models.DateField(_("elected on"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("congress term")
        verbose_name_plural = _("congress terms")
        ordering = ["enterprise__path", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="congress_term_number_unique")
        ]

    def __str__(self):
        return _("%(enterprise)s, term %(number)s") % {"enterprise": self.enterprise, "number": self.number}

    def get_absolute_url(self):
        return reverse("democracy:term_detail", args=[self.pk])


class Representative(models.Model):
    """职工代表: a worker elected to a congress term; constituency = the branch that elected them."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("term")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="representations", verbose_name=_("worker")
    )
    constituency = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("constituency")
    )
    group = models.CharField(_("representative group"), max_length=60, blank=True)  # 代表团/组
    is_manager = models.BooleanField(_("middle or senior manager"), default=False)  # 中层以上管理人员

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["term", "group", "worker__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "worker"], name="representative_once_per_term")
        ]

    def __str__(self):
        return str(self.worker)


class Training(models.Model):
    """Training of representatives after each election and before major votes (seed 3, 4.1.3.6)."""

    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("term"))
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)
    attendees = models.ManyToManyField(Representative, related_name="trainings", verbose_name=_("attendees"))

    class Meta:
        verbose_name = _("representative training")
        verbose_name_plural = _("representative trainings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.topic


class Session(models.Model):
    """职工代表大会第N届第M次会议."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term"))
    number = models.PositiveSmallIntegerField(_("session number"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    portal_voting = models.BooleanField(_("representatives vote in the portal"), default=False)
    secret_ballot = models.BooleanField(_("secret ballot"), default=True)
    minutes = models.TextField(_("minutes"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_number_unique")]

    def __str__(self):
        return _("%(enterprise)s workers' congress, term %(term)s session %(number)s") % {
            "enterprise": self.term.enterprise,
            "term": self.term.number,
            "number": self.number,
        }

    def get_absolute_url(self):
        return reverse("democracy:session_detail", args=[self.pk])


class AgendaItem(models.Model):
    class Power(models.TextChoices):  # 五项职权
        REPORTS = "reports", _("Hear and review reports")
        PLANS = "plans", _("Approve plans")
        WELFARE = "welfare", _("Decide welfare matters")
        EVALUATE = "evaluate", _("Evaluate leaders")
        ELECT = "elect", _("Elect")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("session")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    power = models.CharField(_("power"), max_length=12, choices=Power.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """Sign-in (签到) of one representative at one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("Absent with leave")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("representative")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        constraints = [
            models.UniqueConstraint(fields=["session", "representative"], name="attendance_once_per_session")
        ]

    def __str__(self):
        return f"{self.representative} · {self.get_status_display()}"


class Resolution(models.Model):
    """决议, with the count of votes (tellers' count or portal ballots)."""

    class Method(models.TextChoices):
        TELLERS = "tellers", _("Counted by tellers")
        PORTAL = "portal", _("Cast in the portal")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("session")
    )
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    text = models.TextField(_("text"))
    method = models.CharField(
        _("voting method"), max_length=12, choices=Method.choices, default=Method.TELLERS
    )
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    representatives_total = models.PositiveIntegerField(_("representatives in total"), default=0)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    voting_open = models.BooleanField(_("voting open"), default=False)
    published = models.BooleanField(_("published to workers"), default=False)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["session", "id"]

    def __str__(self):
        return self.title


class VoteCast(models.Model):
    """That a representative voted on a resolution (one per representative)."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="casts")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "representative"], name="vote_once_per_resolution")
        ]

    def __str__(self):
        return f"{self.resolution} · {self.representative_id}"


class Ballot(models.Model):
    """A ballot's choice; names the representative only when the congress votes by name."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    # a random key: the order of rows does not reveal the order in which people answered
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    representative = models.ForeignKey(
        Representative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return self.get_choice_display()


class Proposal(models.Model):
    """提案 (representative's proposal) or 合理化建议 (any worker's rationalisation suggestion)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        SUGGESTION = "suggestion", _("Rationalisation suggestion")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")  # 立案
        CONVERTED = "converted", _("Converted to a suggestion")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        SATISFIED = "satisfied", _("Satisfied")
        NOT_SATISFIED = "not_satisfied", _("Not satisfied")
        REOPENED = "reopened", _("Reopened")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer's unit")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    proposer = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer")
    )
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    content = models.TextField(_("content"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    conversion_reason = models.TextField(_("reason for conversion"), blank=True)
    department = models.CharField(_("responsible department"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ever_accepted = models.BooleanField(_("accepted"), default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "state"], name="proposal_enterprise_state")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:proposal_detail", args=[self.pk])


class CoSigner(models.Model):
    """附议: a representative who co-signs a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-signer")
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [models.UniqueConstraint(fields=["proposal", "worker"], name="cosign_once")]

    def __str__(self):
        return f"{self.proposal} · {self.worker}"


class ProposalTransition(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_state = models.CharField(_("from"), max_length=16)
    to_state = models.CharField(_("to"), max_length=16)
    action = models.CharField(_("action"), max_length=16)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("proposal transition")
        verbose_name_plural = _("proposal transitions")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.proposal} {self.from_state}→{self.to_state}"


class Contest(models.Model):
    """Labour competition or skill contest (劳动竞赛 / 技能比武), for the participation rate."""

    class Kind(models.TextChoices):
        COMPETITION = "competition", _("Labour competition")
        SKILL = "skill", _("Skill contest")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(Worker, related_name="contests", verbose_name=_("participants"))

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-held_on"]

    def __str__(self):
        return self.title


class EvaluationRound(models.Model):
    """民主评议领导干部: one round per congress session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("session")
    )
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    is_open = models.BooleanField(_("open"), default=False)

    class Meta:
        verbose_name = _("leader evaluation round")
        verbose_name_plural = _("leader evaluation rounds")
        ordering = ["-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:evaluation_detail", args=[self.pk])


class Leader(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position"), max_length=120)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["round", "id"]

    def __str__(self):
        return f"{self.name}（{self.position}）"


class Rating(models.Model):
    """An anonymous rating of one leader (no link to who rated)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        COMPETENT = "competent", _("Competent")
        BASIC = "basic", _("Basically competent")
        INCOMPETENT = "incompetent", _("Incompetent")

    # a random key: the order of rows does not reveal the order in which people answered
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="ratings")
    grade = models.CharField(pgettext_lazy("democracy", "rating"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = pgettext_lazy("democracy", "rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return self.get_grade_display()


class RatingCast(models.Model):
    """That a representative has rated a round (once per round, which rates every leader)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="casts")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating cast")
        verbose_name_plural = _("ratings cast")
        constraints = [models.UniqueConstraint(fields=["round", "representative"], name="rate_round_once")]

    def __str__(self):
        return f"{self.round} · {self.representative_id}"


class LowerMeeting(models.Model):
    """Lower-level democratic meetings (seed 3, 4.1.3.1)."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop representative-group meeting")  # quarterly
        TEAM = "team", _("Team democratic-management meeting")  # half-yearly

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="lower_meetings", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    attendees = models.PositiveIntegerField(_("attendees"))
    topics = models.TextField(_("topics"))
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("lower-level meeting")
        verbose_name_plural = _("lower-level meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.branch} {self.held_on}"


class Disclosure(models.Model):
    """厂务公开 item; published items reach the portal of the workers under ``audience``."""

    class Category(models.TextChoices):
        WAGES = "wages", _("Wages")
        BONUS = "bonus", _("Bonus distribution")
        WELFARE = "welfare", _("Welfare")
        DECISIONS = "decisions", _("Major decisions")
        INTEGRITY = "integrity", _("Cadre integrity")
        OTHER = "other", _("Other")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    audience = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("audience")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    content = models.TextField(_("content"))
    disclosed_on = models.DateField(_("date"))
    attachment = models.FileField(_("attachment"), upload_to="democracy/disclosures/", blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["-disclosed_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:disclosure_detail", args=[self.pk])


class Survey(models.Model):
    """Yearly disclosure survey (厂务公开测评): knowledge and satisfaction, answered once, anonymous."""

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    is_open = models.BooleanField(_("open for answers"), default=True)

    class Meta:
        verbose_name = _("disclosure survey")
        verbose_name_plural = _("disclosure surveys")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:survey_detail", args=[self.pk])


class SurveyAnswer(models.Model):
    """One anonymous answer: no link to the worker (see ``SurveyParticipation``)."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    # a random key: the order of rows does not reveal the order in which people answered
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    knows = models.BooleanField(_("knows the disclosed matters"))
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    # The answerer's unit (not the person): branch officers see their subtree's results, and only
    # above a minimum number of answers, so that no answer can be traced to a person.
    branch = models.ForeignKey(
        Branch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return self.get_satisfaction_display()


class SurveyParticipation(models.Model):
    """That a worker has answered a survey (one per worker and survey)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["survey", "worker"], name="survey_answer_once")]

    def __str__(self):
        return f"{self.survey} · {self.worker_id}"


class Contract(models.Model):
    """集体合同 and special contracts (女职工专项集体合同, 工资集体协议)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Collective contract")
        WOMEN = "women", _("Women workers' special contract")
        WAGE = "wage", _("Wage agreement")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    parties = models.CharField(_("parties"), max_length=250)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    registered_on = models.DateField(_("registered with the labour authority on"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    published = models.BooleanField(_("text published to workers"), default=False)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["enterprise__path", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contract_end_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:contract_detail", args=[self.pk])


class Clause(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["contract", "number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="clause_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class FulfilmentCheck(models.Model):
    """Yearly fulfilment check of a contract (履约检查)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="checks")
    year = models.PositiveSmallIntegerField(_("year"))
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("fulfilment check")
        verbose_name_plural = _("fulfilment checks")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["contract", "year"], name="check_once_per_year")]

    def __str__(self):
        return f"{self.contract} {self.year}"


class ClauseResult(models.Model):
    class Result(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        PARTLY = "partly", _("Partly fulfilled")
        NOT = "not", _("Not fulfilled")

    inspection = models.ForeignKey(FulfilmentCheck, on_delete=models.CASCADE, related_name="results")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    evidence = models.TextField(pgettext_lazy("democracy", "evidence"), blank=True)

    class Meta:
        verbose_name = _("clause result")
        verbose_name_plural = _("clause results")
        constraints = [models.UniqueConstraint(fields=["inspection", "clause"], name="clause_result_once")]

    def __str__(self):
        return f"{self.clause} · {self.get_result_display()}"


class MediationCommittee(models.Model):
    """劳动争议调解委员会."""

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    chair = models.CharField(_("chair"), max_length=60)
    members = models.TextField(_("members"))
    established_on = models.DateField(_("established on"))

    class Meta:
        verbose_name = _("mediation committee")
        verbose_name_plural = _("mediation committees")

    def __str__(self):
        return _("Mediation committee of %(enterprise)s") % {"enterprise": self.enterprise}


class MediationCase(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SETTLED = "settled", _("Settled by mediation")
        FAILED = "failed", _("Mediation failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    committee = models.ForeignKey(MediationCommittee, on_delete=models.CASCADE, related_name="cases")
    received_on = models.DateField(_("date"))
    parties = models.CharField(_("parties"), max_length=250)
    subject = models.CharField(_("subject"), max_length=250)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.subject


class Petition(models.Model):
    """来信来访: one letter or visit; ``abnormal`` marks 非正常集体上访或越级上访 (a veto fact)."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    petitioner = models.CharField(_("petitioner"), max_length=120)
    subject = models.CharField(_("subject"), max_length=250)
    handling = models.TextField(_("handling"), blank=True)
    result = models.TextField(_("result"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    abnormal = models.BooleanField(_("abnormal collective or over-level petition"), default=False)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_reason = models.TextField(_("reason for the flag"), blank=True)

    class Meta:
        verbose_name = _("letter or visit")
        verbose_name_plural = _("letters and visits")
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("democracy:petition_detail", args=[self.pk])
