"""The ledger tallies' refresh (docs/SCALING.md, "Ledger tallies"): a hook of the findings refresh
(``settings.UNIONHOME_REFRESH_TABLES``), run inside its transaction, so that the tallies and the
findings are swapped together, or, when either fails, neither (the run records why)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from branches.models import Branch
from unionhome import bulkcopy

from .models import LedgerTally
from .selectors import tallies

log = logging.getLogger(__name__)

_BATCH = 2000


def _rows(year: int, computed: dict, units: dict[str, int]):
    for path, pieces in computed.items():
        yield LedgerTally(year=year, branch_id=units[path], path=path, **pieces)


def refresh(*, today: dt.date | None = None) -> None:
    """Replace every tally with those of the whole tree for the year of ``today`` (by default the
    local date), inside the caller's transaction: readers keep the old rows until it commits."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {LedgerTally._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
        computed = tallies.compute(today.year, today)
        units = dict(Branch.objects.values_list("path", "pk"))
        LedgerTally.objects.all().delete()
        rows = _rows(today.year, computed, units)
        if bulkcopy.available():
            staging = bulkcopy.Staging(LedgerTally, with_pk=False)
            staging.copy(rows)
            staging.insert()
            staging.drop()
        else:
            while batch := [r for _, r in zip(range(_BATCH), rows, strict=False)]:
                LedgerTally.objects.bulk_create(batch)
        _analyze()


def _analyze() -> None:
    """Fresh planner statistics for the rewritten table (PostgreSQL): a subtree's rows are an
    index range of the copied paths."""
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {LedgerTally._meta.db_table}")
        except DatabaseError:  # the rows are in place; autovacuum gathers the statistics later
            log.warning("ledger tallies: ANALYZE failed", exc_info=True)
