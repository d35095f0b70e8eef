"""Tables of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the representatives'
ratings.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .congress import Representative, Session


class EvaluationRound(models.Model):
    """民主评议领导干部: one round per congress session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("session")
    )
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    is_open = models.BooleanField(_("open"), default=False)

    class Meta:
        verbose_name = _("leader evaluation round")
        verbose_name_plural = _("leader evaluation rounds")
        ordering = ["-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:evaluation_detail", args=[self.pk])


class Leader(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(_("position"), max_length=120)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["round", "id"]

    def __str__(self):
        return f"{self.name}（{self.position}）"


class Rating(models.Model):
    """An anonymous rating of one leader (no link to who rated)."""

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        COMPETENT = "competent", _("Competent")
        BASIC = "basic", _("Basically competent")
        INCOMPETENT = "incompetent", _("Incompetent")

    # a random key: the order of rows does not reveal the order in which people answered
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="ratings")
    grade = models.CharField(pgettext_lazy("democracy", "rating"), max_length=12, choices=Grade.choices)

    class Meta:
        verbose_name = pgettext_lazy("democracy", "rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return self.get_grade_display()


class RatingCast(models.Model):
    """That a representative has rated a round (once per round, which rates every leader)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="casts")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rating cast")
        verbose_name_plural = _("ratings cast")
        constraints = [models.UniqueConstraint(fields=["round", "representative"], name="rate_round_once")]

    def __str__(self):
        return f"{self.round} · {self.representative_id}"
