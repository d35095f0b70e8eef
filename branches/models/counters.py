"""Per-unit counts of the roster (工会组织 → 职工数、会员数、发证数、女职工数、用工性质), kept current by
the roster's writes (``branches/counters.py``) so that roll-ups read counters, never the roster."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tree import Branch

COUNTED_FIELDS = ("workers", "members", "cards", "women", "regular", "dispatched", "migrant")


class UnitCounter(models.Model):
    """The active workers on one unit's own roster (not its subtree's), by what the rates need."""

    branch = models.OneToOneField(
        Branch, on_delete=models.CASCADE, related_name="counter", verbose_name=_("unit")
    )
    workers = models.PositiveIntegerField(_("active workers"), default=0)
    members = models.PositiveIntegerField(_("union members"), default=0)
    cards = models.PositiveIntegerField(_("membership cards issued"), default=0)
    women = models.PositiveIntegerField(_("women workers"), default=0)
    regular = models.PositiveIntegerField(_("regular workers"), default=0)
    dispatched = models.PositiveIntegerField(_("dispatched workers"), default=0)
    migrant = models.PositiveIntegerField(_("migrant workers"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit counter")
        verbose_name_plural = _("unit counters")

    def __str__(self):
        return f"{self.branch} · {self.workers}"

    def values(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in COUNTED_FIELDS}
