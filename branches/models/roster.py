"""The roster (职工名册): workers, their real-name registration facts, and roster imports and exports."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhome import masking
from unionhome.versioning import VersionField

from .tree import Branch


class EthnicGroup(models.TextChoices):  # 民族, GB 3304 (codes and order as rules.ETHNIC_GROUPS)
    HAN = "01", _("Han")
    MONGOL = "02", _("Mongol")
    HUI = "03", _("Hui")
    TIBETAN = "04", _("Tibetan")
    UYGHUR = "05", _("Uyghur")
    MIAO = "06", _("Miao")
    YI = "07", _("Yi")
    ZHUANG = "08", _("Zhuang")
    BUYEI = "09", _("Buyei")
    KOREAN = "10", _("Korean")
    MANCHU = "11", _("Manchu")
    DONG = "12", _("Dong")
    YAO = "13", _("Yao")
    BAI = "14", _("Bai")
    TUJIA = "15", _("Tujia")
    HANI = "16", _("Hani")
    KAZAKH = "17", _("Kazakh")
    DAI = "18", _("Dai")
    LI = "19", _("Li")
    LISU = "20", _("Lisu")
    VA = "21", _("Va")
    SHE = "22", _("She")
    GAOSHAN = "23", _("Gaoshan")
    LAHU = "24", _("Lahu")
    SHUI = "25", _("Shui")
    DONGXIANG = "26", _("Dongxiang")
    NAXI = "27", _("Naxi")
    JINGPO = "28", _("Jingpo")
    KYRGYZ = "29", _("Kyrgyz")
    TU = "30", _("Tu")
    DAUR = "31", _("Daur")
    MULAO = "32", _("Mulao")
    QIANG = "33", _("Qiang")
    BLANG = "34", _("Blang")
    SALAR = "35", _("Salar")
    MAONAN = "36", _("Maonan")
    GELAO = "37", _("Gelao")
    XIBE = "38", _("Xibe")
    ACHANG = "39", _("Achang")
    PUMI = "40", _("Pumi")
    TAJIK = "41", _("Tajik")
    NU = "42", _("Nu")
    UZBEK = "43", _("Uzbek")
    RUSSIAN = "44", _("Russian")
    EVENKI = "45", _("Evenki")
    DEANG = "46", _("Deang")
    BONAN = "47", _("Bonan")
    YUGUR = "48", _("Yugur")
    GIN = "49", _("Gin")
    TATAR = "50", _("Tatar")
    DERUNG = "51", _("Derung")
    OROQEN = "52", _("Oroqen")
    HEZHEN = "53", _("Hezhen")
    MONBA = "54", _("Monba")
    LHOBA = "55", _("Lhoba")
    JINO = "56", _("Jino")


class PoliticalStatus(models.TextChoices):  # 政治面貌, GB/T 4762 (rules.POLITICAL_STATUSES)
    CPC_MEMBER = "01", _("CPC member")
    CPC_PROBATIONARY = "02", _("CPC probationary member")
    CYL_MEMBER = "03", _("Communist Youth League member")
    RCCK = "04", _("Member of the Revolutionary Committee of the Kuomintang")
    CDL = "05", _("Member of the China Democratic League")
    CDNCA = "06", _("Member of the China Democratic National Construction Association")
    CAPD = "07", _("Member of the China Association for Promoting Democracy")
    CPWDP = "08", _("Member of the Chinese Peasants and Workers Democratic Party")
    CZGP = "09", _("Member of the China Zhi Gong Party")
    JIUSAN = "10", _("Member of the Jiusan Society")
    TDSGL = "11", _("Member of the Taiwan Democratic Self-Government League")
    NON_PARTISAN = "12", _("Non-partisan")
    MASSES = "13", _("Ordinary citizen")


class Education(models.TextChoices):  # 学历, GB/T 4658 (rules.EDUCATION_LEVELS)
    DOCTORATE = "11", _("Doctoral degree")
    MASTER = "14", _("Master's degree")
    BACHELOR = "20", _("Bachelor's degree")
    COLLEGE = "30", _("College diploma")
    VOCATIONAL = "40", _("Secondary vocational school")
    HIGH_SCHOOL = "60", _("Senior high school")
    JUNIOR = "70", _("Junior high school")
    PRIMARY = "80", _("Primary school")
    OTHER = "90", _("Other education")


class HouseholdType(models.TextChoices):  # 户口性质 (rules.HOUSEHOLD_TYPES)
    URBAN = "urban", _("Urban household")
    RURAL = "rural", _("Rural household")


class MembershipStatus(models.TextChoices):  # 会籍状态 (rules.MEMBERSHIP_STATUSES)
    NORMAL = "normal", _("Normal")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    RETAINED = "retained", _("Retained")
    TERMINATED = "terminated", _("Terminated")


# The fields the per-unit counters are made of (branches/counters.py, docs/ARCHITECTURE.md "Counters").
COUNTED_SOURCE_FIELDS = frozenset(
    {"branch", "branch_id", "status", "is_member", "card_issued", "gender", "employment_type"}
)


class WorkerQuerySet(models.QuerySet):
    """Roster rows. ``update()`` of a counted field recounts the units it touched in the same
    transaction, as a saved or deleted row does through the model's signals; ``bulk_create`` and
    ``bulk_update`` leave that to their callers, which recount the units of their batch (the import,
    the demo)."""

    def update(self, **kwargs):
        if not COUNTED_SOURCE_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        from ..counters import recount  # the counters read this model

        moved_to = kwargs.get("branch", kwargs.get("branch_id"))
        target = moved_to.pk if isinstance(moved_to, Branch) else moved_to
        with transaction.atomic(using=self.db):
            rows = self.order_by()
            units = set(rows.values_list("branch_id", flat=True).distinct())
            pks = None
            if moved_to is not None and not isinstance(target, int):  # an expression: read where rows went
                pks = list(rows.values_list("pk", flat=True))
            done = super().update(**kwargs)
            if isinstance(target, int):
                units.add(target)
            elif pks is not None:
                units |= set(
                    Worker.objects.filter(pk__in=pks)
                    .order_by()
                    .values_list("branch_id", flat=True)
                    .distinct()
                )
            recount(units)
        return done


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

    EthnicGroup = EthnicGroup
    PoliticalStatus = PoliticalStatus
    Education = Education
    HouseholdType = HouseholdType
    MembershipStatus = MembershipStatus

    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
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
    # Member facts of the national real-name registration (工会会员实名制管理).
    ethnic_group = models.CharField(_("ethnic group"), max_length=2, choices=EthnicGroup.choices, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=PoliticalStatus.choices, blank=True
    )
    education = models.CharField(_("education"), max_length=2, choices=Education.choices, blank=True)
    household_place = models.CharField(_("household registration place"), max_length=120, blank=True)
    household_type = models.CharField(
        _("household type"), max_length=8, choices=HouseholdType.choices, blank=True
    )
    membership_status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NORMAL,
    )
    membership_status_on = models.DateField(_("membership status since"), null=True, blank=True)
    membership_status_reason = models.CharField(
        _("reason for the membership status"), max_length=200, blank=True
    )
    confirmed_on = models.DateField(_("confirmed by the worker on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = VersionField()  # optimistic concurrency of the edit form (unionhome/versioning.py)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["branch__path", "name", "id"]
        indexes = [
            models.Index(fields=["branch", "status"], name="worker_branch_status"),
            models.Index(fields=["name"], name="worker_name"),
            # the roster list's order within a unit: keyset pages (unionhome.paging)
            models.Index(fields=["branch", "name", "id"], name="worker_branch_name_id"),
            # the roster search by phone; a name is searched through the trigram index
            # worker_name_trgm (PostgreSQL only: migration 0004_worker_search_indexes)
            models.Index(fields=["phone"], name="worker_phone"),
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
        return masking.mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return masking.mask_phone(self.phone)

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
    # Written while the job runs (docs/ARCHITECTURE.md, background jobs): the page reads the
    # progress here, and the reaper fails a job whose heartbeat has stopped.
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

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
