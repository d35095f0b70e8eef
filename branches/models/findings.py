"""The findings of the whole tree as computed by the last refresh (docs/SCALING.md, "Findings"):
what a federation's dashboard and findings list read when its scope is too large to compute them on
each request (``branches/services/findings.py`` writes them, ``branches/selectors/federation.py``
reads them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tree import Branch


class FindingRun(models.Model):
    """One computation of every finding of the tree, in every language: queued (by the schedule or
    by a reviewer), running, then done (its rows replaced the previous ones) or failed (the previous
    rows kept, the reason recorded)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    findings = models.PositiveIntegerField(_("findings"), default=0)  # rows written, every language
    reason = models.TextField(_("reason"), blank=True)  # why it failed

    class Meta:
        verbose_name = _("findings computation")
        verbose_name_plural = _("findings computations")
        indexes = [models.Index(fields=["status", "finished_at"], name="finding_run_status")]

    def __str__(self):
        return f"{self.get_status_display()} · {self.created_at:%Y-%m-%d %H:%M}"


class FindingRecord(models.Model):
    """One finding of one unit in one language, as the last finished computation found it. The
    unit's path is copied (and indexed with the language and the kind) so that a scope's findings
    are an index range; the reads also check the unit's current path and state."""

    language = models.CharField(_("language"), max_length=16)
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    position = models.PositiveIntegerField(_("order of computation"))  # the order of the computation
    code = models.CharField(_("kind"), max_length=64)
    severity = models.CharField(_("severity"), max_length=8)
    message = models.TextField(_("finding text"))
    url = models.CharField(_("link"), max_length=500)

    class Meta:
        verbose_name = _("dashboard finding")
        verbose_name_plural = _("dashboard findings")
        # Pattern operator classes on PostgreSQL, so that ``path LIKE 'prefix%'`` is an index range
        # whatever the database's collation (other databases ignore them).
        indexes = [
            models.Index(
                fields=["language", "code", "path"],
                opclasses=["varchar_pattern_ops"] * 3,
                name="finding_language_code_path",
            ),
            models.Index(
                fields=["language", "path"],
                opclasses=["varchar_pattern_ops"] * 2,
                name="finding_language_path",
            ),
            # a kind's findings list, paged by keyset in the order of the tree (path, position, id):
            # the default operator class, whose order is the ORDER BY's
            models.Index(
                fields=["language", "code", "path", "position", "id"], name="finding_kind_list_order"
            ),
            # the first few of a kind, in the order of the computation
            models.Index(fields=["language", "code", "position"], name="finding_language_code_position"),
        ]

    def __str__(self):
        return f"{self.branch_id} · {self.code}"


class FindingCount(models.Model):
    """How many findings of one kind the subtree of one federation (national, province, city,
    district, industry) held in one language, and how many of them were serious, as the last
    finished computation found them: written with the ``FindingRecord`` rows, in the same
    transaction, so that a large scope's groups are one small read of its roots' rows instead of a
    grouped COUNT over every finding below them. A row with an empty kind marks a federation the
    computation counted (its subtree may hold no finding at all)."""

    language = models.CharField(_("language"), max_length=16)
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+", verbose_name=_("unit"))
    path = models.CharField(_("unit path"), max_length=255)
    code = models.CharField(_("kind"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("findings"), default=0)
    danger = models.PositiveIntegerField(_("serious findings"), default=0)

    class Meta:
        verbose_name = _("dashboard finding count")
        verbose_name_plural = _("dashboard finding counts")
        indexes = [models.Index(fields=["language", "path"], name="finding_count_language_path")]

    def __str__(self):
        return f"{self.branch_id} · {self.code} · {self.count}"
