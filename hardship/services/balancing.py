"""The enterprise's report to the district federation (上报) and the district's balancing decision (汇总平衡)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import permissions

from ..exceptions import HardshipError
from ..models import Application, Campaign
from .common import State
from .workflow import transition


@transaction.atomic
def report_enterprise(*, actor, campaign: Campaign, enterprise: Branch) -> int:
    """Report every application of an enterprise whose notice ended to the district (one batch)."""
    permissions.require(actor, "hardship.report_enterprise", enterprise)
    ready = list(
        Application.objects.filter(campaign=campaign, enterprise=enterprise, state=State.NOTICE_ENDED)
    )
    if not ready:
        raise HardshipError(_("No application has finished its public notice."), code="empty")
    for application in ready:
        transition(actor=actor, application=application, action="report")
    return len(ready)


@transaction.atomic
def district_decide(*, actor, applications: list[Application], approve: bool, reason: str) -> int:
    """Approve or reject reported applications in bulk (汇总平衡); each one is a transition."""
    if not applications:
        raise HardshipError(_("Select at least one application."), code="empty")
    action = "district_approve" if approve else "district_reject"
    for application in applications:
        transition(actor=actor, application=application, action=action, comment=reason)
    return len(applications)
