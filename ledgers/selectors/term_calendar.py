"""The ledger duties with their due dates, for the term calendar."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches import selectors as branch_selectors
from branches.models import Branch
from unionhome import scope

from .. import rules
from ..models import CalendarDueRecord, LedgerEntry
from .common import (
    FINDING_KINDS,
    QUARTERS,
    _commendation_label,
    _terms_in_force,
    _thinking_label,
    _thinking_owed,
    _training_owed,
    _years_recorded,
    thresholds,
)


@dataclass(frozen=True)
class CalendarDue:
    """A ledger duty with the day it falls due, for the term calendar."""

    unit: Branch
    code: str  # "inspection", "congress", "plan", "summary", "training_after_election",
    # "thinking_analysis", "commendation"
    label: str
    due_on: dt.date
    overdue: bool
    url: str
    year: int = 0  # the year the duty is of (its label's parameters, kept by the table)
    period: int = 0  # the quarter or half-year of an inspection round or an analysis; 0: none


def label(code: str, year: int, period: int, due_on: dt.date, t: dict | None = None) -> str:
    """The duty's label in the active language, from what the table keeps of it."""
    t = t or thresholds()
    if code == "thinking_analysis":
        return _thinking_label(rules.Due(code, False, year, period, due_on), t)
    if code == "commendation":
        return _commendation_label(rules.Due(code, False, year, date=due_on))
    return _calendar_label(code, year, period)


def _calendar_label(code: str, year: int, quarter: int = 0) -> str:
    if code == "inspection":
        return _("safety inspection round of %(quarter)s %(year)s") % {
            "quarter": QUARTERS[quarter],
            "year": year,
        }
    if code == "congress":
        return _("members' congress of the union for %(year)s") % {"year": year}
    if code == "plan":
        return _("home-building plan for %(year)s") % {"year": year}
    if code == "summary":
        return _("year-end summary for %(year)s") % {"year": year}
    return _("full training of the representatives elected in %(year)s") % {"year": year}


