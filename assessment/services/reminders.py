"""Reminders of self-checks and reviews that are due."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, outbox, scope

from .. import rules, selectors
from ..models import Reminder


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind branch officers of this quarter's self-check, reviewers of overdue reviews, and enterprise
    union officers of the half-year initial and yearly overall evaluation (篇一 考评).

    Idempotent: each reminder (unit, kind, period) is sent once.
    """
    from django.conf import settings

    today = today or timezone.localdate()
    sent = {"self_check_due": 0, "review_overdue": 0, "half_year_due": 0, "annual_due": 0}
    mails = []
    quarter_key = f"{today.year}Q{rules.quarter_of(today)}"
    for branch in selectors.pending_self_checks(today):
        _rem, created = Reminder.objects.get_or_create(
            branch=branch, kind=Reminder.Kind.SELF_CHECK_DUE, period_key=quarter_key
        )
        if not created:
            continue
        users = selectors.officers_for(branch, [scope.Role.BRANCH_OFFICER])
        _rem.recipients = len(users)
        _rem.save(update_fields=["recipients"])
        audit.record(actor=None, action="assessment.reminder", obj=_rem, branch_path=branch.path)
        sent["self_check_due"] += 1
        subject = _("Self-check due: %(unit)s, %(period)s") % {"unit": branch.name, "period": quarter_key}
        body = _("The quarterly self-check of %(unit)s for %(period)s has not been submitted yet.") % {
            "unit": branch.name, "period": quarter_key}  # fmt: skip
        mails += [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    for assessment, submitted in selectors.overdue_reviews(today):
        key = f"A{assessment.pk}"
        _rem, created = Reminder.objects.get_or_create(
            branch=assessment.branch, kind=Reminder.Kind.REVIEW_OVERDUE, period_key=key
        )
        if not created:
            continue
        role = {"enterprise": scope.Role.DISTRICT_REVIEWER}.get(
            assessment.branch.kind, scope.Role.UNION_OFFICER
        )
        users = selectors.officers_for(assessment.branch, [role])
        _rem.recipients = len(users)
        _rem.save(update_fields=["recipients"])
        audit.record(actor=None, action="assessment.reminder", obj=_rem, branch_path=assessment.branch.path)
        sent["review_overdue"] += 1
        subject = _("Review overdue: %(assessment)s") % {"assessment": assessment}
        body = _("Submitted on %(date)s and not yet reviewed.") % {"date": submitted}
        mails += [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    for branch, due in selectors.pending_evaluations(today):
        kind = Reminder.Kind.HALF_YEAR_DUE if due.kind == "half_year" else Reminder.Kind.ANNUAL_DUE
        key = f"{due.year}H{due.number}" if due.kind == "half_year" else str(due.year)
        _rem, created = Reminder.objects.get_or_create(branch=branch, kind=kind, period_key=key)
        if not created:
            continue
        users = selectors.officers_for(branch, [scope.Role.UNION_OFFICER])
        _rem.recipients = len(users)
        _rem.save(update_fields=["recipients"])
        audit.record(actor=None, action="assessment.reminder", obj=_rem, branch_path=branch.path)
        sent[kind] += 1
        subject = _("%(evaluation)s due: %(unit)s, %(period)s") % {
            "evaluation": kind.label, "unit": branch.name, "period": key}  # fmt: skip
        body = _("The evaluation of %(unit)s for %(start)s – %(end)s is due by %(end)s and not yet submitted.") % {
            "unit": branch.name, "start": due.start, "end": due.end}  # fmt: skip
        mails += [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    for subject, body, from_email, to in mails:  # sent after the commit, retried (unionhome.outbox)
        outbox.enqueue_email(to=to, subject=subject, body=body, from_email=from_email)
    return sent
