"""The review workflow of hardship applications (篇四 程序; docs/DOMAIN.md §3.6), declared once for
``unionhome.workflow``.

``services.transition`` (and the objection, report and relief services) apply it; the office's
and the portal's buttons come from ``workflow.available_actions``; ``docs/workflows.md`` is drawn
from it. Who may take each step is a named permission of ``hardship/permissions.py``; the checks
that are not about who acts are the guards below, and what a step writes besides the state is in
its effects and ``after`` hooks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import audit, workflow
from unionhome.models import User
from unionhome.workflow import ANY, Step, Workflow

from . import notify, rules
from .exceptions import HardshipError
from .models import Application, HardshipFile, Notification, Transition

State = Application.State

EDIT = "hardship.edit_application"  # the applicant, or the clerk of a paper application
WITHDRAW = "hardship.withdraw_submitted"  # the applicant
REVIEW = "hardship.review_application"  # the union officers of the applicant's enterprise
DECIDE = "hardship.decide_reported"  # the district's reviewers

# What an application's audit events snapshot before and after each step. The reason is in
# ``last_reason`` where the worker may read it; an objection's text never reaches the audit.
AUDIT_FIELDS = ("state", "notice_start", "notice_end", "last_reason")


def _today(move) -> dt.date:
    return move.extra.get("today") or timezone.localdate()


# --- guards: checks of the application and the step's input, not of who acts ---------------------


def _campaign_open(move) -> None:
    if not move.obj.campaign.is_open:
        raise HardshipError(_("This campaign is closed."), code="closed")


def _consent_given(move) -> None:
    if move.obj.consent_at is None:
        raise HardshipError(
            _("Please agree to the processing of your personal information before submitting."),
            code="consent",
        )


def _category_met(move) -> None:
    if move.obj.category is None:
        raise HardshipError(
            _("The data entered do not meet any category: %(reason)s") % {"reason": move.obj.category_reason},
            code="category",
        )


def _notice_over(move) -> None:
    if not rules.notice_over(move.obj.notice_end, _today(move)):
        raise HardshipError(
            _("The public notice runs until %(day)s.") % {"day": move.obj.notice_end}, code="notice"
        )


def _before_deadline(move) -> None:
    campaign = move.obj.campaign
    if not rules.report_allowed(move.at, campaign.deadline, campaign.late_reports_allowed):
        raise HardshipError(
            _("The deadline for reports (%(deadline)s) has passed; ask the federation above to reopen it.")
            % {"deadline": timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")},
            code="deadline",
        )


def _objection_in_time(move) -> None:
    """An objection received during the notice, recorded before the report (a late one is not)."""
    application = move.obj
    received_on = move.extra.get("received_on") or _today(move)
    if not rules.objection_in_time(
        received_on, application.notice_start, application.notice_end, timezone.localdate()
    ):
        raise HardshipError(
            _("Only an objection received during the public notice (%(start)s – %(end)s) can be recorded.")
            % {"start": application.notice_start, "end": application.notice_end},
            code="objection_date",
        )


# --- effects: the application's other fields for the step -------------------------------------------


def _remember_reason(move) -> None:
    """The reason of the latest step (a resubmission clears the return's reason)."""
    move.obj.last_reason = move.reason


def _stamp_submitted(move) -> None:
    move.obj.submitted_at = move.at


def _open_notice(move) -> None:
    move.obj.notice_start, move.obj.notice_end = rules.notice_period(
        _today(move), move.obj.campaign.notice_days
    )


def _stamp_reported(move) -> None:
    move.obj.reported_at = move.at


# --- after the step -------------------------------------------------------------------------------------


def _open_file(move) -> None:
    """The worker's open hardship file, created at the district's approval if there is none yet."""
    application = move.obj
    if HardshipFile.objects.filter(worker=application.worker, status=HardshipFile.Status.OPEN).exists():
        return
    today = _today(move)
    causes = ", ".join(
        str(Application.Cause(c).label) for c in [application.primary_cause, *application.other_causes]
    )
    file = HardshipFile.objects.create(
        worker=application.worker,
        branch=application.branch,
        enterprise=application.enterprise,
        situation=application.description,
        causes=causes[:255],
        opened_on=today,
        next_review_on=today + dt.timedelta(days=90),
    )
    audit.record(actor=move.actor, action="hardship.file.open", obj=file, after=audit.snapshot(file))


def _notify_applicant(move) -> None:
    """The applicant's portal notification (and e-mail) of a step someone else took."""
    application = move.obj
    if getattr(move.actor, "worker_id", None) == application.worker_id:
        return  # the worker's own step
    user = User.objects.filter(worker_id=application.worker_id, is_active=True).first()
    if user is None:
        return
    message = _("Your application in “%(campaign)s” is now: %(state)s.") % {
        "campaign": application.campaign.name,
        "state": application.get_state_display(),
    }
    if move.reason and move.action in rules.REASON_REQUIRED and move.action != "object":
        # an objection's text stays with the union (it may name the colleague who raised it)
        message += " " + _("Reason: %(reason)s") % {"reason": move.reason}
    note = Notification.objects.create(user=user, application=application, message=message)
    if user.email:
        notify.queue_notification_email(note.pk)


ACTION_LABELS = {
    "submit": gettext_lazy("submit"),
    "withdraw": gettext_lazy("withdraw"),
    "return": gettext_lazy("return for more materials"),
    "approve": gettext_lazy("approve"),
    "reject": gettext_lazy("reject"),
    "resubmit": gettext_lazy("resubmit"),
    "publish": gettext_lazy("publish the notice"),
    "object": gettext_lazy("record an objection"),
    "end_notice": gettext_lazy("end the notice"),
    "uphold": gettext_lazy("uphold the objection"),
    "dismiss": gettext_lazy("dismiss the objection"),
    "report": gettext_lazy("report to the federation above"),
    "district_approve": gettext_lazy("approve (federation above)"),
    "district_reject": gettext_lazy("reject (federation above)"),
    "record_relief": gettext_lazy("record relief"),
}

APPLICATION = workflow.register(
    Workflow(
        name="hardship.application",
        label=gettext_lazy("Hardship application"),
        model=Application,
        record_model=Transition,
        initial=State.DRAFT,
        steps={
            (State.DRAFT, "submit"): Step(State.SUBMITTED, permission=EDIT),
            (State.DRAFT, "withdraw"): Step(State.WITHDRAWN, permission=EDIT),
            (State.SUBMITTED, "return"): Step(State.RETURNED, permission=REVIEW),
            (State.SUBMITTED, "approve"): Step(State.APPROVED, permission=REVIEW),
            (State.SUBMITTED, "reject"): Step(State.REJECTED, permission=REVIEW),
            (State.SUBMITTED, "withdraw"): Step(State.WITHDRAWN, permission=WITHDRAW),
            (State.RETURNED, "resubmit"): Step(State.SUBMITTED, permission=EDIT),
            (State.RETURNED, "withdraw"): Step(State.WITHDRAWN, permission=EDIT),
            (State.APPROVED, "publish"): Step(State.ON_NOTICE, permission=REVIEW),
            (State.ON_NOTICE, "object"): Step(State.OBJECTED, permission=REVIEW),
            (State.ON_NOTICE, "end_notice"): Step(State.NOTICE_ENDED, permission=REVIEW, system=True),
            # an objection received on the notice's last days may be recorded after it ended
            (State.NOTICE_ENDED, "object"): Step(State.OBJECTED, permission=REVIEW),
            (State.OBJECTED, "uphold"): Step(State.REJECTED, permission=REVIEW),
            (State.OBJECTED, "dismiss"): Step(State.ON_NOTICE, permission=REVIEW),
            (State.NOTICE_ENDED, "report"): Step(State.REPORTED, permission=REVIEW),
            (State.REPORTED, "district_approve"): Step(State.DISTRICT_APPROVED, permission=DECIDE),
            (State.REPORTED, "district_reject"): Step(State.DISTRICT_REJECTED, permission=DECIDE),
            (State.DISTRICT_APPROVED, "record_relief"): Step(State.RELIEF_DELIVERED, permission=DECIDE),
        },
        actions=ACTION_LABELS,
        lock_related=("campaign", "worker", "branch", "enterprise"),
        reason_required=rules.REASON_REQUIRED,
        guards={
            "submit": (_campaign_open, _consent_given, _category_met),
            "resubmit": (_campaign_open, _consent_given, _category_met),
            "object": (_objection_in_time,),
            "end_notice": (_notice_over,),
            "report": (_campaign_open, _before_deadline),
        },
        effects={
            **{action: (_remember_reason,) for action in ACTION_LABELS if action != "object"},
            "submit": (_remember_reason, _stamp_submitted),
            "resubmit": (_remember_reason, _stamp_submitted),
            "publish": (_remember_reason, _open_notice),
            "report": (_remember_reason, _stamp_reported),
        },
        after={"district_approve": (_open_file,), ANY: (_notify_applicant,)},
        audit_action="hardship.application",
        audit_fields=AUDIT_FIELDS,
        audit_reason=False,
    )
)
