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
from django.utils.translation import pgettext_lazy
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


class MembershipTransfer(models.Model):
    """会员关系转接: a member's move from one union to another (in the system or outside it).

    The transfer rows are both units' membership history: the old unit's "transferred out" and
    the new unit's "transferred in".
    """

    class State(models.TextChoices):
        ASKED = "asked", _("Asked by the worker")
        REQUESTED = "requested", _("Awaiting the receiving union")
        CLAIMED = "claimed", _("Claimed by the receiving union")
        ACCEPTED = "accepted", pgettext_lazy("membership transfer state", "Accepted")
        REFUSED = "refused", pgettext_lazy("membership transfer state", "Refused")
        CANCELLED = "cancelled", pgettext_lazy("membership transfer state", "Cancelled")

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("worker")
    )
    from_branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from unit")
    )
    to_unit = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers_in",
        verbose_name=_("receiving union"),
    )
    to_branch = models.ForeignKey(
        Branch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receiving unit"),
    )
    outside_union = models.CharField(_("receiving union outside the system"), max_length=120, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["state", "effective_on"], name="transfer_state_date")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(to_unit__isnull=False) & Q(outside_union=""))
                | (Q(to_unit__isnull=True) & ~Q(outside_union="")),
                name="transfer_one_destination",
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(effective_on__isnull=False),
                name="transfer_accepted_has_date",
            ),
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(state__in=["asked", "requested", "claimed"]),
                name="transfer_one_open_per_worker",
            ),
        ]

    def __str__(self):
        return f"{self.worker} → {self.destination_name}"

    def get_absolute_url(self):
        return reverse("branches:transfer_detail", args=[self.pk])

    @property
    def destination_name(self) -> str:
        return self.to_unit.name if self.to_unit_id else self.outside_union

    @property
    def is_open(self) -> bool:
        return self.state in rules.TRANSFER_OPEN_STATES


class TransferTransition(models.Model):
    """One step of a membership transfer (who, when, from which state to which, why). Append-only."""

    transfer = models.ForeignKey(
        MembershipTransfer, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("transfer")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    from_state = models.CharField(_("from state"), max_length=16, blank=True)
    to_state = models.CharField(_("to state"), max_length=16)
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer steps")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.transfer_id}: {self.from_state} → {self.to_state}"


# --- committees, workshop posts, leadership group, union funds ---------------------------------


class Committee(models.Model):
    """A unit's elected committee (工会委员会 / 经费审查委员会 / 女职工委员会 / 女工小组)."""

    class Kind(models.TextChoices):
        UNION = "union", _("Union committee")  # 工会委员会
        FUNDS_REVIEW = "funds_review", _("Funds review committee")  # 经费审查委员会
        WOMEN = "women", _("Women workers' committee")  # 女职工委员会
        WOMEN_GROUP = "women_group", _("Women workers' group")  # 女工小组

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="committees", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["branch__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "kind"], name="committee_one_per_kind_and_unit"),
        ]

    def __str__(self):
        return f"{self.branch.name} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("branches:unit_committees", args=[self.branch_id])


class Term(models.Model):
    """届: one elected term of a committee; past terms stay as history. ``end`` is its last day."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="terms", verbose_name=_("committee")
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    elected_on = models.DateField(_("elected on"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="term_number_unique"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="term_end_after_start"),
            models.CheckConstraint(
                condition=Q(elected_on__lte=models.F("start")), name="term_elected_before_start"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="term_number_positive"),
        ]

    def __str__(self):
        return _("%(committee)s, term %(number)s") % {"committee": self.committee, "number": self.number}

    def get_absolute_url(self):
        return reverse("branches:unit_committees", args=[self.committee.branch_id])


class CommitteeSeat(models.Model):
    """A worker's position on a committee for a term (主席, 副主席, 委员 ...)."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")  # 主席
        VICE_CHAIR = "vice_chair", _("Vice-chair")  # 副主席
        FUNDS_REVIEW_DIRECTOR = "funds_director", _("Director of the funds review committee")  # 经审会主任
        WOMEN_DIRECTOR = "women_director", _("Director of the women workers' committee")  # 女工委主任
        WOMEN_GROUP_LEADER = "women_leader", _("Leader of the women workers' group")  # 女工小组长
        VICE_DIRECTOR = "vice_director", _("Deputy director")  # 副主任
        MEMBER = "member", _("Committee member")  # 委员

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="seats", verbose_name=_("term"))
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("worker")
    )
    position = models.CharField(_("position"), max_length=16, choices=Position.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["term", "position", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="seat_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["term", "worker"], condition=Q(end__isnull=True), name="seat_one_open_per_worker"
            ),
            models.UniqueConstraint(
                fields=["term", "position"],
                condition=Q(end__isnull=True)
                & Q(position__in=["chair", "funds_director", "women_director", "women_leader"]),
                name="seat_one_open_head_per_term",
            ),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.get_position_display()}"


