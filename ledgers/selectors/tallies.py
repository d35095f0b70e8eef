"""The ledger tallies (docs/SCALING.md, "Ledger tallies"): the pieces of the ten ledger indicators,
computed once for the whole tree and kept per unit so that a subtree's indicators are one SUM of
its rows; and the indicators of a large subtree read from them.

Each piece is a number a subtree's indicator is built from (hidden dangers closed in time and
counted, training hours and representatives, …), the same numbers ``figures.indicators`` computes
live. A piece of one entry (a danger, a check, an evaluation) is added at the entry's unit. A piece
that counts something once whatever the number of units it appears in (a worker taking part in
culture and sports, a paired family, a workshop, a representative, an enterprise's letters and
visits) is *spread*: for each such thing, its value ``c(v)`` for the subtree of every unit ``v``
where it can count is added at ``v`` and taken off at ``v``'s parent, so that the rows of any
subtree add up to ``c`` of its root (the sum telescopes). Its rows can therefore hold negative
corrections; the sum of a subtree is exact, the tree as it was at the refresh.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.db.models import Q, Sum

from branches import rules as branch_rules
from branches.models import Branch, UnitCounter, Worker
from democracy import selectors as democracy_selectors

from .. import rules
from ..models import LedgerEntry, LedgerParticipant, LedgerSubtotal, LedgerTally
from . import figures
from .common import thresholds

PIECES = tuple(
    f.name for f in LedgerTally._meta.concrete_fields if f.name not in ("id", "year", "branch", "path")
)

DECIMAL_PIECES = frozenset(
    f.name for f in LedgerTally._meta.concrete_fields if f.get_internal_type() == "DecimalField"
)

Tallies = dict[str, dict[str, int | Decimal]]  # unit path → piece → value


def _tallies() -> Tallies:
    return defaultdict(lambda: defaultdict(int))


def _add(tallies: Tallies, path: str, **pieces) -> None:
    row = tallies[path]
    for name, value in pieces.items():
        row[name] += value


def _spread(tallies: Tallies, anchors: Iterable[str], value: Callable[[str], dict]) -> None:
    """Add a thing counted once per subtree: ``value(v)`` (piece → number) for the subtree of each
    unit ``v`` at or above one of ``anchors``, zero for every other unit. Each unit gets its value
    less its children's, so that the rows of any subtree add up to the value of its root."""
    step = Branch.steplen
    closure = {a[:end] for a in anchors for end in range(step, len(a) + 1, step)}
    for v in closure:
        for name, number in value(v).items():
            if number:
                tallies[v][name] += number
                if len(v) > step:
                    tallies[v[:-step]][name] -= number


def _under(path: str, marks: Iterable[str]) -> list[str]:
    return [m for m in marks if m.startswith(path)]


# --- the pieces of each indicator, for the whole tree -------------------------------------------------


def _entries(kind: str, **filters):
    return LedgerEntry.objects.filter(kind=kind, **filters).order_by()


def _dangers(tallies: Tallies, year: int, today: dt.date) -> None:
    for path, data in _entries("hidden_danger", date__year=year).values_list("branch__path", "data"):
        in_time, counted = rules.dangers_closed_in_time([figures.danger_dates(data)], today)
        _add(tallies, path, dangers_counted=counted, dangers_in_time=in_time)


def _cadre(tallies: Tallies, year: int) -> None:
    for path, data in _entries("cadre_evaluation", data__year=year).values_list("branch__path", "data"):
        voters, satisfied = figures.cadre_votes(data)
        _add(tallies, path, cadre_voters=voters, cadre_satisfied=satisfied)


def _finance(tallies: Tallies, year: int) -> None:
    """The latest check of the year of each unit (``figures._finance_checks``)."""
    latest: dict[str, dict] = {}
    rows = (
        _entries("union_finance", data__year=year).order_by("date", "id").values_list("branch__path", "data")
    )
    for path, data in rows:
        latest[path] = data or {}
    for path, check in latest.items():
        _add(
            tallies,
            path,
            finance_checks=1,
            books_matching=int(figures.books_match(check)),
            accounts_independent=int(bool(check.get("independent_account"))),
        )


def _information(tallies: Tallies, year: int) -> None:
    for path, data in _entries("information_work", date__year=year).values_list("branch__path", "data"):
        _add(tallies, path, information_entries=1, information_items=figures.information_items(data))


def _workers(tallies: Tallies) -> None:
    """The unit counters of the open units (``counters.subtree_totals``)."""
    for path, workers in UnitCounter.objects.filter(branch__is_active=True).values_list(
        "branch__path", "workers"
    ):
        if workers:
            _add(tallies, path, workers=workers)


def _culture(tallies: Tallies, year: int) -> None:
    """Events held (at their unit) and the workers who took part, each once per subtree."""
    for path in _entries("culture_sports", date__year=year).values_list("branch__path", flat=True):
        _add(tallies, path, culture_entries=1)
    where: dict[int, set[str]] = defaultdict(set)
    rows = LedgerParticipant.objects.filter(entry__kind="culture_sports", entry__date__year=year).values_list(
        "worker_id", "entry__branch__path"
    )
    for worker_id, path in rows.order_by():
        where[worker_id].add(path)
    for paths in where.values():
        _spread(tallies, paths, lambda v, paths=paths: {"culture_participants": int(bool(_under(v, paths)))})


