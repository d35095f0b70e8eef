"""Tables of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards the
participation rate.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker


class Contest(models.Model):
    """Labour competition or skill contest (劳动竞赛 / 技能比武), for the participation rate."""

    class Kind(models.TextChoices):
        COMPETITION = "competition", _("Labour competition")
        SKILL = "skill", _("Skill contest")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(Worker, related_name="contests", verbose_name=_("participants"))

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-held_on"]
        # the participation page's contests, paged by keyset newest first (read backwards)
        indexes = [models.Index(fields=["held_on", "id"], name="contest_held_on_id")]

    def __str__(self):
        return self.title
