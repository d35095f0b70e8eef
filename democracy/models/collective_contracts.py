"""Tables of collective contracts (集体合同): clauses, fulfilment checks, and the labour-dispute mediation
committee and its cases.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch


class Contract(models.Model):
    """集体合同 and special contracts (女职工专项集体合同, 工资集体协议)."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Collective contract")
        WOMEN = "women", _("Women workers' special contract")
        WAGE = "wage", _("Wage agreement")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    parties = models.CharField(_("parties"), max_length=250)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    registered_on = models.DateField(_("registered with the labour authority on"), null=True, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    published = models.BooleanField(_("text published to workers"), default=False)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["enterprise__path", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="contract_end_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:contract_detail", args=[self.pk])


class Clause(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["contract", "number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="clause_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.text[:40]}"


class FulfilmentCheck(models.Model):
    """Yearly fulfilment check of a contract (履约检查)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="checks")
    year = models.PositiveSmallIntegerField(_("year"))
    checked_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("fulfilment check")
        verbose_name_plural = _("fulfilment checks")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["contract", "year"], name="check_once_per_year")]

    def __str__(self):
        return f"{self.contract} {self.year}"


class ClauseResult(models.Model):
    class Result(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        PARTLY = "partly", _("Partly fulfilled")
        NOT = "not", _("Not fulfilled")

    inspection = models.ForeignKey(FulfilmentCheck, on_delete=models.CASCADE, related_name="results")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    evidence = models.TextField(pgettext_lazy("democracy", "evidence"), blank=True)

    class Meta:
        verbose_name = _("clause result")
        verbose_name_plural = _("clause results")
        constraints = [models.UniqueConstraint(fields=["inspection", "clause"], name="clause_result_once")]

    def __str__(self):
        return f"{self.clause} · {self.get_result_display()}"


class MediationCommittee(models.Model):
    """劳动争议调解委员会."""

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    chair = models.CharField(_("chair"), max_length=60)
    members = models.TextField(_("members"))
    established_on = models.DateField(_("established on"))

    class Meta:
        verbose_name = _("mediation committee")
        verbose_name_plural = _("mediation committees")

    def __str__(self):
        return _("Mediation committee of %(enterprise)s") % {"enterprise": self.enterprise}


class MediationCase(models.Model):
    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SETTLED = "settled", _("Settled by mediation")
        FAILED = "failed", _("Mediation failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    committee = models.ForeignKey(MediationCommittee, on_delete=models.CASCADE, related_name="cases")
    received_on = models.DateField(_("date"))
    parties = models.CharField(_("parties"), max_length=250)
    subject = models.CharField(_("subject"), max_length=250)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-received_on", "-id"]
        # the list's order, newest first: keyset pages (unionhome.paging)
        indexes = [models.Index(fields=["received_on", "id"], name="mediation_received_id")]

    def __str__(self):
        return self.subject
