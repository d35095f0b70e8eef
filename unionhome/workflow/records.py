"""The transition record: one row per step taken, append-only (a concrete model per workflow)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class TransitionRecord(models.Model):
    """One step of a workflow (who, when, from which state to which, why). Append-only.

    A concrete record adds the foreign key to its object (``application = ForeignKey(...,
    related_name="transitions")``) and may narrow a field (``reason = CharField(max_length=200)``).
    ``actor_name`` keeps who it was if the account is later removed; empty for the system.
    """

    from_state = models.CharField(gettext_lazy("from state"), max_length=32, blank=True)
    to_state = models.CharField(gettext_lazy("to state"), max_length=32)
    action = models.CharField(gettext_lazy("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("actor"),
    )
    actor_name = models.CharField(gettext_lazy("actor name"), max_length=150, blank=True)
    at = models.DateTimeField(gettext_lazy("time"), default=timezone.now)
    reason = models.TextField(gettext_lazy("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        get_latest_by = ["at", "id"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state} ({self.action})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Workflow steps cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def actor_display(self) -> str:
        return self.actor_name or (str(self.actor) if self.actor_id else str(_("system")))
