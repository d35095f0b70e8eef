"""Writes of hardship-relief campaigns (送温暖活动): creating, editing, closing and reopening them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches.models import Branch
from unionhome import audit

from ..exceptions import HardshipError
from ..models import Campaign
from .common import _refuse, may_create_campaign


@transaction.atomic
def campaign_create(
    *,
    actor,
    district: Branch,
    name: str,
    year: int,
    line: Decimal,
    deadline: dt.datetime,
    notice_days: int = 5,
) -> Campaign:
    if not may_create_campaign(actor, district):
        raise _refuse()
    if line <= 0:
        raise HardshipError(_("The living guarantee line must be above zero."), code="line")
    if notice_days < 1:
        raise HardshipError(_("A public notice runs at least one day."), code="notice_days")
    campaign = Campaign.objects.create(
        name=branch_rules.normalise_text(name),
        year=year,
        branch=district,
        line=line,
        deadline=deadline,
        notice_days=notice_days,
        created_by=actor,
    )
    audit.record(actor=actor, action="hardship.campaign.create", obj=campaign, after=audit.snapshot(campaign))
    return campaign


def _campaign_flags(*, actor, campaign: Campaign, **changes) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    if not may_create_campaign(actor, campaign.branch):
        raise _refuse()
    before = audit.snapshot(campaign, ["is_open", "late_reports_allowed", "deadline"])
    for key, value in changes.items():
        setattr(campaign, key, value)
    campaign.save(update_fields=[*changes])
    audit.record(
        actor=actor,
        action="hardship.campaign.update",
        obj=campaign,
        before=before,
        after=audit.snapshot(campaign, ["is_open", "late_reports_allowed", "deadline"]),
    )
    return campaign


CAMPAIGN_FIELDS = ("name", "line", "deadline", "notice_days", "is_open", "late_reports_allowed")


@transaction.atomic
def campaign_update(
    *, actor, campaign: Campaign, name: str, line: Decimal, deadline: dt.datetime, notice_days: int
) -> Campaign:
    """Set the line, the deadline and the notice length (notices already published keep their dates)."""
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    if not may_create_campaign(actor, campaign.branch):
        raise _refuse()
    if line <= 0:
        raise HardshipError(_("The living guarantee line must be above zero."), code="line")
    if notice_days < 1:
        raise HardshipError(_("A public notice runs at least one day."), code="notice_days")
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.name = branch_rules.normalise_text(name)
    campaign.line = line
    campaign.deadline = deadline
    campaign.notice_days = notice_days
    campaign.save()
    audit.record(
        actor=actor,
        action="hardship.campaign.update",
        obj=campaign,
        before=before,
        after=audit.snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    return _campaign_flags(actor=actor, campaign=campaign, is_open=False, late_reports_allowed=False)


@transaction.atomic
def campaign_reopen(*, actor, campaign: Campaign) -> Campaign:
    """Reopen a campaign: applications and late reports are accepted again."""
    return _campaign_flags(actor=actor, campaign=campaign, is_open=True, late_reports_allowed=True)