def _pairings(tallies: Tallies, year: int) -> None:
    """Paired families (paired in the year or before) and those visited in the year, each once per
    subtree that holds a pairing of the family (and, for a visit, a visit too)."""
    paired: dict[object, set[str]] = defaultdict(set)
    visited: dict[object, set[str]] = defaultdict(set)
    for marks, rows in (
        (paired, _entries("cadre_pairing", date__year__lte=year)),
        (visited, _entries("home_visit", date__year=year)),
    ):
        for path, data in rows.values_list("branch__path", "data"):
            family = (data or {}).get("family")
            if family is not None:
                marks[family].add(path)
    for family, pairs in paired.items():
        visits = visited.get(family, set())

        def value(v, pairs=pairs, visits=visits):
            has_pairing = bool(_under(v, pairs))
            return {
                "families": int(has_pairing),
                "families_visited": int(has_pairing and bool(_under(v, visits))),
            }

        _spread(tallies, pairs, value)


def _workshop(v: str, *, kept: set[str], held: list[tuple[str, int]], quarters: list[int], per_quarter: int):
    """A workshop's quarters due and inspected in the subtree of ``v`` (which holds the workshop):
    none unless ``v`` holds an entry of its enterprise's safety ledger (``kept``); the rounds
    ``held`` (entry's unit, quarter) counted in the subtree."""
    if not _under(v, kept):
        return {}
    counts: dict[int, int] = defaultdict(int)
    for unit, quarter in held:
        if unit.startswith(v):
            counts[quarter] += 1
    return {
        "inspections_due": len(quarters),
        "inspections_done": sum(1 for q in quarters if counts[q] >= per_quarter),
    }


def _inspections(tallies: Tallies, year: int, today: dt.date, per_quarter: int) -> None:
    """Workshop-quarters due and inspected (``figures._inspections``): a workshop counts in a subtree
    that holds it and an entry of its enterprise's safety ledger (an inspection or the inspectors),
    with the rounds recorded in that subtree."""
    quarters = rules.ended_quarters(year, today)
    if not quarters:
        return
    enterprises = set(Branch.objects.filter(kind=Branch.Kind.ENTERPRISE).values_list("path", flat=True))
    keeping: dict[str, set[str]] = defaultdict(set)  # enterprise (or the unit outside one) → entries' units
    kinds = ("safety_inspection", "inspector_network")
    for path in LedgerEntry.objects.filter(kind__in=kinds).order_by().values_list("branch__path", flat=True):
        keeping[branch_rules.enterprise_prefix(path, enterprises, Branch.steplen) or path].add(path)
    rounds: dict[int, list[tuple[str, int]]] = defaultdict(list)  # workshop → (entry's unit, quarter)
    for path, date, data in _entries("safety_inspection", date__year=year).values_list(
        "branch__path", "date", "data"
    ):
        workshop = (data or {}).get("workshop")
        if workshop:
            rounds[int(workshop)].append((path, rules.quarter_of(date)))
    shops = Branch.objects.filter(kind=Branch.Kind.BRANCH, is_active=True).values_list("pk", "path")
    for pk, path in shops.order_by():
        step = Branch.steplen
        kept = set().union(*(keeping.get(path[:end], ()) for end in range(step, len(path) + 1, step)))
        if not kept:
            continue
        held = rounds.get(pk, [])
        _spread(
            tallies,
            [path],
            partial(_workshop, kept=kept, held=held, quarters=quarters, per_quarter=per_quarter),
        )


def _representative(v: str, *, held: list[str], total: Decimal):
    """A representative's seats counted in the subtree of ``v`` (which holds their unit): those of
    an enterprise holding ``v`` or inside it; their training hours once if any."""
    n = sum(1 for e in held if e.startswith(v) or v.startswith(e))
    return {"representatives": n, "training_hours": total if n else Decimal("0")}


def _training(tallies: Tallies, year: int, today: dt.date) -> None:
    """Representatives of each enterprise's congress term in force (the newest) and their training
    hours: a representative counts in a subtree that holds their unit and holds or lies inside the
    term's enterprise (``figures._representatives``), their hours once."""
    in_force = Q(congress_terms__elected_on__lte=today) & (
        Q(congress_terms__ends_on__isnull=True) | Q(congress_terms__ends_on__gte=today)
    )
    current: dict[str, tuple[int, int]] = {}  # enterprise path → (number, term)
    rows = Branch.objects.filter(in_force, kind=Branch.Kind.ENTERPRISE).values_list(
        "path", "congress_terms__number", "congress_terms__pk"
    )
    for path, number, term_id in rows.order_by():
        if path not in current or number > current[path][0]:
            current[path] = (number, term_id)
    enterprise_of = {term_id: path for path, (_n, term_id) in current.items()}
    if not enterprise_of:
        return
    seats: dict[int, tuple[str, list[str]]] = {}  # worker → (unit, enterprises of their seats)
    reps = Worker.objects.filter(representations__term_id__in=list(enterprise_of)).values_list(
        "pk", "branch__path", "representations__term_id"
    )
    for worker_id, path, term_id in reps.order_by():
        seats.setdefault(worker_id, (path, []))[1].append(enterprise_of[term_id])
    hours = dict(
        LedgerParticipant.objects.filter(
            entry__kind="representative_training", entry__date__year=year, worker_id__in=list(seats)
        )
        .order_by()
        .values_list("worker_id")
        .annotate(h=Sum("hours"))
    )
    for worker_id, (path, held) in seats.items():
        total = hours.get(worker_id) or Decimal("0")
        _spread(tallies, [path], partial(_representative, held=held, total=total))


