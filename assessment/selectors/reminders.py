"""What the assessment reminds of: self-checks and evaluations not submitted, reviews overdue, and whom to tell."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from branches.models import Appointment, Branch

from .. import rules
from ..models import Assessment


def pending_self_checks(today: dt.date) -> list[Branch]:
    """Active branches and groups without a quarterly self-check submitted for this quarter."""
    number = rules.quarter_of(today)
    submitted = Assessment.objects.filter(
        branch=OuterRef("pk"), period_kind="quarterly", year=today.year, number=number
    ).exclude(state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED])
    return list(
        Branch.objects.filter(is_active=True, kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP])
        .exclude(Exists(submitted))
        .order_by("path")
    )


def pending_evaluations(today: dt.date) -> list[tuple[Branch, rules.Due]]:
    """Active enterprise unions without the half-year or yearly evaluation due now submitted (篇一)."""
    result = []
    enterprises = list(Branch.objects.filter(is_active=True, kind=Branch.Kind.ENTERPRISE).order_by("path"))
    for due in rules.evaluations_due(today):
        submitted = set(
            Assessment.objects.filter(
                branch__in=enterprises, period_kind=due.kind, year=due.year, number=due.number
            )
            .exclude(state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED])
            .values_list("branch_id", flat=True)
        )
        result += [(e, due) for e in enterprises if e.pk not in submitted]
    return result


def overdue_reviews(today: dt.date) -> list[tuple[Assessment, dt.date]]:
    """Self-scored assessments waiting for review longer than ``rules.REVIEW_DUE_DAYS``."""
    result = []
    qs = (
        Assessment.objects.filter(state=Assessment.State.SELF_SCORED)
        .select_related("branch")
        .prefetch_related("transitions")
    )
    for a in qs:
        submitted = [t.at.date() for t in a.transitions.all() if t.to_state == Assessment.State.SELF_SCORED]
        if submitted and rules.review_overdue(max(submitted), today):
            result.append((a, max(submitted)))
    return result


def officers_for(branch: Branch, roles_: list[str]) -> list:
    """Users holding one of ``roles_`` at the unit or above it, in force today."""
    from django.utils import timezone

    today = timezone.localdate()
    return list(
        {
            a.user
            for a in Appointment.objects.filter(
                branch__path__in=branch.ancestor_paths(), role__in=roles_, start__lte=today
            )
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("user")
        }
    )
