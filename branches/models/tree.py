"""The organisation tree (工会组织) and the roles users hold at its nodes (任职)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from unionhome.roles import Role
from unionhome.versioning import VersionField

from ..rules.tree import FEDERATION_KINDS


class Branch(MP_Node):
    """One node of the union organisation tree (工会组织)."""

    class Kind(models.TextChoices):
        # Federations (上级工会), any depth: national → province → city → district/county, and
        # industry federations (产业工会) at any of those levels (docs/DOMAIN.md §1).
        NATIONAL = "national", _("National federation")  # 全国总工会
        PROVINCE = "province", _("Provincial federation")  # 省总工会
        CITY = "city", _("City federation")  # 市总工会
        DISTRICT = "district", _("District federation")  # 区（县）总工会
        INDUSTRY = "industry", _("Industry federation")  # 产业工会
        ENTERPRISE = "enterprise", _("Enterprise union")  # 基层工会 / 企业工会
        BRANCH = "branch", _("Branch union")  # 分会
        GROUP = "group", _("Union group")  # 工会小组

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = VersionField()  # optimistic concurrency of the rename form (unionhome/versioning.py)

    node_order_by = ["code"]

    # The kinds of a federation (上级工会): a unit above the enterprise unions, whatever its level.
    FEDERATION_KINDS = FEDERATION_KINDS

    class Meta:
        verbose_name = _("union organisation")
        verbose_name_plural = _("union organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(closed_on__isnull=False),
                name="branch_closed_has_date",
            )
        ]
        indexes = [
            # A unit's children (depth + 1, under its path) without reading the rest of its subtree.
            models.Index(
                fields=["depth", "path"],
                opclasses=["int4_ops", "varchar_pattern_ops"],
                name="branch_children",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("branches:branch_detail", args=[self.pk])

    @property
    def is_federation(self) -> bool:
        """A federation at any level (national, province, city, district or county, industry)."""
        return self.kind in self.FEDERATION_KINDS

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and every ancestor, root first."""
        return [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]


class Appointment(models.Model):
    """A role a user holds at a node of the tree (任职), for a period."""

    Role = Role  # the kernel's roles (unionhome.roles.Role), also reachable as Appointment.Role

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
