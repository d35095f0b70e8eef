"""Organisation tree, people, roster, roles and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from . import rules


class Branch(MP_Node):
    """One node of the union organisation tree (工会组织)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("District federation")  # 区总工会
        ENTERPRISE = "enterprise", _("Enterprise union")  # 基层工会 / 企业工会
        BRANCH = "branch", _("Branch union")  # 分会
        GROUP = "group", _("Union group")  # 工会小组

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(closed_on__isnull=False),
                name="branch_closed_has_date",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:branch_detail", args=[self.pk])

    @property
    def is_district(self) -> bool:
        return self.kind == self.Kind.DISTRICT

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and every ancestor, root first."""
        return [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]


class Worker(models.Model):
    """Everyone on a unit's roster (职工): members or not; never hard-deleted."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class EmploymentType(models.TextChoices):  # 用工性质
        REGULAR = "regular", _("Regular")  # 正式
        DISPATCHED = "dispatched", _("Dispatched")  # 派遣
        MIGRANT = "migrant", _("Migrant")  # 农民工

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")  # 在职
        LEFT = "left", _("Left")  # 离职
        RETIRED = "retired", _("Retired")  # 退休

    name = models.CharField(_("name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    id_number = models.CharField(_("ID number"), max_length=18, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="workers", verbose_name=_("unit")
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_member = models.BooleanField(_("member"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    card_number = models.CharField(_("membership card number"), max_length=32, blank=True)
    card_issued = models.BooleanField(_("card issued"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["branch__path", "name", "id"]
        indexes = [
            models.Index(fields=["branch", "status"], name="worker_branch_status"),
            models.Index(fields=["name"], name="worker_name"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="worker_card_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(is_member=False) | Q(member_since__isnull=False),
                name="worker_member_has_join_date",
            ),
            models.CheckConstraint(
                condition=Q(card_issued=False) | (Q(is_member=True) & ~Q(card_number="")),
                name="worker_card_issued_needs_number",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:worker_detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return rules.mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return rules.mask_phone(self.phone)

    def clean(self):
        errors = {}
        if self.is_member and not self.member_since:
            errors["member_since"] = _("A member must have a join date.")
        if self.card_issued and not self.card_number:
            errors["card_number"] = _("A card marked as issued needs its card number.")
        if self.card_issued and not self.is_member:
            errors["card_issued"] = _("Only members hold a membership card.")
        if errors:
            raise ValidationError(errors)


class User(AbstractUser):
    """An account; may be linked to one roster entry (then it is a worker in the portal)."""

    worker = models.OneToOneField(
        Worker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("worker"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class Appointment(models.Model):
    """A role a user holds at a node of the tree (任职), for a period."""

    class Role(models.TextChoices):
        DISTRICT_REVIEWER = "district_reviewer", _("District reviewer")  # 区总工会审核员
        UNION_OFFICER = "union_officer", _("Union officer")  # 企业工会干部
        BRANCH_OFFICER = "branch_officer", _("Branch officer")  # 分会干部

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("user"),
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    start = models.DateField(_("start"), default=timezone.localdate)
    end = models.DateField(_("end"), null=True, blank=True)
    full_id_access = models.BooleanField(
        _("may see full ID numbers"),
        default=False,
        help_text=_(
            "Granted explicitly to union officers who need full ID numbers on screen and in exports."
        ),
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["user", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="appointment_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.branch}"


class AuditEvent(models.Model):
    """操作记录: who did what, when, with the state before and after. Append-only."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    branch_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Audit records cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit records cannot be deleted."))


class AccessLog(models.Model):
    """查阅记录: every view, download or export of a sensitive record. Append-only."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Viewed")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    branch_path = models.CharField(_("unit path"), max_length=255, blank=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Access log entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Access log entries cannot be deleted."))


class RosterJob(models.Model):
    """An import or export of the roster spreadsheet, run now or in the background (Celery).

    An import goes: checking → ready (or refused) → queued → running → done (or failed). At most one
    import per unit is queued or running at a time (a partial unique constraint), so two imports into
    the same unit cannot interleave on any database.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        READY = "ready", _("Ready to import")
        REFUSED = "refused", _("Refused")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    unit = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roster_jobs",
        verbose_name=_("unit"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    upload = models.CharField(_("uploaded file"), max_length=200, blank=True)  # under MEDIA_ROOT
    result = models.CharField(_("result file"), max_length=200, blank=True)  # export, under MEDIA_ROOT
    report = models.CharField(_("error report"), max_length=200, blank=True)  # under MEDIA_ROOT
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    mark_missing_as_left = models.BooleanField(_("mark workers missing from the file as left"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    missing_count = models.PositiveIntegerField(_("active workers missing from the file"), default=0)
    left_count = models.PositiveIntegerField(_("marked as left"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    problems = models.JSONField(_("problems shown"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("roster import or export")
        verbose_name_plural = _("roster imports and exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(kind="import", status__in=["queued", "running"]),
                name="roster_job_one_import_running_per_unit",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name or ''} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("branches:roster_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.REFUSED, self.Status.DONE, self.Status.FAILED)
