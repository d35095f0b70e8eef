"""Ledger panels other apps' pages render without importing the ledgers: the unit page's
indicators and timeline, and the dashboard's findings (``{% load ledgers %}``)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from branches.selectors import federation
from unionhome import scope

from .. import selectors

register = template.Library()


@register.inclusion_tag("ledgers/_unit_panel.html", takes_context=True)
def ledger_unit_panel(context, branch):
    """The ledger indicators of a unit's subtree, with their targets, and its latest entries."""
    user = context["request"].user
    if branch is None or not scope.is_staff_member(user):
        return {"show": False}
    year = timezone.localdate().year
    panel = selectors.panel(branch, year, user=user)
    return {
        "show": True,
        "branch": branch,
        "year": year,
        "indicators": panel.indicators,
        "state": _state(panel.run),
        "timeline": selectors.timeline(user, branch),
    }


def _state(run) -> dict | None:
    """When the tallies shown were computed (the start of the refresh), and whether a computation
    is under way or failed, as the findings say it; None for figures computed on the request."""
    if run is None:
        return None
    return {
        "findings_run": run,
        "findings_pending": federation.findings_pending(),
        "findings_failed": federation.findings_failure(run),
    }


@register.inclusion_tag("ledgers/_dashboard_indicators.html", takes_context=True)
def ledger_dashboard_indicators(context):
    """The ledger indicators of the user's units, with their targets, on the office dashboard."""
    user = context["request"].user
    if not scope.is_staff_member(user):
        return {"panels": []}
    year = timezone.localdate().year
    panels = selectors.dashboard_panels(user, year)
    run = next((p.run for p in panels if p.run is not None), None)
    return {"year": year, "panels": panels, "state": _state(run)}


# Duties listed in each part of the term calendar's ledger section (overdue, coming due): the
# earliest first; the rest are counted, and the dashboard's findings list every one of them.
CALENDAR_SHOWN = 100


@register.inclusion_tag("ledgers/_calendar.html", takes_context=True)
def ledger_calendar(context):
    """The ledger duties with their due dates, in the term calendar: computed on the request for a
    scope of at most ``FINDINGS_LIVE_MAX_UNITS`` open units (or while no refresh has finished),
    read from the table the refresh keeps for a larger one (docs/SCALING.md)."""
    user = context["request"].user
    if not scope.is_staff_member(user):
        return _calendar_parts([], 0, [], 0)
    run = federation.findings_run() if federation.scope_is_large(user) else None
    if run is not None:
        overdue, coming = selectors.table_calendar(user, today=timezone.localdate(), shown=CALENDAR_SHOWN)
        return {**_calendar_parts(overdue.first, overdue.total, coming.first, coming.total), "run": run}
    dues = selectors.calendar(user)
    overdue = [d for d in dues if d.overdue]
    upcoming = [d for d in dues if not d.overdue]
    return _calendar_parts(overdue[:CALENDAR_SHOWN], len(overdue), upcoming[:CALENDAR_SHOWN], len(upcoming))


def _calendar_parts(overdue: list, overdue_total: int, upcoming: list, upcoming_total: int) -> dict:
    """The section's context: the earliest duties of each part (the coming ones by month) and how
    many more each part holds."""
    months: dict[str, list] = {}
    for due in upcoming:  # the soonest; a federation's scope owes thousands
        months.setdefault(due.due_on.strftime("%Y-%m"), []).append(due)
    return {
        "overdue": overdue,
        "overdue_more": max(0, overdue_total - len(overdue)),
        "months": sorted(months.items()),
        "upcoming_more": max(0, upcoming_total - len(upcoming)),
        "run": None,
    }
