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
    unit: str  # "share" (shown as a percentage) or "hours"
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


def _representatives(branch: Branch) -> list[int]:
    """Worker ids of the representatives of the current congress term of each enterprise of the subtree."""
    enterprises = Branch.objects.filter(
        Q(path__startswith=branch.path) | Q(path__in=branch.ancestor_paths()), kind=Branch.Kind.ENTERPRISE
    )
    enterprises = [e for e in enterprises if e.path.startswith(branch.path) or branch.path.startswith(e.path)]
    workers: list[int] = []
    for enterprise in enterprises:
        term = democracy_selectors.current_term(enterprise)
        if term is not None:
            reps = democracy_selectors.representatives(term).filter(
                worker__branch__path__startswith=branch.path
            )
            workers += list(reps.values_list("worker_id", flat=True))
    return workers


def _training_hours(branch: Branch, year: int, t: dict) -> Indicator:
    reps = _representatives(branch)
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
    workers = Worker.objects.filter(branch__path__startswith=branch.path, status=Worker.Status.ACTIVE).count()
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
    """Letters and visits are kept by democracy (its petitions); the ledger reads them in scope."""
    counted = in_time = 0
    petitions = democracy_selectors.petitions(user).filter(
        Q(enterprise__path__startswith=branch.path) | Q(enterprise__path__in=branch.ancestor_paths()),
        received_on__year=year,
    )
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


def indicators(branch: Branch, year: int, *, today: dt.date | None = None, user=None) -> list[Indicator]:
    """The ledger indicators of a unit's subtree for a year; with a user, also letters and visits
    (democracy's petitions, read in the user's scope)."""
    today = today or timezone.localdate()
    t = thresholds()
    result = [
        _inspections(branch, year, today, t),
        _dangers(branch, year, today, t),
        _training_hours(branch, year, t),
        _pairings(branch, year, t),
        _culture(branch, year, t),
    ]
    if user is not None:
        result.append(_letters(user, branch, year, today, t))
    return result


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Ledger facts of a unit's subtree (keys: the ``ledger_*`` indicators but letters and visits,
    which democracy keeps)."""
    today = min(timezone.localdate(), dt.date(year, 12, 31))
    return {i.key: Fact(i.value, i.detail, _("work ledgers")) for i in indicators(branch, year, today=today)}


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
)


# What each kind of finding is, for the dashboard's groups (branches.selectors.federation).
FINDING_LABELS = {
    "ledger_inspection_missed": gettext_lazy("Quarterly safety inspection missed"),
    "ledger_danger_overdue": gettext_lazy("Hidden danger not rectified in time"),
    "ledger_congress_due": gettext_lazy("Yearly members' congress due"),
    "ledger_plan_due": gettext_lazy("Yearly home-building plan due"),
    "ledger_summary_due": gettext_lazy("Year summary due"),
    "ledger_training_after_election_due": gettext_lazy("Representatives' training after the election due"),
}


def findings(user, root: Branch | None = None, *, today: dt.date | None = None) -> list[Finding]:
    """What the ledgers show due or overdue in the visible subtree: quarterly inspections of each
    workshop, hidden dangers past their deadline, the yearly members' congress, plan and summary of
    each enterprise, and the representatives' training after an election.

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
    terms: dict[str, object] = {}
    current = democracy_selectors.terms(user).filter(
        enterprise__path__in=[e.path for e in enterprises], elected_on__lte=today
    )
    for term in current.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
        "enterprise_id", "-number"
    ):
        terms.setdefault(term.enterprise.path, term)
    for enterprise in enterprises:
        mine = [r for r in rows if r[2].startswith(enterprise.path)]
        result += _enterprise_dues(enterprise, mine, terms.get(enterprise.path), year, today, t, url)
    return result


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
