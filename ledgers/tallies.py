"""The ledger tallies' refresh (docs/SCALING.md, "Ledger tallies"): a hook of the findings refresh
(``settings.UNIONHOME_REFRESH_TABLES``), run inside its transaction, so that the tallies and the
findings are swapped together, or, when either fails, neither (the run records why)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from branches.models import Branch
from unionhome import bulkcopy

from .models import LedgerSubtotal, LedgerTally
from .selectors import tallies

_BATCH = 2000
_ONE_PLACE = Decimal("0.1")


def _rows(year: int, computed: dict, units: dict[str, int]):
    for path, pieces in computed.items():
        yield LedgerTally(year=year, branch_id=units[path], path=path, **pieces)


def _stored(value):
    """A piece as its column keeps it (the training hours to one decimal place at most)."""
    if isinstance(value, Decimal) and value.as_tuple().exponent < -1:
        return value.quantize(_ONE_PLACE, rounding=ROUND_HALF_UP)
    return value


def _subtotals(year: int, computed: dict, federations: dict[str, int]):
    """The SUM of ``computed``'s rows below each federation (path → id), as ``tallies.sums``
    adds them: every row counts at each federation on its path."""
    step = Branch.steplen
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for path, pieces in computed.items():
        for end in range(step, len(path) + 1, step):
            if path[:end] in federations:
                total = totals[path[:end]]
                for name, value in pieces.items():
                    total[name] += _stored(value)
    for path, pk in federations.items():
        total = totals.get(path, {})
        pieces = {
            name: str(value) if isinstance(value, Decimal) else value
            for name, value in total.items()
            if value
        }
        yield LedgerSubtotal(year=year, branch_id=pk, path=path, pieces=pieces)


def refresh(*, today: dt.date | None = None) -> None:
    """Replace every tally with those of the whole tree for the year of ``today`` (by default the
    local date), and their SUM below each federation (``LedgerSubtotal``), inside the caller's
    transaction: readers keep the old rows until it commits."""
    today = today or timezone.localdate()
    with transaction.atomic():
        bulkcopy.clear_tables(LedgerTally, LedgerSubtotal)
        computed = tallies.compute(today.year, today)
        units, federations = {}, {}
        for path, pk, kind in Branch.objects.values_list("path", "pk", "kind"):
            units[path] = pk
            if kind in Branch.FEDERATION_KINDS:
                federations[path] = pk
        rows = _rows(today.year, computed, units)
        bulkcopy.insert_all(LedgerTally, rows, batch_size=_BATCH)
        LedgerSubtotal.objects.bulk_create(_subtotals(today.year, computed, federations), batch_size=_BATCH)
        bulkcopy.analyze(LedgerTally)  # a subtree's rows are an index range of the copied paths
