"""Union funds remitted upward (工会经费上解) and the payments against them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .tree import Branch


class FundsRemittance(models.Model):
    """工会经费上解: what a unit owes upward for a year, by when; withheld is an explicit flag."""

    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="funds_remittances", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_due = models.DecimalField(_("amount due"), max_digits=14, decimal_places=2)
    due_on = models.DateField(_("due on"))
    withheld = models.BooleanField(_("withheld"), default=False)
    withheld_reason = models.CharField(_("reason for withholding"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("union funds remittance")
        verbose_name_plural = _("union funds remittances")
        ordering = ["-year", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="remittance_one_per_unit_and_year"),
            models.CheckConstraint(condition=Q(amount_due__gte=0), name="remittance_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(withheld=False) | ~Q(withheld_reason=""), name="remittance_withheld_has_reason"
            ),
        ]

    def __str__(self):
        return _("%(unit)s, union funds %(year)s") % {"unit": self.branch.name, "year": self.year}

    def get_absolute_url(self):
        return reverse("branches:unit_funds", args=[self.branch_id])


class FundsPayment(models.Model):
    """One amount remitted upward; the district confirms its receipt."""

    remittance = models.ForeignKey(
        FundsRemittance, on_delete=models.PROTECT, related_name="payments", verbose_name=_("remittance")
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("union funds payment")
        verbose_name_plural = _("union funds payments")
        ordering = ["remittance", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        return f"{self.remittance} · {self.amount} · {self.paid_on}"
