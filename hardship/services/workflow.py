"""The review workflow of hardship applications.

One service, ``transition``, changes the state: it locks the application row, checks the one table in
``rules.TRANSITIONS``, writes a ``Transition`` row, the audit event and the worker's notification in the
same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.models import User

from .. import rules
from ..exceptions import Conflict, HardshipError
from ..models import Application, Transition
from .applications import _lock
from .common import _now, _refuse, _text, roles_for
from .hardship_files import _open_file
from .notifications import _notify


def _applicant_user(application: Application):
    return User.objects.filter(worker_id=application.worker_id, is_active=True).first()


def _check_guards(application: Application, action: str, *, today: dt.date, now: dt.datetime) -> None:
    if action in ("submit", "resubmit"):
        if not application.campaign.is_open:
            raise HardshipError(_("This campaign is closed."), code="closed")
        if application.consent_at is None:
            raise HardshipError(
                _("Please agree to the processing of your personal information before submitting."),
                code="consent",
            )
        if application.category is None:
            raise HardshipError(
                _("The data entered do not meet any category: %(reason)s")
                % {"reason": application.category_reason},
                code="category",
            )
    if action == "end_notice" and not rules.notice_over(application.notice_end, today):
        raise HardshipError(
            _("The public notice runs until %(day)s.") % {"day": application.notice_end}, code="notice"
        )
    if action == "report":
        campaign = application.campaign
        if not campaign.is_open:
            raise HardshipError(_("This campaign is closed."), code="closed")
        if not rules.report_allowed(now, campaign.deadline, campaign.late_reports_allowed):
            raise HardshipError(
                _(
                    "The deadline for reports (%(deadline)s) has passed; ask the district federation to reopen it."
                )
                % {"deadline": timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")},
                code="deadline",
            )


ACTION_LABELS = {
    "submit": _("submit"),
    "withdraw": _("withdraw"),
    "return": _("return for more materials"),
    "approve": _("approve"),
    "reject": _("reject"),
    "resubmit": _("resubmit"),
    "publish": _("publish the notice"),
    "object": _("record an objection"),
    "end_notice": _("end the notice"),
    "uphold": _("uphold the objection"),
    "dismiss": _("dismiss the objection"),
    "report": _("report to the district"),
    "district_approve": _("approve (district)"),
    "district_reject": _("reject (district)"),
    "record_relief": _("record relief"),
}


@transaction.atomic
def transition(
    *,
    actor,
    application: Application,
    action: str,
    comment: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Apply one step of the workflow (the one place where the state changes)."""
    today = today or timezone.localdate()
    now = now or _now()
    application = _lock(application)
    comment = _text(comment)
    roles = roles_for(actor, application)
    if not roles:
        raise _refuse()
    entry = rules.TRANSITIONS.get((application.state, action))
    if entry is None:
        raise Conflict(
            _(
                "The application is now “%(state)s”: “%(action)s” is no longer possible (someone may have just done it)."
            )
            % {"state": application.get_state_display(), "action": ACTION_LABELS.get(action, action)}
        )
    next_state, allowed_roles = entry
    if not roles & allowed_roles:
        raise _refuse()
    if action in rules.REASON_REQUIRED and not comment:
        raise HardshipError(_("Please give a reason; the worker will see it."), code="reason")
    _check_guards(application, action, today=today, now=now)
    before = audit.snapshot(application, ["state", "notice_start", "notice_end", "last_reason"])
    old_state = application.state
    application.state = next_state
    if action != "object":
        # the reason of the latest step (a resubmission clears the return's reason); an objection's
        # text stays with the union (it may name the colleague who raised it)
        application.last_reason = comment
    if action in ("submit", "resubmit"):
        application.submitted_at = now
    if action == "publish":
        application.notice_start, application.notice_end = rules.notice_period(
            today, application.campaign.notice_days
        )
    if action == "report":
        application.reported_at = now
    application.save()
    Transition.objects.create(
        application=application,
        actor=actor,
        at=now,
        action=action,
        from_state=old_state,
        to_state=next_state,
        comment=comment,
    )
    if action == "district_approve":
        _open_file(actor, application, today)
    audit.record(
        actor=actor,
        action=f"hardship.application.{action}",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["state", "notice_start", "notice_end", "last_reason"]),
    )
    message = _("Your application in “%(campaign)s” is now: %(state)s.") % {
        "campaign": application.campaign.name,
        "state": application.get_state_display(),
    }
    if comment and action in rules.REASON_REQUIRED and action != "object":
        message += " " + _("Reason: %(reason)s") % {"reason": comment}
    if actor is None or actor.worker_id != application.worker_id:
        _notify(_applicant_user(application), message, application=application)
    return application
