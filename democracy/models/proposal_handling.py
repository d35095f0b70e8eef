"""Tables of representatives' proposals (提案办理): submission, co-signing, handling and answers."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branches.models import Branch, Worker
from unionhome.workflow import TransitionRecord

from .congress import Session


class Proposal(models.Model):
    """提案 (representative's proposal) or 合理化建议 (any worker's rationalisation suggestion)."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        SUGGESTION = "suggestion", _("Rationalisation suggestion")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")  # 立案
        CONVERTED = "converted", _("Converted to a suggestion")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        SATISFIED = "satisfied", _("Satisfied")
        NOT_SATISFIED = "not_satisfied", _("Not satisfied")
        REOPENED = "reopened", _("Reopened")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="+", verbose_name=_("enterprise union")
    )
    branch = models.ForeignKey(
        Branch, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer's unit")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    proposer = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("proposer")
    )
    title = models.CharField(pgettext_lazy("democracy", "title"), max_length=200)
    content = models.TextField(_("content"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    conversion_reason = models.TextField(_("reason for conversion"), blank=True)
    department = models.CharField(_("responsible department"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ever_accepted = models.BooleanField(_("accepted"), default=False)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "state"], name="proposal_enterprise_state")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("democracy:proposal_detail", args=[self.pk])


class CoSigner(models.Model):
    """附议: a representative who co-signs a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="+", verbose_name=_("co-signer")
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [models.UniqueConstraint(fields=["proposal", "worker"], name="cosign_once")]

    def __str__(self):
        return f"{self.proposal} · {self.worker}"


class ProposalTransition(TransitionRecord):
    """One step of a proposal's workflow (democracy/workflows.py): who, when, from which state to which, why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("proposal transition")
        verbose_name_plural = _("proposal transitions")

    def __str__(self):
        return f"{self.proposal} {self.from_state}→{self.to_state}"
