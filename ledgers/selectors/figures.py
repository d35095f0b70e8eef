"""The ledger indicators of a unit's subtree for a year, the dashboard's panels and the facts the model-home assessment reads (docs/DOMAIN.md §9)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import counters
from branches import rules as branch_rules
from branches import selectors as branch_selectors
from branches.facts import Fact
from branches.models import Branch, Worker
from democracy import selectors as democracy_selectors

from .. import rules
from ..models import LedgerEntry, LedgerParticipant
from .common import thresholds


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


def _share(key: str, label: str, done: int, counted: int, target: Decimal, detail: str) -> Indicator:
    """A share indicator: ``done`` of ``counted`` (``None``, no data, when nothing was counted), with
    ``detail`` (placeholders ``a`` and ``b``) filled only then."""
    return Indicator(
        key,
        label,
        rules.share(done, counted),
        target,
        "share",
        detail % {"a": done, "b": counted} if counted else "",
    )


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


def inspections_indicator(done: int, due: int) -> Indicator:
    """Workshops inspected every quarter: ``done`` of the ``due`` workshop-quarters."""
    return Indicator(
        "ledger_inspections_per_quarter",
        _("Workshops inspected every quarter"),
        rules.share(done, due),
        Decimal("1"),
        "share",
        _("%(done)s of %(due)s workshop-quarters inspected") % {"done": done, "due": due} if due else "",
    )


def _inspections(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    shops = [b.pk for b in _workshops(branch)]
    quarters = rules.ended_quarters(year, today)
    missed = len(
        rules.missed_inspection_quarters(
            _inspection_counts(branch, year), shops, quarters, t["INSPECTIONS_PER_QUARTER"]
        )
    )
    due = len(shops) * len(quarters)
    return inspections_indicator(due - missed, due)


def dangers_indicator(in_time: int, counted: int, t: dict) -> Indicator:
    return _share(
        "ledger_dangers_closed_in_time",
        _("Hidden dangers closed by their deadline"),
        in_time,
        counted,
        t["DANGERS_CLOSED_TARGET"],
        _("%(a)s of %(b)s hidden dangers due"),
    )


def danger_dates(data) -> tuple[dt.date | None, dt.date | None]:
    """A hidden danger's (deadline, closing date) from its entry's data."""
    return rules.as_date((data or {}).get("deadline")), rules.as_date((data or {}).get("closed_on"))


def _dangers(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    dangers = [
        danger_dates(d) for d in _year_entries(branch, "hidden_danger", year).values_list("data", flat=True)
    ]
    return dangers_indicator(*rules.dangers_closed_in_time(dangers, today), t)


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


def training_indicator(total: Decimal, representatives: int, t: dict) -> Indicator:
    return Indicator(
        "ledger_training_hours_per_representative",
        _("Training hours per representative"),
        rules.hours_per_head(total, representatives),
        t["TRAINING_HOURS_PER_REPRESENTATIVE"],
        "hours",
        _("%(hours)s hours for %(n)s representatives") % {"hours": total, "n": representatives}
        if representatives
        else "",
    )


def _training_hours(branch: Branch, year: int, today: dt.date, t: dict) -> Indicator:
    reps = _representatives(branch, today)
    total = LedgerParticipant.objects.filter(
        entry__kind="representative_training", entry__date__year=year, worker_id__in=reps
    ).aggregate(h=Sum("hours"))["h"] or Decimal("0")
    return training_indicator(total, len(reps), t)


def pairings_indicator(visited: int, families: int, t: dict) -> Indicator:
    return _share(
        "ledger_pairings_visited",
        _("Paired families visited this year"),
        visited,
        families,
        t["PAIRINGS_VISITED_TARGET"],
        _("%(a)s of %(b)s paired families"),
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
    return pairings_indicator(len(visited), len(families), t)


def culture_indicator(held: int, took_part: int, workers: int, t: dict) -> Indicator:
    """Workers taking part: ``took_part`` of ``workers`` (no data while no event was ``held``)."""
    value = rules.share(took_part, workers) if held else None
    return Indicator(
        "ledger_culture_participation",
        _("Workers taking part in culture and sports"),
        value,
        t["CULTURE_PARTICIPATION_TARGET"],
        "share",
        _("%(a)s of %(b)s workers") % {"a": took_part, "b": workers} if value is not None else "",
    )


def _culture(branch: Branch, year: int, t: dict) -> Indicator:
    held = _year_entries(branch, "culture_sports", year)
    any_held = held.exists()
    took_part = (
        LedgerParticipant.objects.filter(entry__in=held).values("worker_id").distinct().count()
        if any_held
        else 0
    )
    workers = counters.subtree_totals(branch.path)["workers"]  # the unit counters, not the roster
    return culture_indicator(int(any_held), took_part, workers, t)


def letters_indicator(in_time: int, counted: int, t: dict) -> Indicator:
    return _share(
        "ledger_letters_answered_in_time",
        _("Letters and visits answered within %(days)s days") % {"days": t["LETTER_ANSWER_DAYS"]},
        in_time,
        counted,
        t["LETTERS_ANSWERED_TARGET"],
        _("%(a)s of %(b)s letters and visits"),
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
    return letters_indicator(in_time, counted, t)


def _of_year(branch: Branch, kind: str, year: int) -> QuerySet[LedgerEntry]:
    """Entries of a kind whose ``year`` field is ``year`` (a check of a year may be dated after it)."""
    return _in_subtree(LedgerEntry.objects.filter(kind=kind, data__year=year), branch)


def cadre_indicator(satisfied: int, voters: int, t: dict) -> Indicator:
    return _share(
        "ledger_cadre_satisfaction",
        _("Members satisfied with the union's cadres"),
        satisfied,
        voters,
        t["CADRE_SATISFACTION_TARGET"],
        _("%(a)s of %(b)s members"),
    )


def cadre_votes(data) -> tuple[int, int]:
    """(voters, satisfied) of a cadre evaluation's data."""
    return int((data or {}).get("voters") or 0), int((data or {}).get("satisfied") or 0)