def calendar(user, *, today: dt.date | None = None) -> list[CalendarDue]:
    """What the ledgers owe in the user's scope, by due date: each workshop's inspection round of
    the current quarter (and of ended quarters missed this year), each enterprise's members'
    congress, plan and summary of the year not yet recorded (last year's summary too, until the
    plan of the year is due), the representatives' training after an election, each enterprise's
    analysis of workers' thinking of the current period (and those missed), and each district's
    biennial commendation of the latest commendation year not recorded."""
    today = today or timezone.localdate()
    t = thresholds()
    year = today.year
    units = list(
        scope.limit(Branch.objects.filter(is_active=True), user, "path")
        .filter(kind__in=(Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH))
        .order_by("path")
    )
    rows = list(
        scope.limit(LedgerEntry.objects.filter(kind__in=FINDING_KINDS), user).values_list(
            "branch__path", "kind", "date", "data"
        )
    )
    url = reverse("ledgers:index")
    result: list[CalendarDue] = []
    above = branch_selectors.enterprise_paths(scope.branches_for(user))

    def _enterprise_path(path: str) -> str | None:
        return branch_rules.enterprise_prefix(path, above, Branch.steplen)

    keeping = {_enterprise_path(r[0]) for r in rows if r[1] in ("safety_inspection", "inspector_network")}
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for _path, kind, date, data in rows:
        workshop = (data or {}).get("workshop") if kind == "safety_inspection" else None
        if workshop and date.year == year:
            counts[(int(workshop), rules.quarter_of(date))] += 1
    quarters = [*rules.ended_quarters(year, today), rules.quarter_of(today)]
    for shop in (u for u in units if u.kind == Branch.Kind.BRANCH and _enterprise_path(u.path) in keeping):
        for _w, quarter, _n in rules.missed_inspection_quarters(
            counts, [shop.pk], quarters, t["INSPECTIONS_PER_QUARTER"]
        ):
            due_on = rules.quarter_bounds(year, quarter)[1]
            result.append(
                CalendarDue(
                    shop,
                    "inspection",
                    _calendar_label("inspection", year, quarter),
                    due_on,
                    due_on < today,
                    f"{url}?kind=safety_inspection&unit={shop.pk}&year={year}",
                    year,
                    quarter,
                )
            )

    enterprises = [u for u in units if u.kind == Branch.Kind.ENTERPRISE]
    terms = _terms_in_force(user, enterprises, today)
    by_enterprise: dict[str | None, list] = defaultdict(list)  # one pass over the entries, not one per unit
    for r in rows:
        by_enterprise[_enterprise_path(r[0])].append(r)
    for enterprise in enterprises:
        mine = by_enterprise.get(enterprise.path, [])

        def has(kind, mine=mine, **data) -> bool:
            return any(r[1] == kind and all((r[3] or {}).get(k) == v for k, v in data.items()) for r in mine)

        done = {
            "congress": any(r[1] == "members_congress" and r[2].year == year for r in mine),
            "plan": has("yearly_plan", year=year),
            "summary": has("year_summary", year=year),
        }
        owed = [(year, code, day) for code, day in rules.yearly_due_dates(year, t).items() if not done[code]]
        if today.month <= t["PLAN_DUE_MONTH"] and not has("year_summary", year=year - 1):
            owed.append((year - 1, "summary", rules.yearly_due_dates(year - 1, t)["summary"]))
        term = terms.get(enterprise.path)
        due = _training_owed(term, has, year, today, t)
        if due is not None:
            owed.append((term.elected_on.year, due.code, due.date))
        result += [
            CalendarDue(
                enterprise,
                code,
                _calendar_label(code, in_year),
                day,
                day < today,
                f"{url}?unit={enterprise.pk}",
                in_year,
            )
            for in_year, code, day in owed
        ]
        dates = [r[2] for r in mine if r[1] == "thinking_analysis"]
        for due in _thinking_owed(dates, today, t, current=True):
            result.append(
                CalendarDue(
                    enterprise,
                    "thinking_analysis",
                    _thinking_label(due, t),
                    due.date,
                    due.overdue,
                    f"{url}?kind=thinking_analysis&unit={enterprise.pk}&year={due.year}",
                    due.year,
                    due.quarter,
                )
            )
    districts = scope.limit(Branch.objects.filter(is_active=True, kind=Branch.Kind.DISTRICT), user, "path")
    for district in districts.order_by("path"):
        years = _years_recorded([(r[0], r[1], r[3]) for r in rows], district, "commendation")
        due = rules.commendation_owed(done_years=years, today=today, thresholds=t)
        if due is not None:
            result.append(
                CalendarDue(
                    district,
                    "commendation",
                    _commendation_label(due),
                    due.date,
                    due.overdue,
                    f"{reverse('assessment:commendation')}?year={due.year}",
                    due.year,
                )
            )
    return sorted(result, key=lambda d: (d.due_on, d.unit.path, d.code))


# --- the duties of a large scope, from the table the findings refresh keeps ------------------------
# (docs/SCALING.md, "The term calendar's ledger duties": ``ledgers.calendar_table`` writes it)


@dataclass(frozen=True)
class CalendarPart:
    """The earliest duties of one part of the calendar (overdue, coming due) and how many it holds."""

    first: list[CalendarDue]
    total: int


def table_dues(user):
    """The table's duties in the user's scope: by the copied path (an index range) and by the
    unit's current path and state (a unit moved or closed since the computation is left out)."""
    return branch_selectors.in_copied_scope(
        CalendarDueRecord.objects.filter(branch__is_active=True), scope.branches_for(user)
    )


def table_calendar(user, *, today: dt.date, shown: int) -> tuple[CalendarPart, CalendarPart]:
    """The overdue and the coming duties of the user's scope as the table holds them, the earliest
    ``shown`` of each (one bounded query each, in the live calendar's order) and the count of each
    (one query). Overdue is decided against ``today``, not against the day of the computation."""
    scoped = table_dues(user)
    t = thresholds()

    def first(qs) -> list[CalendarDue]:
        rows = qs.select_related("branch").order_by("due_on", "path", "code", "pk")[:shown]
        return [
            CalendarDue(
                r.branch,
                r.code,
                label(r.code, r.year, r.period, r.due_on, t),
                r.due_on,
                r.due_on < today,
                r.url,
                r.year,
                r.period,
            )
            for r in rows
        ]

    counts = scoped.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), coming=Count("pk", filter=Q(due_on__gte=today))
    )
    return (
        CalendarPart(first(scoped.filter(due_on__lt=today)), counts["overdue"]),
        CalendarPart(first(scoped.filter(due_on__gte=today)), counts["coming"]),
    )
