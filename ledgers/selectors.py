"""Scoped reads of the work ledgers, their indicators and reminders, and the facts they give the
model-home assessment (docs/DOMAIN.md §9).

Lists and details go through ``unionhome.scope`` (outside scope: 404). Indicators are computed for
a unit's subtree, with ``None`` ("no data") where nothing is there to count, never a silent zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import counters
from branches import rules as branch_rules
from branches import selectors as branch_selectors
from branches.facts import Fact
from branches.models import Branch, Worker
from branches.selectors.compliance import Finding
from democracy import selectors as democracy_selectors
from unionhome import scope

from . import kinds, rules
from .models import LedgerAttachment, LedgerEntry, LedgerParticipant


def thresholds() -> dict:
    """The ledger thresholds: ``rules.DEFAULTS`` overridden by ``settings.UNIONHOME_LEDGERS``."""
    return {**rules.DEFAULTS, **getattr(settings, "UNIONHOME_LEDGERS", {})}


# --- entries -------------------------------------------------------------------------------------


def entries(user) -> QuerySet[LedgerEntry]:
    return scope.limit(LedgerEntry.objects.select_related("branch", "created_by"), user)


def entry(user, pk) -> LedgerEntry:
    return scope.get_or_404(LedgerEntry.objects.select_related("branch"), user, pk=pk)


def attachment(user, entry_pk, pk) -> LedgerAttachment:
    found = entry(user, entry_pk)
    try:
        return found.attachments.get(pk=pk)
    except LedgerAttachment.DoesNotExist as exc:
        raise Http404 from exc


def units(user) -> QuerySet[Branch]:
    """Active units in the user's scope (the filter and the unit to record an entry at)."""
    return scope.limit(Branch.objects.filter(is_active=True), user, "path").order_by("path")


def filtered(
    user, *, kind: str = "", unit: Branch | None = None, year: int | None = None, quarter: int | None = None
):
    qs = entries(user)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(branch__path__startswith=unit.path)
    if year:
        start, end = rules.period_bounds(year, quarter)
        qs = qs.filter(date__range=(start, end))
    return qs


def timeline(user, branch: Branch, *, limit: int = 15) -> list[LedgerEntry]:
    return list(entries(user).filter(branch__path__startswith=branch.path)[:limit])


def workers_for(branch: Branch) -> QuerySet[Worker]:
    """Workers an entry at ``branch`` may name: the roster of its enterprise (or its own subtree)."""
    root = scope.enterprise_of(branch) or branch
    return Worker.objects.filter(branch__path__startswith=root.path, status=Worker.Status.ACTIVE).order_by(
        "name"
    )


def reference_choices(user, branch: Branch, field: rules.Field) -> list[tuple[int, str]]:
    """The options of a reference field of an entry at ``branch``."""
    root = scope.enterprise_of(branch) or branch
    if field.type == rules.UNIT:
        qs = Branch.objects.filter(path__startswith=branch.path, is_active=True).order_by("path")
        return [(b.pk, b.name) for b in qs]
    if field.type == rules.WORKER:
        return [(w.pk, f"{w.name} · {w.branch.name}") for w in workers_for(branch).select_related("branch")]
    if field.type == rules.TERM:
        qs = democracy_selectors.terms(user).filter(enterprise__path=root.path).order_by("-number")
        return [(t.pk, str(t)) for t in qs]
    qs = democracy_selectors.sessions(user).filter(term__enterprise__path=root.path).order_by("-held_on")
    return [(s.pk, str(s)) for s in qs]


def reference_label(user, field: rules.Field, value) -> str:
    """How a stored reference reads on a page or in an export."""
    if value in (None, ""):
        return ""
    if field.type == rules.UNIT:
        found = Branch.objects.filter(pk=value).values_list("name", flat=True).first()
    elif field.type == rules.WORKER:
        found = Worker.objects.filter(pk=value).values_list("name", flat=True).first()
    elif field.type == rules.TERM:
        found = democracy_selectors.terms(user).filter(pk=value).first()
    else:
        found = democracy_selectors.sessions(user).filter(pk=value).first()
    return str(found) if found is not None else str(value)