def _cadre_evaluation(branch: Branch, year: int, t: dict) -> Indicator:
    voters = satisfied = 0
    for data in _of_year(branch, "cadre_evaluation", year).values_list("data", flat=True):
        v, s = cadre_votes(data)
        voters += v
        satisfied += s
    return cadre_indicator(satisfied, voters, t)


def _finance_checks(branch: Branch, year: int) -> list[dict]:
    """The latest finance and property check of the year of each unit of the subtree."""
    latest: dict[int, dict] = {}
    rows = _of_year(branch, "union_finance", year).order_by("date", "id").values_list("branch_id", "data")
    for branch_id, data in rows:
        latest[branch_id] = data or {}
    return list(latest.values())


def books_match(check: dict) -> bool:
    return rules.as_decimal(check.get("difference")) == 0


def books_indicator(matching: int, checks: int, t: dict) -> Indicator:
    return _share(
        "ledger_books_match",
        _("Books match the assets"),
        matching,
        checks,
        t["BOOKS_MATCH_TARGET"],
        _("%(a)s of %(b)s checks"),
    )


def account_indicator(independent: int, checks: int) -> Indicator:
    """1 when each of the ``checks`` found an independent account, 0 when one did not; no data
    without a check."""
    return Indicator(
        "ledger_independent_account",
        _("Independent bank account with separate books"),
        None if not checks else Decimal(int(independent == checks)),
        Decimal("1"),
        "flag",
        _("%(n)s checks") % {"n": checks} if checks else "",
    )


def information_indicator(items: int, entries: int, t: dict) -> Indicator:
    return Indicator(
        "ledger_information_items",
        _("Union news submitted or published"),
        Decimal(items) if entries else None,
        Decimal(t["INFORMATION_ITEMS_PER_YEAR"]),
        "count",
        _("%(n)s entries") % {"n": entries} if entries else "",
    )


def information_items(data) -> int:
    return int((data or {}).get("items") or 0)


def _information(branch: Branch, year: int, t: dict) -> Indicator:
    rows = list(_year_entries(branch, "information_work", year).values_list("data", flat=True))
    return information_indicator(sum(information_items(d) for d in rows), len(rows), t)


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
        books_indicator(sum(1 for c in checks if books_match(c)), len(checks), t),
        account_indicator(sum(1 for c in checks if c.get("independent_account")), len(checks)),
        _information(branch, year, t),
        _letters(user, branch, year, today, t),
    ]
    return result


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
