"""Tables of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome import answer_once


class Disclosure(models.Model):
    """厂务公开 item; published items reach the portal of the workers under ``audience``."""

    class Category(models.TextChoices):
        WAGES = "wages", _("Wages")
        BONUS = "bonus", _("Bonus distribution")
        WELFARE = "welfare", _("Welfare")
        DECISIONS = "decisions", _("Major decisions")
        INTEGRITY = "integrity", _("Cadre integrity")
        OTHER = "other", _("Other")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    audience = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("audience")
    )
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    content = models.TextField(_("content"))
    disclosed_on = models.DateField(_("date"))
    attachment = models.FileField(_("attachment"), upload_to="democracy/disclosures/", blank=True)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure item")
        verbose_name_plural = _("disclosure items")
        ordering = ["-disclosed_on", "-id"]
        # the list's order, newest first: keyset pages (unionhome.paging)
        indexes = [models.Index(fields=["disclosed_on", "id"], name="disclosure_date_id")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:disclosure_detail", args=[self.pk])


class Survey(answer_once.AnswerRound, models.Model):
    """Yearly disclosure survey (厂务公开测评): knowledge and satisfaction, answered once, anonymous
    (``unionhome.answer_once``); results are shown once it is closed."""

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    is_open = models.BooleanField(_("open for answers"), default=True)

    class Meta:
        verbose_name = _("disclosure survey")
        verbose_name_plural = _("disclosure surveys")
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:survey_detail", args=[self.pk])


class SurveyAnswer(answer_once.Answer):
    """One anonymous answer: no link to the worker (see ``SurveyParticipation``)."""

    round_field = "survey"
    payload_fields = ("knows", "satisfaction", "comment")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    knows = models.BooleanField(_("knows the disclosed matters"))
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    # The answerer's unit (not the person): branch officers see their subtree's results, and only
    # above a minimum number of answers, so that no answer can be traced to a person.
    branch = models.ForeignKey(
        Branch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )

    class Meta(answer_once.Answer.Meta):
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self):
        return self.get_satisfaction_display()


class SurveyParticipation(answer_once.Participation):
    """That a worker has answered a survey (one per worker and survey, the day only)."""

    round_field = "survey"
    person_field = "worker"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["survey", "worker"], name="survey_answer_once")]

    def __str__(self):
        return f"{self.survey} · {self.worker_id}"