def _whole_tree():
    """Who the letters and visits are read as: an account that sees the whole tree (never saved)."""
    return get_user_model()(username="ledger-tallies", is_active=True, is_superuser=True)


def _letters(tallies: Tallies, year: int, today: dt.date, days: int, paths: list[str]) -> None:
    """Letters and visits of each enterprise, counted in every subtree that holds the enterprise or
    lies inside it (``figures._letters``): spread over the enterprise's units and the units above.
    ``paths``: every unit's path, sorted."""
    per_enterprise: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    petitions = democracy_selectors.petitions(_whole_tree()).filter(received_on__year=year)
    for path, received_on, answered_on in petitions.order_by().values_list(
        "enterprise__path", "received_on", "answered_on"
    ):
        verdict = rules.answered_in_time(received_on, answered_on, days=days, today=today)
        if verdict is not None:
            per_enterprise[path][0] += 1
            per_enterprise[path][1] += verdict
    for enterprise, (counted, in_time) in per_enterprise.items():
        start = bisect.bisect_left(paths, enterprise)
        units = []
        for path in paths[start:]:
            if not path.startswith(enterprise):
                break
            units.append(path)
        pieces = {"letters_counted": counted, "letters_in_time": in_time}
        _spread(tallies, units or [enterprise], lambda v, pieces=pieces: pieces)


def compute(year: int, today: dt.date) -> dict[str, dict[str, int | Decimal]]:
    """The tallies of the whole tree for ``year`` as of ``today``: unit path → piece → value (units
    with a piece other than zero)."""
    t = thresholds()
    tallies = _tallies()
    paths = sorted(Branch.objects.values_list("path", flat=True))
    _dangers(tallies, year, today)
    _cadre(tallies, year)
    _finance(tallies, year)
    _information(tallies, year)
    _workers(tallies)
    _culture(tallies, year)
    _pairings(tallies, year)
    _inspections(tallies, year, today, t["INSPECTIONS_PER_QUARTER"])
    _training(tallies, year, today)
    _letters(tallies, year, today, t["LETTER_ANSWER_DAYS"], paths)
    return {path: dict(row) for path, row in tallies.items() if any(row.values())}


# --- the indicators of a subtree, from the table ------------------------------------------------------


def sums(branch: Branch, year: int) -> dict[str, int | Decimal]:
    """The pieces of a unit's subtree: a federation's row of ``LedgerSubtotal`` (the SUM the
    refresh wrote for the unit at that path), else one SUM of the table's rows by the copied path
    (a unit that is not a federation, or created since the refresh)."""
    if branch.is_federation:
        pieces = LedgerSubtotal.objects.filter(year=year, path=branch.path).values_list("pieces", flat=True)
        for stored in pieces[:1]:
            return {name: _piece(name, stored.get(name, 0)) for name in PIECES}
    row = LedgerTally.objects.filter(year=year, path__startswith=branch.path).aggregate(
        **{name: Sum(name) for name in PIECES}
    )
    return {name: row[name] or 0 for name in PIECES}


def _piece(name: str, value) -> int | Decimal:
    return Decimal(value) if name in DECIMAL_PIECES else value


def indicators(branch: Branch, year: int) -> list[figures.Indicator]:
    """``figures.indicators`` of a unit's subtree from the table (as the last refresh found them)."""
    t = thresholds()
    s = sums(branch, year)
    hours = Decimal(s["training_hours"]) if s["training_hours"] else Decimal("0")
    return [
        figures.inspections_indicator(s["inspections_done"], s["inspections_due"]),
        figures.dangers_indicator(s["dangers_in_time"], s["dangers_counted"], t),
        figures.training_indicator(hours, s["representatives"], t),
        figures.pairings_indicator(s["families_visited"], s["families"], t),
        figures.culture_indicator(s["culture_entries"], s["culture_participants"], s["workers"], t),
        figures.cadre_indicator(s["cadre_satisfied"], s["cadre_voters"], t),
        figures.books_indicator(s["books_matching"], s["finance_checks"], t),
        figures.account_indicator(s["accounts_independent"], s["finance_checks"]),
        figures.information_indicator(s["information_items"], s["information_entries"], t),
        figures.letters_indicator(s["letters_in_time"], s["letters_counted"], t),
    ]
