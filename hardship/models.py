"""Hardship relief (送温暖, 篇四): campaigns, applications, the workflow and dynamic files."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome.versioning import VersionField
from unionhome.workflow import TransitionRecord

MONEY = {"max_digits": 12, "decimal_places": 2}


class Campaign(models.Model):
    """A relief drive run by the district federation (e.g. the New Year / Spring Festival drive)."""

    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveIntegerField(_("year"))
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="hardship_campaigns", verbose_name=_("federation")
    )
    line = models.DecimalField(
        _("minimum living guarantee line (yuan/month)"),
        validators=[MinValueValidator(Decimal("0.01"))],
        **MONEY,
    )
    deadline = models.DateTimeField(_("submission deadline"))
    notice_days = models.PositiveSmallIntegerField(
        _("public notice length (days)"), default=5, validators=[MinValueValidator(1)]
    )
    is_open = models.BooleanField(_("open"), default=True)
    late_reports_allowed = models.BooleanField(_("reports after the deadline allowed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = VersionField()  # optimistic concurrency of the edit form (unionhome/versioning.py)

    class Meta:
        verbose_name = _("relief campaign")
        verbose_name_plural = _("relief campaigns")
        ordering = ["-year", "-deadline", "-id"]
        # the campaigns index, paged by keyset in this order (read backwards)
        indexes = [models.Index(fields=["year", "deadline", "id"], name="hardship_campaign_order")]
        constraints = [
            models.CheckConstraint(condition=Q(line__gt=0), name="hardship_campaign_line_positive"),
            models.CheckConstraint(condition=Q(notice_days__gte=1), name="hardship_campaign_notice_days"),
        ]

    def __str__(self):
        return self.name


class Application(models.Model):
    """One family's application in one campaign (困难职工档案表, attachment 1)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for more materials")
        APPROVED = "approved", _("Approved by the enterprise union")
        ON_NOTICE = "on_notice", _("On public notice")
        OBJECTED = "objected", _("Objection under review")
        NOTICE_ENDED = "notice_ended", _("Notice period ended")
        REPORTED = "reported", _("Reported to the federation above")
        DISTRICT_APPROVED = "district_approved", _("Approved by the federation above")
        RELIEF_DELIVERED = "relief_delivered", _("Relief delivered")
        REJECTED = "rejected", _("Rejected by the enterprise union")
        DISTRICT_REJECTED = "district_rejected", _("Rejected by the federation above")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Marital(models.TextChoices):
        MARRIED = "married", _("Married")
        UNMARRIED = "unmarried", _("Unmarried")
        SINGLE_PARENT = "single_parent", _("Single parent")

    class Cause(models.TextChoices):
        CHILD_IN_SCHOOL = "child_in_school", _("Child in school")
        DISABILITY = "disability", _("Disability")
        SINGLE_PARENT = "single_parent", _("Single parent")
        MAJOR_ILLNESS = "major_illness", _("Major illness")
        ACCIDENT = "accident", _("Major accident or disaster")
        LOW_INCOME = "low_income", _("Low income")
        OTHER = "other", _("Other special cause")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="applications", verbose_name=_("campaign")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="hardship_applications", verbose_name=_("applicant")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="hardship_applications", verbose_name=_("unit")
    )
    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    state = models.CharField(_("state"), max_length=24, choices=State.choices, default=State.DRAFT)
    marital_status = models.CharField(
        _("marital status"), max_length=16, choices=Marital.choices, default=Marital.MARRIED
    )
    government_aid = models.DecimalField(
        _("government aid per month"), default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY
    )
    primary_cause = models.CharField(_("primary cause of hardship"), max_length=24, choices=Cause.choices)
    other_causes = models.JSONField(_("other causes"), default=list, blank=True)
    medical_self_paid = models.DecimalField(
        _("self-paid medical costs this year"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    property_loss = models.DecimalField(
        _("property loss from a disaster this year"),
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    description = models.TextField(_("description of the situation"), blank=True)
    consent_at = models.DateTimeField(_("consent to processing given at"), null=True, blank=True)
    category = models.PositiveSmallIntegerField(_("category"), null=True, blank=True)
    category_reason = models.CharField(_("reason for the category"), max_length=255, blank=True)
    per_capita = models.DecimalField(_("monthly income per person"), null=True, blank=True, **MONEY)
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    entered_on_paper = models.BooleanField(_("entered from a paper application"), default=False)
    notice_start = models.DateField(_("notice starts"), null=True, blank=True)
    notice_end = models.DateField(_("notice last day"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    last_reason = models.TextField(_("latest reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)
    version = VersionField()

    class Meta:
        verbose_name = _("hardship application")
        verbose_name_plural = _("hardship applications")
        ordering = ["campaign", "enterprise__path", "branch__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "worker"],
                condition=~Q(state="withdrawn"),
                name="hardship_one_application_per_campaign",
            ),
            models.CheckConstraint(
                condition=Q(category__isnull=True) | Q(category__gte=1, category__lte=4),
                name="hardship_category_range",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "state"], name="hardship_app_campaign_state")]

    def __str__(self):
        return f"{self.worker.name} · {self.campaign.name}"


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        SELF = "self", _("Self")
        SPOUSE = "spouse", _("Spouse")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    # Empty until entered: no category is computed while any member's income is unknown.
    monthly_income = models.DecimalField(
        _("monthly income"), null=True, validators=[MinValueValidator(0)], **MONEY
    )
    unmarried = models.BooleanField(_("unmarried"), default=True)
    in_school = models.BooleanField(_("in school"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)
    ill = models.BooleanField(_("seriously ill"), default=False)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["application", "id"]

    def __str__(self):
        return self.name


def _upload_to(instance, filename):
    stamp = timezone.now()
    return f"hardship/{stamp:%Y/%m}/{instance.application_id}-{stamp:%H%M%S%f}.{instance.extension}"


class Upload(models.Model):
    """A supporting document; stored under MEDIA_ROOT, served only by a permission-checked view."""

    class Kind(models.TextChoices):
        ID_COPY = "id_copy", _("ID card copies")
        HOUSEHOLD_REGISTER = "household_register", _("Household register copy")
        DIAGNOSIS = "diagnosis", _("Diagnosis certificate")
        MEDICAL_RECORDS = "medical_records", _("Medical records")
        BILLS = "bills", _("Medical bills")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(_("document"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_upload_to)
    extension = models.CharField(max_length=8)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        ordering = ["application", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"


class Transition(TransitionRecord):
    """One step of an application's workflow (append-only; ``hardship/workflows.py``)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=24, choices=Application.State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=24, choices=Application.State.choices)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        ordering = ["application", "at", "id"]

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class Objection(models.Model):
    """An objection received during the public notice, and how it was resolved."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under review")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="objections")
    received_on = models.DateField(pgettext_lazy("hardship", "received on"))
    content = models.TextField(_("content"))
    outcome = models.CharField(
        pgettext_lazy("hardship", "outcome"), max_length=16, choices=Outcome.choices, default="pending"
    )
    resolution = models.TextField(pgettext_lazy("hardship", "resolution"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["application", "received_on", "id"]

    def __str__(self):
        return f"{self.application} · {self.received_on}"


class WorkerObjection(models.Model):
    """An objection a worker sends from the public notice in the portal (异议): received, then
    recorded by the enterprise union as an objection (the workflow's step) or dismissed with a
    reason. Who objected is read by the enterprise union's officers only: never on the notice, never
    by the applicant (docs/DOMAIN.md, "Hardship")."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        RECORDED = "recorded", _("Recorded as an objection")
        DISMISSED = "dismissed", pgettext_lazy("worker objection", "Dismissed")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="worker_objections", verbose_name=_("application")
    )
    objector = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="notice_objections", verbose_name=_("objector")
    )
    reason = models.TextField(_("reason"))
    received_at = models.DateTimeField(pgettext_lazy("hardship", "received at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    objection = models.OneToOneField(
        Objection, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_worker"
    )
    dismissed_reason = models.TextField(_("reason for dismissing"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection received from a worker")
        verbose_name_plural = _("objections received from workers")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "objector"], name="hardship_one_objection_per_worker"
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.get_status_display()}"


class HelpForm(models.TextChoices):
    MONEY = "money", _("Money")
    GOODS = "goods", _("Goods")
    VISIT = "visit", _("Condolence visit")


class Relief(models.Model):
    """Relief delivered for an approved application."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="relief")
    form = models.CharField(_("form"), max_length=16, choices=HelpForm.choices)
    amount = models.DecimalField(_("amount (yuan)"), validators=[MinValueValidator(0)], **MONEY)
    delivered_on = models.DateField(_("delivered on"))
    delivered_by = models.CharField(_("delivered by"), max_length=120)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("relief delivered")
        verbose_name_plural = _("relief delivered")

    def __str__(self):
        return f"{self.application} · {self.get_form_display()} {self.amount}"


class HardshipFile(models.Model):
    """A family's dynamic hardship file (动态管理): open while the family is in difficulty."""

    class Status(models.TextChoices):
        OPEN = "open", _("In difficulty")
        CLOSED = "closed", _("Out of difficulty")

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="hardship_files", verbose_name=_("worker")
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    enterprise = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    situation = models.TextField(_("situation"), blank=True)
    causes = models.CharField(_("causes"), max_length=255, blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    review_interval_days = models.PositiveSmallIntegerField(_("review every (days)"), default=90)
    next_review_on = models.DateField(_("next review due"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    purged_at = models.DateTimeField(_("personal data purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["enterprise__path", "branch__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(status="open"), name="hardship_one_open_file_per_worker"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False), name="hardship_closed_file_has_date"
            ),
        ]

    def __str__(self):
        return str(self.worker.name)


class FileEntry(models.Model):
    """One line of a hardship file: help given, a periodic review, a closure or a reopening."""

    class Kind(models.TextChoices):
        HELP = "help", _("Help given")
        REVIEW = "review", _("Review")
        CLOSED = "closed", _("Closed (out of difficulty)")
        REOPENED = "reopened", pgettext_lazy("hardship", "Reopened")

    file = models.ForeignKey(HardshipFile, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    on = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=16, choices=HelpForm.choices, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), null=True, blank=True, **MONEY)
    note = models.TextField(_("note"), blank=True)
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("hardship file entry")
        verbose_name_plural = _("hardship file entries")
        ordering = ["file", "on", "id"]

    def __str__(self):
        return f"{self.file} · {self.get_kind_display()} {self.on}"


class Notification(models.Model):
    """A message to a worker in the portal (and by e-mail when an address is known)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    message = models.TextField(_("message"))
    key = models.CharField(max_length=80, blank=True)  # one reminder per subject and due date
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="hardship_notification_once"
            )
        ]

    def __str__(self):
        return self.message[:60]
