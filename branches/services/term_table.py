"""The table of the term calendar's committees (docs/SCALING.md, "The term calendar's
committees"): every committee of the tree that has a term, with the end of its current term and of
its latest one, written by the refresh of the findings inside its swap's transaction. Readers keep
the previous rows until the swap commits; a failure leaves them and fails the run."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Max
from django.utils import timezone

from unionhome import bulkcopy

from ..models import Committee, CommitteeTermRecord
from ..selectors.committees import with_current_end

_BATCH = 2000


def compute() -> Iterator[CommitteeTermRecord]:
    """Every committee with a term of an open unit of the tree, as of today (one query)."""
    rows = (
        with_current_end(Committee.objects.filter(branch__is_active=True), timezone.localdate())
        .annotate(latest_end=Max("terms__end"))
        .order_by()
        .values_list("pk", "branch_id", "branch__path", "kind", "current_end", "latest_end")
    )
    for pk, branch_id, path, kind, current_end, latest_end in rows.iterator(chunk_size=_BATCH):
        yield CommitteeTermRecord(
            committee_id=pk,
            branch_id=branch_id,
            path=path,
            kind=kind,
            current_end=current_end,
            latest_end=latest_end,
        )


def refresh() -> None:
    """Replace the table's rows with every committee's term ends (called inside the findings
    swap's transaction; one swap at a time, readers not blocked), then gather its statistics."""
    bulkcopy.rewrite_table(CommitteeTermRecord, compute(), batch_size=_BATCH)