class WorkshopPost(models.Model):
    """车间两长六大员: the two heads and six officers of a workshop; vacant while it has no holder."""

    class Post(models.TextChoices):
        GROUP_LEADER = "group_leader", _("Union group leader")  # 工会小组长
        TEAM_LEADER = "team_leader", _("Team leader")  # 班组长
        PUBLICITY = "publicity", _("Publicity officer")  # 宣传员
        SAFETY = "safety", _("Labour-protection inspector")  # 劳动保护检查员
        ACCOUNTING = "accounting", _("Economic accounting officer")  # 经济核算员
        WELFARE = "welfare", _("Welfare officer")  # 生活福利员
        CULTURE = "culture", _("Culture and sports officer")  # 文体员
        WOMEN = "women", _("Women workers' officer")  # 女工委员

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="workshop_posts", verbose_name=_("unit")
    )
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    holder = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_posts",
        verbose_name=_("holder"),
    )
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop post")
        verbose_name_plural = _("workshop posts")
        ordering = ["branch__path", "post"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "post"], name="workshop_post_one_per_unit"),
            models.CheckConstraint(
                condition=Q(holder__isnull=True, since__isnull=True)
                | Q(holder__isnull=False, since__isnull=False),
                name="workshop_post_holder_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.branch.name} · {self.get_post_display()}"

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None


class LeadershipGroup(models.Model):
    """建家领导小组: runs the home-building work of a unit, with an office for the daily work."""

    branch = models.OneToOneField(
        Branch, on_delete=models.PROTECT, related_name="leadership_group", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=120)
    established_on = models.DateField(_("established on"))
    office = models.CharField(_("office"), max_length=200, blank=True)
    responsibilities = models.TextField(_("responsibilities"), blank=True)

    class Meta:
        verbose_name = _("leadership group")
        verbose_name_plural = _("leadership groups")
        ordering = ["branch__path"]

    def __str__(self):
        return f"{self.branch.name} · {self.name}"

    def get_absolute_url(self):
        return reverse("branches:leadership", args=[self.branch_id])


class LeadershipMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Group leader")  # 组长
        DEPUTY = "deputy", _("Deputy group leader")  # 副组长
        MEMBER = "member", _("Group member")  # 成员
        OFFICE_DIRECTOR = "office_director", _("Office director")  # 办公室主任
        OFFICE_MEMBER = "office_member", _("Office member")  # 办公室成员

    group = models.ForeignKey(
        LeadershipGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("leadership group")
    )
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="leadership_roles", verbose_name=_("worker")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    duties = models.CharField(_("duties"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("leadership group member")
        verbose_name_plural = _("leadership group members")
        ordering = ["group", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "worker"], name="leadership_member_once"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="leader"), name="leadership_one_leader"
            ),
        ]

    def __str__(self):
        return f"{self.worker.name} · {self.get_role_display()}"


class FundsRemittance(models.Model):
    """工会经费上解: what a unit owes upward for a year, by when; withheld is an explicit flag."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="funds_remittances", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_due = models.DecimalField(_("amount due"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due on"))
    withheld = models.BooleanField(_("withheld"), default=False)
    withheld_reason = models.CharField(_("reason for withholding"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("union funds remittance")
        verbose_name_plural = _("union funds remittances")
        ordering = ["-year", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="remittance_one_per_unit_and_year"),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="remittance_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(withheld=False) | ~Q(withheld_reason=""), name="remittance_withheld_has_reason"
            ),
        ]

    def __str__(self):
        return _("%(unit)s, union funds %(year)s") % {"unit": self.branch.name, "year": self.year}

    def get_absolute_url(self):
        return reverse("branches:unit_funds", args=[self.branch_id])


class FundsPayment(models.Model):
    """One amount remitted upward; the district confirms its receipt."""

    remittance = models.ForeignKey(
        FundsRemittance, on_delete=models.PROTECT, related_name="payments", verbose_name=_("remittance")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("union funds payment")
        verbose_name_plural = _("union funds payments")
        ordering = ["remittance", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.remittance} · {self.amount} · {self.paid_on}"


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
