"""Tables of letters and visits (来信来访): petitions, their answers and the flag for abnormal petitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from branches.models import Branch


class Petition(models.Model):
    """来信来访: one letter or visit; ``abnormal`` marks 非正常集体上访或越级上访 (a veto fact)."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Letter")
        VISIT = "visit", _("Visit")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    received_on = models.DateField(_("received on"))
    petitioner = models.CharField(_("petitioner"), max_length=120)
    subject = models.CharField(_("subject"), max_length=250)
    handling = models.TextField(_("handling"), blank=True)
    result = models.TextField(_("result"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    abnormal = models.BooleanField(_("abnormal collective or over-level petition"), default=False)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_reason = models.TextField(_("reason for the flag"), blank=True)

    class Meta:
        verbose_name = _("letter or visit")
        verbose_name_plural = _("letters and visits")
        ordering = ["-received_on", "-id"]
        # the list's order, newest first: keyset pages (unionhome.paging)
        indexes = [models.Index(fields=["received_on", "id"], name="petition_received_id")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("democracy:petition_detail", args=[self.pk])