def display_value(user, field: rules.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.type in rules.REFERENCE_TYPES:
        return reference_label(user, field, value)
    if field.type == rules.BOOL:
        return _("yes") if value else _("no")
    if field.type == rules.CHOICE:
        return str(dict(field.choices).get(value, value))
    return str(value)


def details(user, entry: LedgerEntry) -> list[tuple[object, str]]:
    """(label, shown value) of each of the entry's typed fields."""
    spec = entry.kind_spec
    if spec is None:
        return []
    return [(f.label, display_value(user, f, entry.data.get(f.name))) for f in spec.fields]


# --- indicators ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    value: Decimal | None  # None: no data
    target: Decimal
    unit: str  # "share" (a percentage), "hours", "count" or "flag" (1 yes, 0 no)
    detail: str = ""

    @property
    def ok(self) -> bool | None:
        return rules.meets(self.value, self.target)


def _in_subtree(qs, branch: Branch, path: str = "branch__path"):
    return qs.filter(**{f"{path}__startswith": branch.path})


def _year_entries(branch: Branch, kind: str, year: int) -> QuerySet[LedgerEntry]:
    return _in_subtree(LedgerEntry.objects.filter(kind=kind, date__year=year), branch)


def _workshops(branch: Branch) -> list[Branch]:
    """Workshops (branch unions, docs/DOMAIN.md §1.1) of the subtree that keep a safety ledger: their
    enterprise recorded a safety inspection or its inspectors."""
    keeping = set(
        _in_subtree(
            LedgerEntry.objects.filter(kind__in=("safety_inspection", "inspector_network")), branch
        ).values_list("branch__path", flat=True)
    )
    above = branch_selectors.enterprise_paths([branch.path])
    enterprises = [branch_rules.enterprise_prefix(p, above, Branch.steplen) or p for p in keeping]
    shops = _in_subtree(Branch.objects.filter(kind=Branch.Kind.BRANCH, is_active=True), branch, "path")
    return [b for b in shops.order_by("path") if any(b.path.startswith(e) for e in enterprises)]


def _inspection_counts(branch: Branch, year: int) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for date, data in _year_entries(branch, "safety_inspection", year).values_list("date", "data"):
        workshop = (data or {}).get("workshop")
        if workshop:
            counts[(int(workshop), rules.quarter_of(date))] += 1
    return counts


def missed_inspections(
    branch: Branch, year: int, today: dt.date, quarters: list[int] | None = None
) -> list[tuple[Branch, int, int]]:
    """(workshop, quarter, rounds) for each ended quarter (or each of ``quarters``) of ``year`` in
    which a workshop had too few inspection rounds."""
    shops = _workshops(branch)
    by_id = {b.pk: b for b in shops}
    missed = rules.missed_inspection_quarters(
        _inspection_counts(branch, year),
        list(by_id),
        rules.ended_quarters(year, today) if quarters is None else quarters,
        thresholds()["INSPECTIONS_PER_QUARTER"],
    )
    return [(by_id[w], q, n) for w, q, n in missed]


def _inspections(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    shops = [b.pk for b in _workshops(branch)]
    quarters = rules.ended_quarters(year, today)
    value = rules.inspections_share(
        _inspection_counts(branch, year), shops, quarters, t["INSPECTIONS_PER_QUARTER"]
    )
    missed = len(
        rules.missed_inspection_quarters(
            _inspection_counts(branch, year), shops, quarters, t["INSPECTIONS_PER_QUARTER"]
        )
    )
    due = len(shops) * len(quarters)
    return Indicator(
        "ledger_inspections_per_quarter",
        _("Workshops inspected every quarter"),
        value,
        Decimal("1"),
        "share",
        _("%(done)s of %(due)s workshop-quarters inspected") % {"done": due - missed, "due": due}
        if due
        else "",
    )


def _dangers(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    dangers = [
        (rules.as_date((d or {}).get("deadline")), rules.as_date((d or {}).get("closed_on")))
        for d in _year_entries(branch, "hidden_danger", year).values_list("data", flat=True)
    ]
    in_time, counted = rules.dangers_closed_in_time(dangers, today)
    return Indicator(
        "ledger_dangers_closed_in_time",
        _("Hidden dangers closed by their deadline"),
        rules.share(in_time, counted),
        t["DANGERS_CLOSED_TARGET"],
        "share",
        _("%(a)s of %(b)s hidden dangers due") % {"a": in_time, "b": counted} if counted else "",
    )


def _representatives(branch: Branch, today: dt.date) -> list[int]:
    """Worker ids of the representatives of the current congress term of each enterprise holding or
    inside the subtree, one per representative. Three queries whatever the number of enterprises:
    the enterprises, their terms in force (through the tree's ``congress_terms``) and the
    representatives' workers (through the roster's ``representations``)."""
    enterprises = Branch.objects.filter(
        Q(path__startswith=branch.path) | Q(path__in=branch.ancestor_paths()), kind=Branch.Kind.ENTERPRISE
    )
    ids = [e.pk for e in enterprises if e.path.startswith(branch.path) or branch.path.startswith(e.path)]
    in_force = Q(congress_terms__elected_on__lte=today) & (
        Q(congress_terms__ends_on__isnull=True) | Q(congress_terms__ends_on__gte=today)
    )
    current: dict[int, tuple[int, int]] = {}
    rows = Branch.objects.filter(in_force, pk__in=ids).values_list(
        "pk", "congress_terms__number", "congress_terms__pk"
    )
    for enterprise_id, number, term_id in rows:
        if enterprise_id not in current or number > current[enterprise_id][0]:
            current[enterprise_id] = (number, term_id)
    if not current:
        return []
    return list(
        Worker.objects.filter(
            representations__term_id__in=[t for _n, t in current.values()],
            branch__path__startswith=branch.path,
        ).values_list("pk", flat=True)
    )


def _training_hours(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    reps = _representatives(branch, today)
    total = LedgerParticipant.objects.filter(
        entry__kind="representative_training", entry__date__year=year, worker_id__in=reps
    ).aggregate(h=Sum("hours"))["h"] or Decimal("0")
    return Indicator(
        "ledger_training_hours_per_representative",
        _("Training hours per representative"),
        rules.hours_per_head(total, len(reps)),
        t["TRAINING_HOURS_PER_REPRESENTATIVE"],
        "hours",
        _("%(hours)s hours for %(n)s representatives") % {"hours": total, "n": len(reps)} if reps else "",
    )


def _pairings(branch: Branch, year: int, t: dict) -> Indicator:
    families = {
        (d or {}).get("family")
        for d in _in_subtree(
            LedgerEntry.objects.filter(kind="cadre_pairing", date__year__lte=year), branch
        ).values_list("data", flat=True)
    } - {None}
    visited = {
        (d or {}).get("family")
        for d in _year_entries(branch, "home_visit", year).values_list("data", flat=True)
    } & families
    return Indicator(
        "ledger_pairings_visited",
        _("Paired families visited this year"),
        rules.share(len(visited), len(families)),
        t["PAIRINGS_VISITED_TARGET"],
        "share",
        _("%(a)s of %(b)s paired families") % {"a": len(visited), "b": len(families)} if families else "",
    )


def _culture(branch: Branch, year: int, t: dict) -> Indicator:
    held = _year_entries(branch, "culture_sports", year)
    took_part = (
        LedgerParticipant.objects.filter(entry__in=held).values("worker_id").distinct().count()
        if held.exists()
        else 0
    )
    workers = counters.subtree_totals(branch.path)["workers"]  # the unit counters, not the roster
    value = rules.share(took_part, workers) if held.exists() else None
    return Indicator(
        "ledger_culture_participation",
        _("Workers taking part in culture and sports"),
        value,
        t["CULTURE_PARTICIPATION_TARGET"],
        "share",
        _("%(a)s of %(b)s workers") % {"a": took_part, "b": workers} if value is not None else "",
    )


def _letters(user, branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    """Letters and visits are kept by democracy (its petitions); the ledger reads them in the user's
    scope, or without a user (the unit's own assessment facts) those of the unit's enterprise."""
    counted = in_time = 0
    unit_petitions = democracy_selectors.petitions_of_unit(branch)
    if user is not None:
        unit_petitions = unit_petitions & democracy_selectors.petitions(user)
    petitions = unit_petitions.filter(received_on__year=year)
    for enterprise_path, received_on, answered_on in petitions.values_list(
        "enterprise__path", "received_on", "answered_on"
    ):
        if not (enterprise_path.startswith(branch.path) or branch.path.startswith(enterprise_path)):
            continue
        verdict = rules.answered_in_time(received_on, answered_on, days=t["LETTER_ANSWER_DAYS"], today=today)
        if verdict is None:
            continue
        counted += 1
        in_time += verdict
    return Indicator(
        "ledger_letters_answered_in_time",
        _("Letters and visits answered within %(days)s days") % {"days": t["LETTER_ANSWER_DAYS"]},
        rules.share(in_time, counted),
        t["LETTERS_ANSWERED_TARGET"],
        "share",
        _("%(a)s of %(b)s letters and visits") % {"a": in_time, "b": counted} if counted else "",
    )


def _of_year(branch: Branch, kind: str, year: int) -> QuerySet[LedgerEntry]:
    """Entries of a kind whose ``year`` field is ``year`` (a check of a year may be dated after it)."""
    return _in_subtree(LedgerEntry.objects.filter(kind=kind, data__year=year), branch)


def _cadre_evaluation(branch: Branch, year: int, t: dict) -> Indicator:
    voters = satisfied = 0
    for data in _of_year(branch, "cadre_evaluation", year).values_list("data", flat=True):
        voters += int((data or {}).get("voters") or 0)
        satisfied += int((data or {}).get("satisfied") or 0)
    return Indicator(
        "ledger_cadre_satisfaction",
        _("Members satisfied with the union's cadres"),
        rules.share(satisfied, voters),
        t["CADRE_SATISFACTION_TARGET"],
        "share",
        _("%(a)s of %(b)s members") % {"a": satisfied, "b": voters} if voters else "",
    )


def _finance_checks(branch: Branch, year: int) -> list[dict]:
    """The latest finance and property check of the year of each unit of the subtree."""
    latest: dict[int, dict] = {}
    rows = _of_year(branch, "union_finance", year).order_by("date", "id").values_list("branch_id", "data")
    for branch_id, data in rows:
        latest[branch_id] = data or {}
    return list(latest.values())


def _books_match(checks: list[dict], t: dict) -> Indicator:
    matching = sum(1 for c in checks if rules.as_decimal(c.get("difference")) == 0)
    return Indicator(
        "ledger_books_match",
        _("Books match the assets"),
        rules.share(matching, len(checks)),
        t["BOOKS_MATCH_TARGET"],
        "share",
        _("%(a)s of %(b)s checks") % {"a": matching, "b": len(checks)} if checks else "",
    )


def _independent_account(checks: list[dict]) -> Indicator:
    value = rules.all_true(bool(c.get("independent_account")) for c in checks)
    return Indicator(
        "ledger_independent_account",
        _("Independent bank account with separate books"),
        None if value is None else Decimal(value),
        Decimal("1"),
        "flag",
        _("%(n)s checks") % {"n": len(checks)} if checks else "",
    )


def _information(branch: Branch, year: int, t: dict) -> Indicator:
    rows = list(_year_entries(branch, "information_work", year).values_list("data", flat=True))
    items = sum(int((d or {}).get("items") or 0) for d in rows)
    return Indicator(
        "ledger_information_items",
        _("Union news submitted or published"),
        Decimal(items) if rows else None,
        Decimal(t["INFORMATION_ITEMS_PER_YEAR"]),
        "count",
        _("%(n)s entries") % {"n": len(rows)} if rows else "",
    )


def indicators(branch: Branch, year: int, *, today: dt.date | None = None, user=None) -> list[Indicator]:
    """The ledger indicators of a unit's subtree for a year, letters and visits included
    (democracy's petitions of the unit's enterprise, and with a user only those in its scope)."""
    today = today or timezone.localdate()
    t = thresholds()
    checks = _finance_checks(branch, year)
    result = [
        _inspections(branch, year, today, t),
        _dangers(branch, year, today, t),
        _training_hours(branch, year, today, t),
        _pairings(branch, year, t),
        _culture(branch, year, t),
        _cadre_evaluation(branch, year, t),
        _books_match(checks, t),
        _independent_account(checks),
        _information(branch, year, t),
        _letters(user, branch, year, today, t),
    ]
    return result


@dataclass(frozen=True)
class Panel:
    unit: Branch
    indicators: list[Indicator]


DASHBOARD_ROOTS = 5


def dashboard_panels(user, year: int, *, today: dt.date | None = None) -> list[Panel]:
    """The ledger indicators of each unit at the top of the user's scope (an enterprise officer's
    enterprise, a reviewer's district): the same number of queries whatever the size of the tree
    below (each enterprise's own figures are on its unit page)."""
    roots = scope.branches_for(user)
    qs = Branch.objects.filter(is_active=True)
    qs = qs.filter(depth=1) if roots == [""] else qs.filter(path__in=roots)
    return [
        Panel(unit, indicators(unit, year, today=today, user=user))
        for unit in qs.order_by("path")[:DASHBOARD_ROOTS]
    ]


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Ledger facts of a unit's subtree, one per indicator under its key (docs/DOMAIN.md §9; letters
    and visits are read from democracy's petitions of the unit's enterprise).
    ``ledger_independent_account`` is 1, 0 or None (no data)."""
    today = min(timezone.localdate(), dt.date(year, 12, 31))
    facts = {}
    for i in indicators(branch, year, today=today):
        value = int(i.value) if i.unit == "flag" and i.value is not None else i.value
        facts[i.key] = Fact(value, i.detail, _("work ledgers"))
    return facts


# --- reminders -------------------------------------------------------------------------------------


QUARTERS = {1: _("Q1"), 2: _("Q2"), 3: _("Q3"), 4: _("Q4")}


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


FINDING_KINDS = (
    "safety_inspection",
    "inspector_network",
    "hidden_danger",
    "members_congress",
    "yearly_plan",
    "year_summary",
    "representative_training",
    "thinking_analysis",
    "commendation",
)


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


def _terms_in_force(user, enterprises: list[Branch], today: dt.date) -> dict[str, object]:
    """The congress term in force of each enterprise (by its path), read in the user's scope."""
    terms: dict[str, object] = {}
    current = democracy_selectors.terms(user).filter(
        enterprise__path__in=[e.path for e in enterprises], elected_on__lte=today
    )
    for term in current.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
        "enterprise_id", "-number"
    ):
        terms.setdefault(term.enterprise.path, term)
    return terms


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


def _thinking_owed(dates: list[dt.date], today: dt.date, t: dict, *, current: bool) -> list[rules.Due]:
    """The analyses of workers' thinking an enterprise owes, given the dates of those recorded."""
    months = t["THINKING_ANALYSIS_MONTHS"]
    done = {(d.year, rules.analysis_period(d, months)) for d in dates}
    return rules.thinking_analyses_owed(done=done, today=today, months=months, current=current)


def _years_recorded(rows: list[tuple[str, str, dict]], unit: Branch, kind: str) -> set[int]:
    """The years named by the entries of ``kind`` recorded at ``unit`` itself ((path, kind, data) rows)."""
    years = set()
    for path, row_kind, data in rows:
        if row_kind == kind and path == unit.path and str((data or {}).get("year", "")).isdigit():
            years.add(int(data["year"]))
    return years


def _thinking_label(due: rules.Due, t: dict) -> str:
    if t["THINKING_ANALYSIS_MONTHS"] == 6:
        period = _("%(year)s H%(number)s") % {"year": due.year, "number": due.quarter}
    else:
        period = _("%(quarter)s %(year)s") % {"quarter": QUARTERS[due.quarter], "year": due.year}
    return _("analysis of workers' thinking of %(period)s (due by %(date)s)") % {
        "period": period,
        "date": due.date,
    }


def _commendation_label(due: rules.Due) -> str:
    return _("biennial commendation of %(year)s (titles of %(first)s–%(year)s)") % {
        "year": due.year,
        "first": due.year - 1,
    }


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
    if term is not None and term.elected_on.year >= year - 1:
        due = rules.training_after_election(
            elected_on=term.elected_on,
            trained=has("representative_training", term=term.pk, occasion="after_election"),
            today=today,
            within_days=t["TRAINING_AFTER_ELECTION_DAYS"],
        )
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


# --- the term calendar ------------------------------------------------------------------------------


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
                )
            )

    enterprises = [u for u in units if u.kind == Branch.Kind.ENTERPRISE]
    terms = _terms_in_force(user, enterprises, today)
    for enterprise in enterprises:
        mine = [r for r in rows if r[0].startswith(enterprise.path)]

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
        if term is not None and term.elected_on.year >= year - 1:
            due = rules.training_after_election(
                elected_on=term.elected_on,
                trained=has("representative_training", term=term.pk, occasion="after_election"),
                today=today,
                within_days=t["TRAINING_AFTER_ELECTION_DAYS"],
            )
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
                )
            )
    return sorted(result, key=lambda d: (d.due_on, d.unit.path, d.code))


