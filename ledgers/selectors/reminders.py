"""What the ledgers show due or overdue (the dashboard's findings, docs/DOMAIN.md §9)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import rules as branch_rules
from branches import selectors as branch_selectors
from branches.models import Branch
from branches.selectors.compliance import Finding
from unionhome import scope

from .. import kinds, rules
from ..models import LedgerEntry
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


def _due_message(due: rules.Due) -> str:
    if due.code == "congress":
        return _("no members' congress of the union recorded for %(year)s") % {"year": due.year}
    if due.code == "plan":
        return _("no home-building plan recorded for %(year)s") % {"year": due.year}
    if due.code == "summary":
        return _("no year-end summary recorded for %(year)s") % {"year": due.year}
    return _("representatives elected in %(year)s not yet trained (due by %(date)s)") % {
        "year": due.year,
        "date": due.date,
    }


# What each kind of finding is, for the dashboard's groups (branches.selectors.federation).
FINDING_LABELS = {
    "ledger_inspection_missed": gettext_lazy("Quarterly safety inspection missed"),
    "ledger_danger_overdue": gettext_lazy("Hidden danger not rectified in time"),
    "ledger_congress_due": gettext_lazy("Yearly members' congress due"),
    "ledger_plan_due": gettext_lazy("Yearly home-building plan due"),
    "ledger_summary_due": gettext_lazy("Year summary due"),
    "ledger_training_after_election_due": gettext_lazy("Representatives' training after the election due"),
    "ledger_thinking_analysis_missed": gettext_lazy("Analysis of workers' thinking missed"),
    "ledger_commendation_due": gettext_lazy("Biennial commendation due"),
}


def findings(user, root: Branch | None = None, *, today: dt.date | None = None) -> list[Finding]:
    """What the ledgers show due or overdue in the visible subtree: quarterly inspections of each
    workshop, hidden dangers past their deadline, the yearly members' congress, plan and summary of
    each enterprise, the representatives' training after an election, each enterprise's analyses of
    workers' thinking missed (``THINKING_ANALYSIS_MONTHS``), and each district's biennial commendation
    within ``COMMENDATION_SOON_DAYS`` of its due date or overdue.

    A constant number of queries whatever the size of the tree: the units, the entries of the
    kinds concerned, and the congress terms.
    """
    today = today or timezone.localdate()
    t = thresholds()
    year = today.year
    units_qs = scope.limit(Branch.objects.filter(is_active=True), user, "path")
    entries_qs = scope.limit(LedgerEntry.objects.filter(kind__in=FINDING_KINDS), user)
    if root is not None:
        units_qs = units_qs.filter(path__startswith=root.path)
        entries_qs = entries_qs.filter(branch__path__startswith=root.path)
    units = list(units_qs.filter(kind__in=(Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH)).order_by("path"))
    rows = list(
        entries_qs.values_list("pk", "branch_id", "branch__path", "kind", "date", "status", "title", "data")
    )
    by_id = {u.pk: u for u in units}
    url = reverse("ledgers:index")
    above = branch_selectors.enterprise_paths([root.path] if root is not None else scope.branches_for(user))

    def _enterprise_path(path: str) -> str | None:
        return branch_rules.enterprise_prefix(path, above, Branch.steplen)

    result: list[Finding] = []

    # Quarterly inspections of the workshops of enterprises that keep a safety ledger.
    keeping = {_enterprise_path(r[2]) for r in rows if r[3] in ("safety_inspection", "inspector_network")}
    shops = [u for u in units if u.kind == Branch.Kind.BRANCH and _enterprise_path(u.path) in keeping]
    checks = [(year, rules.ended_quarters(year, today))]
    if rules.quarter_of(today) == 1:  # early in the year: last year's fourth quarter is the one just ended
        checks.insert(0, (year - 1, [4]))
    for in_year, quarters in checks:
        counts: dict[tuple[int, int], int] = defaultdict(int)
        for r in rows:
            workshop = (r[7] or {}).get("workshop") if r[3] == "safety_inspection" else None
            if workshop and r[4].year == in_year:
                counts[(int(workshop), rules.quarter_of(r[4]))] += 1
        missed = rules.missed_inspection_quarters(
            counts, [s.pk for s in shops], quarters, t["INSPECTIONS_PER_QUARTER"]
        )
        for shop_id, quarter, _n in missed:
            result.append(
                Finding(
                    by_id[shop_id],
                    "ledger_inspection_missed",
                    _("no safety inspection round in %(quarter)s %(year)s")
                    % {"quarter": QUARTERS[quarter], "year": in_year},
                    f"{url}?kind=safety_inspection&unit={shop_id}&year={in_year}",
                    "danger",
                )
            )

    # Hidden dangers past their deadline.
    branches = {
        b.pk: b for b in Branch.objects.filter(pk__in={r[1] for r in rows if r[3] == "hidden_danger"})
    }
    for pk, branch_id, _path, kind, _date, status, title, data in rows:
        deadline = rules.as_date((data or {}).get("deadline")) if kind == "hidden_danger" else None
        if status == kinds.OPEN and deadline is not None and deadline < today:
            result.append(
                Finding(
                    branches[branch_id],
                    "ledger_danger_overdue",
                    _("hidden danger “%(title)s” not rectified by %(date)s")
                    % {"title": title, "date": deadline},
                    reverse("ledgers:entry_detail", args=[pk]),
                    "danger",
                )
            )

    # Each enterprise's yearly congress, plan and summary, and the training after an election.
    enterprises = [u for u in units if u.kind == Branch.Kind.ENTERPRISE]
    terms = _terms_in_force(user, enterprises, today)
    for enterprise in enterprises:
        mine = [r for r in rows if r[2].startswith(enterprise.path)]
        result += _enterprise_dues(enterprise, mine, terms.get(enterprise.path), year, today, t, url)
        dates = [r[4] for r in mine if r[3] == "thinking_analysis"]
        for due in _thinking_owed(dates, today, t, current=False):
            result.append(
                Finding(
                    enterprise,
                    "ledger_thinking_analysis_missed",
                    _not_recorded(_thinking_label(due, t), due),
                    f"{url}?kind=thinking_analysis&unit={enterprise.pk}&year={due.year}",
                    "danger",
                )
            )
    for district in units_qs.filter(kind=Branch.Kind.DISTRICT).order_by("path"):
        years = _years_recorded([(r[2], r[3], r[7]) for r in rows], district, "commendation")
        due = rules.commendation_owed(done_years=years, today=today, thresholds=t)
        if due is not None and (due.overdue or (due.date - today).days <= COMMENDATION_SOON_DAYS):
            result.append(
                Finding(
                    district,
                    "ledger_commendation_due",
                    _not_recorded(_commendation_label(due), due),
                    f"{reverse('assessment:commendation')}?year={due.year}",
                    "danger" if due.overdue else "warning",
                )
            )
    return result


COMMENDATION_SOON_DAYS = 90  # the commendation shows among the findings this long before it is due


def _not_recorded(label: str, due: rules.Due) -> str:
    return _("%(what)s not recorded (due by %(date)s)") % {"what": label, "date": due.date}


def _enterprise_dues(
    enterprise: Branch, rows, term, year: int, today: dt.date, t: dict, url: str
) -> list[Finding]:
    def has(kind, **data) -> bool:
        return any(r[3] == kind and all((r[7] or {}).get(k) == v for k, v in data.items()) for r in rows)

    dues = rules.yearly_dues(
        year=year,
        today=today,
        has_congress=any(r[3] == "members_congress" and r[4].year == year for r in rows),
        has_plan=has("yearly_plan", year=year),
        has_summary=has("year_summary", year=year),
        thresholds=t,
    )
    if today.month <= t["PLAN_DUE_MONTH"]:
        dues += rules.yearly_dues(
            year=year - 1,
            today=today,
            has_congress=True,
            has_plan=True,
            has_summary=has("year_summary", year=year - 1),
            thresholds=t,
        )
    due = _training_owed(term, has, year, today, t)
    if due is not None:
        dues.append(due)
    return [
        Finding(
            enterprise,
            f"ledger_{d.code}_due",
            _due_message(d),
            f"{url}?unit={enterprise.pk}",
            "danger" if d.overdue else "warning",
        )
        for d in dues
    ]
