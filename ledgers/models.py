"""Tables of the work ledgers: an entry of a declared kind, its participants and its attachments.

The entry's typed fields live in ``data`` (JSON), checked against the kind's schema by the service
(``ledgers.kinds``, ``ledgers.rules.check_data``); nothing else writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome.versioning import VersionField

from . import kinds


class LedgerEntry(models.Model):
    """One record of a union's everyday work (台账), of a declared kind."""

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=32, db_index=True)  # a code of ledgers.kinds
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(pgettext_lazy("ledgers", "title"), max_length=200)
    data = models.JSONField(_("details"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = VersionField()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["kind", "date"], name="ledger_kind_date"),
            # the list's order, newest first: keyset pages (unionhome.paging)
            models.Index(fields=["date", "id"], name="ledger_date_id"),
        ]

    def __str__(self):
        return f"{self.date} · {self.title}"

    @property
    def kind_spec(self) -> kinds.Kind | None:
        return kinds.get(self.kind)

    def get_kind_display(self):
        spec = self.kind_spec
        return spec.label if spec else self.kind

    def get_status_display(self):
        spec = self.kind_spec
        return spec.status_label(self.status) if spec and self.status else ""


class LedgerParticipant(models.Model):
    """A worker who took part in an entry, with their hours (training) or their role."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="participants")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("worker"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    role = models.CharField(_("role"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["entry", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "worker"], name="ledger_participant_once")]

    def __str__(self):
        return str(self.worker)


def _attachment_to(instance, filename):
    stamp = timezone.now()
    return f"ledgers/{stamp:%Y/%m}/{instance.entry_id}-{stamp:%H%M%S%f}.{instance.extension}"


class LedgerAttachment(models.Model):
    """A file kept with an entry (minutes, photos, a report); served only by a checked view."""

    entry = models.ForeignKey(LedgerEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_to)
    extension = models.CharField(max_length=8)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger attachment")
        verbose_name_plural = _("ledger attachments")
        ordering = ["entry", "id"]

    def __str__(self):
        return self.original_name


class CalendarDueRecord(models.Model):
    """One ledger duty of the term calendar as the last finished refresh of the findings computed
    it for the whole tree (docs/SCALING.md, "The term calendar's ledger duties"): what a scope too
    large to compute its duties on each request reads. The label is built in the reader's language
    from the code, year and period; whether the duty is overdue is decided against the day it is
    read. The unit's path is copied so that a scope is an index range; the reads also check the
    unit's current path and state."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    code = models.CharField(_("kind"), max_length=32)  # as ``selectors.CalendarDue.code``
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.PositiveSmallIntegerField(_("quarter or half-year"), default=0)  # 0: none
    due_on = models.DateField(_("falls due on"))
    url = models.CharField(_("link"), max_length=500)

    class Meta:
        verbose_name = _("ledger duty")
        verbose_name_plural = _("ledger duties")
        indexes = [
            # The earliest duties of a large scope: read in this order, filtered by the copied path.
            models.Index(fields=["due_on", "path", "code"], name="ledger_due_order"),
            # A scope's duties as an index range whatever the collation (PostgreSQL pattern
            # operator class; other databases ignore it), for the counts.
            models.Index(
                fields=["path", "due_on"],
                opclasses=["varchar_pattern_ops", "date_ops"],
                name="ledger_due_path",
            ),
        ]

    def __str__(self):
        return f"{self.branch_id} · {self.code} · {self.due_on}"


class LedgerTally(models.Model):
    """The pieces of the ledger indicators (docs/DOMAIN.md §9) one unit adds to the sum of every
    subtree that holds it, for a year, as the last finished refresh computed them for the whole tree
    (docs/SCALING.md, "Ledger tallies"). A subtree's indicators are one SUM of its rows by the copied
    path. A piece counted once across units (a worker taking part, a paired family) is spread so
    that the sum is exact for every subtree: a unit's row can hold a negative correction."""

    year = models.IntegerField(_("year"))
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    inspections_due = models.IntegerField(_("workshop-quarters due"), default=0)  # workshop-quarters due
    inspections_done = models.IntegerField(
        _("workshop-quarters inspected"), default=0
    )  # of them, inspected often enough
    dangers_counted = models.IntegerField(_("hidden dangers due"), default=0)
    dangers_in_time = models.IntegerField(_("hidden dangers closed in time"), default=0)
    representatives = models.IntegerField(_("representatives"), default=0)
    training_hours = models.DecimalField(_("training hours"), max_digits=12, decimal_places=1, default=0)
    families = models.IntegerField(
        _("paired families"), default=0
    )  # paired families (counted once per subtree)
    families_visited = models.IntegerField(_("paired families visited"), default=0)
    culture_entries = models.IntegerField(_("culture and sports events"), default=0)
    culture_participants = models.IntegerField(
        _("workers taking part"), default=0
    )  # workers (counted once per subtree)
    workers = models.IntegerField(_("active workers"), default=0)  # the unit's counter, open units only
    cadre_voters = models.IntegerField(_("members evaluating cadres"), default=0)
    cadre_satisfied = models.IntegerField(_("members satisfied"), default=0)
    finance_checks = models.IntegerField(_("finance checks"), default=0)
    books_matching = models.IntegerField(_("books matching"), default=0)
    accounts_independent = models.IntegerField(_("independent accounts"), default=0)
    information_entries = models.IntegerField(_("news entries"), default=0)
    information_items = models.IntegerField(_("news items"), default=0)
    letters_counted = models.IntegerField(_("letters and visits due"), default=0)
    letters_in_time = models.IntegerField(_("letters and visits answered in time"), default=0)

    class Meta:
        verbose_name = _("ledger tally")
        verbose_name_plural = _("ledger tallies")
        constraints = [models.UniqueConstraint(fields=["year", "branch"], name="ledger_tally_once")]
        # A subtree's rows are an index range of the copied path whatever the collation (PostgreSQL
        # operator classes; other databases ignore them).
        indexes = [
            models.Index(
                fields=["year", "path"],
                opclasses=["int4_ops", "varchar_pattern_ops"],
                name="ledger_tally_year_path",
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.path}"


class LedgerSubtotal(models.Model):
    """The SUM of the ledger tallies of one federation's subtree (national, province, city,
    district, industry) for a year, written by the refresh that writes ``LedgerTally``, in the
    same transaction: the indicators of a federation's subtree are then one row, whatever the
    number of units below it (docs/SCALING.md, "Ledger tallies"). ``pieces`` holds each piece of
    ``LedgerTally`` by name (the training hours as a decimal string)."""

    year = models.IntegerField(_("year"))
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    pieces = models.JSONField(_("pieces"), default=dict)

    class Meta:
        verbose_name = _("ledger subtotal")
        verbose_name_plural = _("ledger subtotals")
        constraints = [models.UniqueConstraint(fields=["year", "branch"], name="ledger_subtotal_once")]
        indexes = [models.Index(fields=["year", "path"], name="ledger_subtotal_year_path")]

    def __str__(self):
        return f"{self.year} · {self.path}"
