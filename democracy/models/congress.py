"""Tables of the workers' congress (职工代表大会): terms, representatives and their training, sessions, agenda,
attendance, resolutions and votes.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome import answer_once


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
    """Training of representatives after each election and before major votes (篇三 4.1.3.6)."""

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


class Resolution(answer_once.AnswerRound, models.Model):
    """决议, with the count of votes (tellers' count or portal ballots).

    A portal vote is a secret ballot (``unionhome.answer_once``): its counts are taken when the vote
    closes and kept only from ``UNIONHOME_MIN_ANSWERS`` ballots up; below that they stay empty (not
    published) and only whether the resolution passed is kept.
    """

    answers_open_field = "voting_open"

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
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True, default=0)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True, default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True, default=0)
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

    @property
    def counts_withheld(self) -> bool:
        """A counted portal vote whose counts are not published (too few ballots)."""
        return not self.voting_open and self.votes_for is None


class VoteCast(answer_once.Participation):
    """That a representative voted on a resolution (one per representative, the day only).

    ``choice`` is filled only when the congress votes by name (``Session.secret_ballot`` off); in a
    secret ballot what was voted stands only on an anonymous ``Ballot``."""

    round_field = "resolution"
    person_field = "representative"

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="casts")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("choice (vote by name)"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "representative"], name="vote_once_per_resolution")
        ]

    def __str__(self):
        return f"{self.resolution} · {self.representative_id}"


class Ballot(answer_once.Answer):
    """A ballot's choice: anonymous, under a random key (``unionhome.answer_once``)."""

    round_field = "resolution"
    payload_fields = ("choice",)

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)

    class Meta(answer_once.Answer.Meta):
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return self.get_choice_display()
