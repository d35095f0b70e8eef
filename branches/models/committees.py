"""Committees and their terms and seats, workshop posts (两长六大员) and the leadership group."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unionhome.versioning import VersionField

from .roster import Worker
from .tree import Branch


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
    version = VersionField()

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
    version = VersionField()

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


class CommitteeTermRecord(models.Model):
    """One committee with a term, as the last finished refresh of the findings found it
    (docs/SCALING.md, "The term calendar's committees"): what the term calendar of a scope too large
    to compute each committee's current term on every request reads. ``current_end`` is the end of
    the term in force on the day of the refresh (else of the last term); ``latest_end`` the latest
    end of any of its terms, so that whether the committee is overdue for re-election
    (``latest_end`` before today) is decided on the day it is read. The unit's path is copied so
    that a scope is an index range; the reads also check the unit's current path and state."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="+", verbose_name=_("committee")
    )
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Committee.Kind.choices)
    current_end = models.DateField(_("current term ends on"))
    latest_end = models.DateField(_("last term ends on"))

    class Meta:
        verbose_name = _("committee term end")
        verbose_name_plural = _("committee term ends")
        indexes = [
            # Both lists of the calendar, paged by keyset in this order and filtered by the copied
            # path (read from the index, not from the rows).
            models.Index(fields=["current_end", "path", "kind", "id"], name="committee_term_order"),
            # A scope's rows as an index range whatever the collation (PostgreSQL pattern operator
            # class; other databases ignore it), for the chart's months.
            models.Index(
                fields=["path", "current_end"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="committee_term_path",
            ),
        ]

    def __str__(self):
        return f"{self.branch_id} · {self.kind} · {self.current_end}"
