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


class _Counts(models.Model):
    """The counted fields, signed: a change (a delta) may be negative."""

    workers = models.IntegerField(_("active workers"), default=0)
    members = models.IntegerField(_("union members"), default=0)
    cards = models.IntegerField(_("membership cards issued"), default=0)
    women = models.IntegerField(_("women workers"), default=0)
    regular = models.IntegerField(_("regular workers"), default=0)
    dispatched = models.IntegerField(_("dispatched workers"), default=0)
    migrant = models.IntegerField(_("migrant workers"), default=0)
    # Counts of every unit of the subtree (True) or of its open units only (False).
    include_closed = models.BooleanField(_("closed units included"))

    class Meta:
        abstract = True

    def values(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in COUNTED_FIELDS}


class SubtreeCounter(_Counts):
    """The active workers of a unit's whole subtree, as of the last fold of the ``CounterDelta`` rows:
    a federation's totals are this row plus its subtree's pending deltas, whatever the size of the
    subtree (``branches/counters.py``; docs/SCALING.md, "Dashboards at any size")."""

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, related_name="subtree_counters", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("subtree counter")
        verbose_name_plural = _("subtree counters")
        constraints = [
            models.UniqueConstraint(fields=["branch", "include_closed"], name="subtree_counter_unique")
        ]

    def __str__(self):
        return f"{self.branch} · {self.workers}"


class CounterDelta(_Counts):
    """A change of one unit's counter, appended in the transaction of the write that made it and
    not yet added to the subtree counters of the unit and its ancestors (``counters.fold``). Rows
    are only ever inserted by the writes and deleted by the fold: no write waits for another's
    row, however high up the tree."""

    id = models.BigAutoField(primary_key=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, related_name="counter_deltas", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("counter change")
        verbose_name_plural = _("counter changes")

    def __str__(self):
        return f"{self.branch} · {self.workers:+d}"
