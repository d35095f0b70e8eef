"""Tables of lower-level meetings: workshop representative groups and team democratic-management meetings,
and their cadence.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from branches.models import Branch


class LowerMeeting(models.Model):
    """Lower-level democratic meetings (篇三 4.1.3.1)."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop representative-group meeting")  # quarterly
        TEAM = "team", _("Team democratic-management meeting")  # half-yearly

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="lower_meetings", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    attendees = models.PositiveIntegerField(_("attendees"))
    topics = models.TextField(_("topics"))
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("lower-level meeting")
        verbose_name_plural = _("lower-level meetings")
        ordering = ["-held_on", "-id"]
        # the list's order, newest first: keyset pages (unionhome.paging)
        indexes = [models.Index(fields=["held_on", "id"], name="lower_meeting_held_id")]

    def __str__(self):
        return f"{self.branch} {self.held_on}"
