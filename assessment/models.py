"""The model-home assessment (建家考核): versioned standards, assessments, titles, members' evaluation."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome import answer_once
from unionhome.versioning import VersionField
from unionhome.workflow import TransitionRecord


class Level(models.TextChoices):
    """Which units a standard applies to."""

    HOME = "home", _("Enterprise union (home)")  # 职工之家
    SMALL_HOME = "small_home", _("Branch or group (small home)")  # 职工小家


class TitleKind(models.TextChoices):
    MODEL_HOME = "model_home", _("Model workers' home")  # 模范职工之家
    ADVANCED_HOME = "advanced_home", _("Advanced workers' home")  # 先进职工之家
    MODEL_SMALL_HOME = "model_small_home", _("Model small home")  # 模范职工小家


class IndicatorKey(models.TextChoices):
    """Automatic indicators read from the live data (see ``rules.INDICATORS``)."""

    ENROLMENT_RATE = "enrolment_rate", _("Enrolment rate")  # 入会率
    CARD_ISSUANCE_RATE = "card_issuance_rate", _("Card issuance rate")  # 发证率
    COMMITTEES_COMPLETE = "committees_complete", _("Committees complete")
    COMMITTEES_IN_TERM = "committees_in_term", _("Committees elected on time")
    FUNDS_REMITTED = "funds_remitted", _("Union funds remitted")
    FUNDS_WITHHELD = "funds_withheld", _("Union funds withheld")
    LEADERSHIP_GROUP = "leadership_group", _("Home-building leadership group")
    CONGRESS_HELD = "congress_held", _("Workers' congress held this year")
    DISCLOSURE_IN_PLACE = "disclosure_in_place", _("Affairs disclosure in place")
    COLLECTIVE_CONTRACT_IN_FORCE = "collective_contract_in_force", _("Collective contract in force")
    CONTRACT_FULFILMENT_RATE = "contract_fulfilment_rate", _("Contract fulfilment rate")
    DISCLOSURE_KNOWLEDGE_RATE = "disclosure_knowledge_rate", _("Disclosure knowledge rate")
    DISCLOSURE_SATISFACTION_RATE = "disclosure_satisfaction_rate", _("Disclosure satisfaction rate")
    PROPOSALS_ANSWERED_RATE = "proposals_answered_rate", _("Proposals answered")
    ABNORMAL_PETITIONS = "abnormal_petitions", _("Abnormal collective or over-level petitions")
    PARTICIPATION_RATE = "participation_rate", _("Workers' participation in innovation")
    HARDSHIP_FILES_KEPT = "hardship_files_kept", _("Hardship files kept")
    HARDSHIP_FILES_REVIEWED = "hardship_files_reviewed", _("Hardship files reviewed")
    BRANCHES_BELOW_SMALL_HOME_SHARE = (
        "branches_below_small_home_share",
        _("Branches below the model-small-home standard"),
    )
    MEMBERS_SATISFACTION_RATE = (
        "members_satisfaction_rate",
        _("Members' satisfaction (members evaluate the home)"),
    )
    WORKERS_SATISFACTION_RATE = (
        "workers_satisfaction_rate",
        _("Workers' satisfaction with their small home"),  # 职工满意率 (篇二 §四.2)
    )
    # The work ledgers (ledgers.selectors.assessment_facts, docs/DOMAIN.md §9)
    LEDGER_INSPECTIONS_PER_QUARTER = (
        "ledger_inspections_per_quarter",
        _("Safety inspections held each quarter"),
    )
    LEDGER_DANGERS_CLOSED_IN_TIME = (
        "ledger_dangers_closed_in_time",
        _("Hidden dangers closed by their deadline"),
    )
    LEDGER_TRAINING_HOURS = (
        "ledger_training_hours_per_representative",
        _("Training hours per workers' representative"),
    )
    LEDGER_PAIRINGS_VISITED = "ledger_pairings_visited", _("Paired hardship families visited")
    LEDGER_CULTURE_PARTICIPATION = (
        "ledger_culture_participation",
        _("Workers taking part in culture and sports"),
    )
    LEDGER_LETTERS_ANSWERED = (
        "ledger_letters_answered_in_time",
        _("Letters and visits answered in time"),  # 篇三 4.1.2.2
    )
    LEDGER_INDEPENDENT_ACCOUNT = (
        "ledger_independent_account",
        _("Independent union bank account with separate books"),  # 篇五 内容1
    )


class Standard(models.Model):
    """建家标准: one version of a standard; versions of the same standard share a ``code``."""

    class Kind(models.TextChoices):
        SCORED = "scored", _("Scored items")
        CHECKLIST = "checklist", _("Checklist (each item met in full or not)")

    code = models.SlugField(_("standard code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Saves of this version's content: an edit form carries the count it showed, so that a save
    # from a stale page is refused (unionhome.versioning); ``version`` counts published revisions.
    edits = models.PositiveIntegerField(_("edits"), default=0, editable=False)
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    title = models.CharField(_("title"), max_length=32, choices=TitleKind.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SCORED)
    effective_date = models.DateField(_("effective date"))
    description = models.TextField(_("description"), blank=True)
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=1, default=85)
    # The standard's own thresholds, by indicator key ({"enrolment_rate": "0.99"}): they replace the
    # general ones of ``rules.INDICATORS`` for this standard's items, vetoes and gates (篇一 (六)1).
    targets = models.JSONField(_("own targets"), default=dict, blank=True)
    # Conditions that cap the rating whatever the total ([{"indicator": ..., "text": ...}]): not met →
    # does not meet, no data → undecided (篇五 原则3: members' satisfaction as the main measure).
    gates = models.JSONField(_("gates"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="standard_code_version_unique"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="standard_pass_mark_range"
            ),
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    def get_absolute_url(self):
        return reverse("assessment:standard_detail", args=[self.pk])


class Section(models.Model):
    """A group of items (e.g. one of the five shapes 规范, 和谐, 温暖, 平安, 创新)."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="sections", verbose_name=_("standard")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["standard", "order", "id"]

    def __str__(self):
        return self.name


