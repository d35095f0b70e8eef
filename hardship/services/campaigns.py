"""Writes of hardship-relief campaigns (送温暖活动): creating, editing, closing and reopening them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches.models import Branch
from unionhome import audit, permissions

from ..exceptions import HardshipError
from ..models import Campaign


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
    permissions.require(actor, "hardship.create_campaign", district)
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
    return audit.created(actor=actor, action="hardship.campaign.create", obj=campaign)


def _campaign_flags(*, actor, campaign: Campaign, **changes) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    permissions.require(actor, "hardship.manage_campaign", campaign)
    with audit.changing(
        actor=actor,
        obj=campaign,
        fields=["is_open", "late_reports_allowed", "deadline"],
        action="hardship.campaign.update",
    ):
        for key, value in changes.items():
            setattr(campaign, key, value)
    return campaign


CAMPAIGN_FIELDS = ("name", "line", "deadline", "notice_days", "is_open", "late_reports_allowed")


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    name: str,
    line: Decimal,
    deadline: dt.datetime,
    notice_days: int,
    version: int | None = None,
) -> Campaign:
    """Set the line, the deadline and the notice length (notices already published keep their dates)."""
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    permissions.require(actor, "hardship.manage_campaign", campaign)
    with audit.changing(
        actor=actor,
        obj=campaign,
        fields=CAMPAIGN_FIELDS,
        action="hardship.campaign.update",
        version=version,
        submitted={"name": name, "line": line, "deadline": deadline, "notice_days": notice_days},
    ):
        if line <= 0:
            raise HardshipError(_("The living guarantee line must be above zero."), code="line")
        if notice_days < 1:
            raise HardshipError(_("A public notice runs at least one day."), code="notice_days")
        campaign.name = branch_rules.normalise_text(name)
        campaign.line = line
        campaign.deadline = deadline
        campaign.notice_days = notice_days
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    return _campaign_flags(actor=actor, campaign=campaign, is_open=False, late_reports_allowed=False)


@transaction.atomic
def campaign_reopen(*, actor, campaign: Campaign) -> Campaign:
    """Reopen a campaign: applications and late reports are accepted again."""
    return _campaign_flags(actor=actor, campaign=campaign, is_open=True, late_reports_allowed=True)
