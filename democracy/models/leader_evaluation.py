"""Tables of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the representatives'
ratings.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from unionhome import answer_once

from .congress import Representative, Session


class EvaluationRound(answer_once.AnswerRound, models.Model):
    """民主评议领导干部: one round per congress session; ratings are secret (``unionhome.answer_once``).

    A round is created closed, opened once, and closed for good: once closed, reopening would let a
    later rating be read off the change in the results."""

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
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    position = models.CharField(_("position"), max_length=120)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["round", "id"]

    def __str__(self):
        return f"{self.name}（{self.position}）"


class Rating(answer_once.Answer):
    """An anonymous rating of one leader (no link to who rated, a random key, the day only)."""

    group_field = "leader"  # results are shown per leader
    payload_fields = ("leader", "grade")

    class Grade(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        COMPETENT = "competent", _("Competent")
        BASIC = "basic", _("Basically competent")
        INCOMPETENT = "incompetent", _("Incompetent")

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="ratings")
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="ratings")
    grade = models.CharField(pgettext_lazy("democracy", "rating"), max_length=12, choices=Grade.choices)

    class Meta(answer_once.Answer.Meta):
        verbose_name = pgettext_lazy("democracy", "rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return self.get_grade_display()


class RatingCast(answer_once.Participation):
    """That a representative has rated a round (once per round, which rates every leader)."""

    person_field = "representative"

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="casts")
    representative = models.ForeignKey(Representative, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("rating cast")
        verbose_name_plural = _("ratings cast")
        constraints = [models.UniqueConstraint(fields=["round", "representative"], name="rate_round_once")]

    def __str__(self):
        return f"{self.round} · {self.representative_id}"