class StandardItem(models.Model):
    """考核项目: one scored item with its points, guidance, expected evidence and indicator."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("item"))
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=1)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    evidence_expected = models.CharField(_("evidence expected"), max_length=255, blank=True)
    indicator = models.CharField(
        _("automatic indicator"), max_length=64, blank=True, choices=IndicatorKey.choices
    )
    # A score is a multiple of the step (half points by default: 7.5, never 7.3 or 7.25).
    step = models.DecimalField(_("score step"), max_digits=3, decimal_places=1, default=Decimal("0.5"))
    # How the indicator maps to points (``rules.suggest``): {"mode": "threshold" | "linear" |
    # "bands", ...}. Empty: the indicator is shown as advice and the item is scored by hand.
    scoring = models.JSONField(_("scoring from the indicator"), default=dict, blank=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["section__order", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="standard_item_points_positive"),
            models.CheckConstraint(condition=Q(step__gt=0), name="standard_item_step_positive"),
        ]

    def __str__(self):
        return self.text[:60]


class VetoRule(models.Model):
    """一票否决: a condition that disqualifies the unit whatever its score."""

    standard = models.ForeignKey(
        Standard, on_delete=models.CASCADE, related_name="veto_rules", verbose_name=_("standard")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("veto condition"), max_length=255)
    indicator = models.CharField(_("indicator"), max_length=64, choices=IndicatorKey.choices)

    class Meta:
        verbose_name = _("veto rule")
        verbose_name_plural = _("veto rules")
        ordering = ["standard", "order", "id"]

    def __str__(self):
        return self.text


class PeriodKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly self-check")  # 季度自查
    HALF_YEAR = "half_year", _("Half-year initial evaluation")  # 半年初评
    ANNUAL = "annual", _("Annual overall evaluation")  # 年度总评
    DISTRICT = "district", _("Yearly check and acceptance")  # 年度检查验收


class Assessment(models.Model):
    """考核: one unit assessed against one standard version for one period."""

    class State(models.TextChoices):
        # Contexts keep these apart from other workflows' states of the same English name.
        DRAFT = "draft", pgettext_lazy("assessment state", "Draft")
        SELF_SCORED = "self_scored", pgettext_lazy("assessment state", "Self-scored")
        REVIEWED = "reviewed", pgettext_lazy("assessment state", "Reviewed")
        ACCEPTED = "accepted", pgettext_lazy("assessment state", "Accepted")
        RETURNED = "returned", pgettext_lazy("assessment state", "Returned")

    class Rating(models.TextChoices):
        MEETS = "meets", _("Meets the standard")
        DOES_NOT_MEET = "does_not_meet", _("Does not meet the standard")
        UNDECIDED = "undecided", _("Undecided (veto data missing)")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("unit")
    )
    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("standard version")
    )
    period_kind = models.CharField(_("period"), max_length=16, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number in year"), default=1)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    # Set by the service when the assessment is accepted: the result as it stood then.
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField(_("vetoed"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    findings = models.JSONField(_("indicator findings at acceptance"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Goes up on every save, score entry included: the score form carries it (unionhome/versioning.py).
    version = VersionField()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-period_start", "branch__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "standard", "period_kind", "year", "number"],
                name="assessment_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="assessment_period"
            ),
        ]
        indexes = [
            # A unit's latest accepted assessment of a year, one index probe per unit: the ranking
            # (总览与排名) joins every unit of the scope to it (docs/ARCHITECTURE.md, "Lists and pagination").
            models.Index(
                fields=["branch", "year", "-period_end", "-id"],
                condition=Q(state="accepted"),
                name="assessment_accepted_latest",
            ),
        ]

    def __str__(self):
        return f"{self.branch} · {self.get_period_kind_display()} {self.year}-{self.number}"

    def get_absolute_url(self):
        return reverse("assessment:assessment_detail", args=[self.pk])


class ItemScore(models.Model):
    """Per item: the unit's own score and the reviewer's score, each with a comment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    self_score = models.DecimalField(_("self score"), max_digits=5, decimal_places=1, null=True, blank=True)
    self_comment = models.TextField(_("self comment"), blank=True)
    reviewer_score = models.DecimalField(
        _("reviewer score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    reviewer_comment = models.TextField(_("reviewer comment"), blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="item_score_unique")]

    def __str__(self):
        return f"{self.assessment} · {self.item}"


def evidence_path(instance, filename):
    return f"assessment/evidence/{instance.assessment_id}/{timezone.now():%Y%m%d%H%M%S}-{filename[-80:]}"


class Evidence(models.Model):
    """台账/档案: a file proving an item; served only by a permission-checked view."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class Transition(TransitionRecord):
    """One step of an assessment's workflow (``assessment.workflows.ASSESSMENT``). Append-only."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, blank=True, choices=Assessment.State.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=Assessment.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("assessment transition")
        verbose_name_plural = _("assessment transitions")

    def __str__(self):
        return f"{self.assessment}: {self.from_state} → {self.to_state}"


class VetoConfirmation(models.Model):
    """A reviewer's on-site finding for a veto rule whose live data has no data."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="veto_confirmations")
    veto_rule = models.ForeignKey(VetoRule, on_delete=models.PROTECT, related_name="+")
    vetoed = models.BooleanField(_("veto applies"))
    comment = models.CharField(_("basis"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("veto confirmation")
        verbose_name_plural = _("veto confirmations")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "veto_rule"], name="veto_confirmation_unique")
        ]

    def __str__(self):
        return f"{self.assessment} · {self.veto_rule}"


class VetoContest(models.Model):
    """The unit contests a veto that applies to it (e.g. a flag the federation set), with its reason.

    Shown to the reviewer in the veto panel; the flag itself is set and cleared only by the federation
    at its source (docs/PERMISSIONS.md, "Assessment"). One contest per veto item of an assessment.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="veto_contests")
    veto_rule = models.ForeignKey(
        VetoRule, on_delete=models.PROTECT, related_name="+", verbose_name=_("veto item")
    )
    reason = models.CharField(_("reason"), max_length=500)
    contested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("contested by"),
    )
    contested_at = models.DateTimeField(_("contested at"), default=timezone.now)

    class Meta:
        verbose_name = _("veto contest")
        verbose_name_plural = _("veto contests")
        ordering = ["contested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "veto_rule"], name="veto_contest_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="veto_contest_has_reason"),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.veto_rule}"