# --- the worker's portal ---------------------------------------------------------------------------


def participations(worker: Worker) -> QuerySet[LedgerParticipant]:
    """The entries a worker took part in, newest first."""
    return (
        LedgerParticipant.objects.filter(worker=worker)
        .select_related("entry", "entry__branch")
        .order_by("-entry__date", "-entry_id")
    )


def training_hours(worker: Worker, year: int) -> Decimal:
    return LedgerParticipant.objects.filter(
        worker=worker, entry__kind__in=("training", "representative_training"), entry__date__year=year
    ).aggregate(h=Sum("hours"))["h"] or Decimal("0")


def funds_of(worker: Worker) -> list[LedgerEntry]:
    """The mutual-aid funds the worker is a member of (their latest entry each)."""
    seen, result = set(), []
    for p in participations(worker).filter(entry__kind="mutual_aid_fund"):
        if p.entry.title not in seen:
            seen.add(p.entry.title)
            result.append(p.entry)
    return result


def pairing_cadres(worker: Worker) -> list[Worker]:
    """The cadres paired with the worker's family (一包一)."""
    ids = [
        (d or {}).get("cadre")
        for d in LedgerEntry.objects.filter(kind="cadre_pairing", data__family=worker.pk).values_list(
            "data", flat=True
        )
    ]
    return list(Worker.objects.filter(pk__in=[i for i in ids if i]).select_related("branch"))


def pairing_visits(worker: Worker) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(kind="home_visit", data__family=worker.pk).order_by("-date")
