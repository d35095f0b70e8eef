"""Membership transfers (会员关系转接) and their steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhome.workflow import TransitionRecord

from .. import rules
from .roster import Worker
from .tree import Branch


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
        indexes = [
            models.Index(fields=["state", "effective_on"], name="transfer_state_date"),
            # the list's order, newest first: keyset pages (unionhome.paging)
            models.Index(fields=["requested_at", "id"], name="transfer_requested_id"),
        ]
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


class TransferTransition(TransitionRecord):
    """One step of a membership transfer (who, when, from which state to which, why). Append-only;
    written by ``unionhome.workflow`` (the table is branches/workflows.py)."""

    transfer = models.ForeignKey(
        MembershipTransfer, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("transfer")
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta(TransitionRecord.Meta):
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer steps")