class TitleAward(models.Model):
    """An awarded title (模范职工之家 …) resting on an accepted assessment against the standard of that
    title; filed with the higher union (备案), re-checked by a later assessment or lapsed (复查).

    One title per unit, title, level and period (the year of the assessment it rests on); history
    is kept (docs/DOMAIN.md, "Titles").
    """

    class AwardLevel(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        CITY = "city", _("City")
        PROVINCE = "province", _("Province")
        NATIONAL = "national", _("National")

    class State(models.TextChoices):
        AWARDED = "awarded", pgettext_lazy("title state", "Awarded")
        FILED = "filed", pgettext_lazy("title state", "Filed with the higher union")

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="title_awards", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=32, choices=TitleKind.choices)
    level = models.CharField(_("level"), max_length=16, choices=AwardLevel.choices)
    year = models.PositiveSmallIntegerField(_("period"))
    awarded_on = models.DateField(_("awarded on"))
    decided_by = models.CharField(_("decided by"), max_length=120)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessment")
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.AWARDED)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    recheck_due = models.DateField(_("re-check due"))
    recheck_assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("re-check assessment"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("title award")
        verbose_name_plural = _("title awards")
        ordering = ["-awarded_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "title", "level", "year"], name="title_one_per_unit_level_period"
            ),
        ]

    def __str__(self):
        return f"{self.branch} · {self.get_title_display()} ({self.year})"

    def lapsed_on(self, today) -> bool:
        """Past its re-check date without a re-check: the title has lapsed (shown, not deleted)."""
        return self.recheck_due < today


