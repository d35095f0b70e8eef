"""The table of the term calendar's ledger duties (docs/SCALING.md, "The term calendar's ledger
duties"): every duty of the whole tree, computed as ``selectors.calendar`` computes a scope's, and
written by the refresh of the findings inside its swap's transaction (it is named in
``settings.UNIONHOME_REFRESH_TABLES``). Readers keep the previous rows until the swap commits; a
failure leaves them and fails the run."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from unionhome import bulkcopy

from . import selectors
from .models import CalendarDueRecord

_BATCH = 2000


def _whole_tree():
    """Who the duties are computed for: an account that sees the whole tree (never saved)."""
    return get_user_model()(username="calendar-refresh", is_active=True, is_superuser=True)


def compute() -> Iterator[CalendarDueRecord]:
    """Every duty of the tree, as of today, in the order of the calendar."""
    for due in selectors.calendar(_whole_tree(), today=timezone.localdate()):
        yield CalendarDueRecord(
            branch_id=due.unit.pk,
            path=due.unit.path,
            code=due.code,
            year=due.year,
            period=due.period,
            due_on=due.due_on,
            url=due.url,
        )


@transaction.atomic
def refresh() -> None:
    """Replace the table's rows with every duty of the tree (one swap at a time; readers are not
    blocked and see the old rows until the commit), then gather the table's planner statistics
    (PostgreSQL): without them the first reads after a swap sort the whole scope instead of
    walking the due-date index."""
    bulkcopy.rewrite_table(CalendarDueRecord, compute(), batch_size=_BATCH)
