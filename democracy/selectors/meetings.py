"""Scoped reads of lower-level meetings: workshop representative groups and team democratic-management
meetings, and their cadence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from branches.models import Branch
from unionhome import scope

from .. import rules
from ..models import LowerMeeting, Session
from .common import enterprises


def lower_meetings(user) -> QuerySet[LowerMeeting]:
    return scope.limit(LowerMeeting.objects.select_related("branch"), user, "branch__path")


@dataclass
class CadenceRow:
    unit: Branch
    kind: str
    months: int
    held: int
    missed: list[str]


def cadence_report(user, year: int, today: dt.date | None = None) -> tuple[list[CadenceRow], list[tuple]]:
    """Each branch (quarterly workshop meetings) and group (half-yearly team meetings) with the
    periods it missed; and each enterprise with whether its congress met in the year."""
    today = today or timezone.localdate()
    units = scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP], is_active=True), user, "path"
    ).order_by("path")
    dates: dict[tuple[int, str], list[dt.date]] = {}
    for branch_id, kind, held_on in (
        lower_meetings(user).filter(held_on__year=year).values_list("branch_id", "kind", "held_on")
    ):
        dates.setdefault((branch_id, kind), []).append(held_on)
    rows = []
    for unit in units:
        if unit.kind == Branch.Kind.BRANCH:
            kind, months = LowerMeeting.Kind.WORKSHOP, rules.QUARTERLY
        else:
            kind, months = LowerMeeting.Kind.TEAM, rules.HALF_YEARLY
        held = dates.get((unit.pk, kind), [])
        rows.append(
            CadenceRow(
                unit,
                kind,
                months,
                len(held),
                rules.missed_periods(held, year=year, months=months, today=today),
            )
        )
    congress = []
    for enterprise in enterprises(user):
        held = list(
            Session.objects.filter(term__enterprise=enterprise, held_on__year=year).values_list(
                "held_on", flat=True
            )
        )
        congress.append(
            (enterprise, bool(held), rules.missed_periods(held, year=year, months=rules.YEARLY, today=today))
        )
    return rows, congress