class TitleTransition(TransitionRecord):
    """One step of a title's workflow (``assessment.workflows.TITLE``): filing, re-check. Append-only."""

    title_award = models.ForeignKey(TitleAward, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("title transition")
        verbose_name_plural = _("title transitions")

    def __str__(self):
        return f"{self.title_award}: {self.from_state} → {self.to_state}"


class EvaluationRound(answer_once.AnswerRound, models.Model):
    """会员评家: a round in which members evaluate their home; answers are anonymous
    (``unionhome.answer_once``) and the results are shown once the round is closed."""

    class Audience(models.TextChoices):
        MEMBERS = "members", pgettext_lazy("evaluation round", "Members")  # 会员评家 (篇五 原则3)
        WORKERS = "workers", _("All workers")  # 职工满意率 (篇二 §四.2)

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="evaluation_rounds", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=120)
    audience = models.CharField(
        _("who answers"), max_length=8, choices=Audience.choices, default=Audience.MEMBERS
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("members' evaluation round")
        verbose_name_plural = _("members' evaluation rounds")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name


class Participation(answer_once.Participation):
    """Who has answered a round (one answer per member, the day only); not linked to the answer."""

    person_field = "worker"

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="participations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["round", "worker"], name="participation_once")]

    def __str__(self):
        return f"{self.round} · {self.worker_id}"


class EvaluationAnswer(answer_once.Answer):
    """An anonymous answer: no link to the member who gave it, a random key, the day only."""

    payload_fields = ("verdict", "comment")

    class Verdict(models.TextChoices):
        VERY_SATISFIED = "very_satisfied", _("Very satisfied")
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="answers")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(answer_once.Answer.Meta):
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")

    def __str__(self):
        return f"{self.round} · {self.get_verdict_display()}"


class Reminder(models.Model):
    """A reminder sent once (self-check due, review overdue): makes the beat task idempotent."""

    class Kind(models.TextChoices):
        SELF_CHECK_DUE = "self_check_due", _("Self-check due")
        REVIEW_OVERDUE = "review_overdue", _("Review overdue")
        HALF_YEAR_DUE = "half_year_due", _("Half-year initial evaluation due")  # 半年初评 (篇一)
        ANNUAL_DUE = "annual_due", _("Annual overall evaluation due")  # 全年总评 (篇一)

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    period_key = models.CharField(max_length=32)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["branch", "kind", "period_key"], name="reminder_once")]

    def __str__(self):
        return f"{self.branch} · {self.kind} · {self.period_key}"
