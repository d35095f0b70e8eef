"""Per-unit counters of the roster (``UnitCounter``): kept current, read along the tree path.

Every write of a ``Worker`` changes its unit's counter in the same transaction: a saved or deleted
row through the model's signals (connected in ``BranchesConfig.ready``: the roster services, the
transfer workflow, the admin, ``audit.changing``), the bulk writes of the import and of the demo
by calling ``recount`` with the units they touched. ``recount`` locks the counters of those units
and counts their own active rows again (one grouped query), so two writes to one unit cannot lose
each other's change. Roll-ups add counters along the path (``path__startswith``) and never scan the
roster; ``manage.py reconcile_counters`` compares every counter with a fresh count and, with
``--fix``, corrects it (docs/ARCHITECTURE.md, "Counters").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Branch, UnitCounter, Worker
from .models.counters import COUNTED_FIELDS

_E = Worker.EmploymentType
_COUNTS = {
    "workers": Count("id"),
    "members": Count("id", filter=Q(is_member=True)),
    "cards": Count("id", filter=Q(is_member=True, card_issued=True)),
    "women": Count("id", filter=Q(gender=Worker.Gender.FEMALE)),
    "regular": Count("id", filter=Q(employment_type=_E.REGULAR)),
    "dispatched": Count("id", filter=Q(employment_type=_E.DISPATCHED)),
    "migrant": Count("id", filter=Q(employment_type=_E.MIGRANT)),
}
ZERO = dict.fromkeys(COUNTED_FIELDS, 0)


def count_roster(branch_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """A fresh count of the active rows of each unit (of the given units, or of every unit)."""
    qs = Worker.objects.filter(status=Worker.Status.ACTIVE)
    if branch_ids is not None:
        qs = qs.filter(branch_id__in=list(branch_ids))
    return {row.pop("branch_id"): row for row in qs.order_by().values("branch_id").annotate(**_COUNTS)}


@transaction.atomic
def recount(branch_ids: Iterable[int | None]) -> None:
    """Bring the counters of these units up to date, inside the caller's transaction."""
    ids = sorted({i for i in branch_ids if i is not None})
    if not ids:
        return
    locked = {c.branch_id: c for c in UnitCounter.objects.select_for_update().filter(branch_id__in=ids)}
    missing = [i for i in ids if i not in locked]
    if missing:
        UnitCounter.objects.bulk_create([UnitCounter(branch_id=i) for i in missing], ignore_conflicts=True)
        locked = {c.branch_id: c for c in UnitCounter.objects.select_for_update().filter(branch_id__in=ids)}
    counts = count_roster(ids)
    changed = []
    for branch_id, counter in locked.items():
        fresh = counts.get(branch_id, ZERO)
        if counter.values() != fresh:
            for field, value in fresh.items():
                setattr(counter, field, value)
            changed.append(counter)
    if changed:
        UnitCounter.objects.bulk_update(changed, [*COUNTED_FIELDS, "updated_at"])


# --- reads along the tree path --------------------------------------------------------------------


def _sums() -> dict:
    return {f: Sum(f) for f in COUNTED_FIELDS}


def subtree_totals(path: str, *, include_closed: bool = False) -> dict[str, int]:
    """The counts of a unit's subtree (its open units unless ``include_closed``): one query over
    the counters, none over the roster."""
    qs = UnitCounter.objects.filter(branch__path__startswith=path)
    row = (qs if include_closed else qs.filter(branch__is_active=True)).aggregate(**_sums())
    return {f: row[f] or 0 for f in COUNTED_FIELDS}


def child_totals(parent: Branch, *, include_closed: bool = False) -> dict[str, dict[str, int]]:
    """The counts of the subtree of each child of ``parent`` (by the child's path; open units unless
    ``include_closed``), in one query: the counters below ``parent`` grouped by the first
    ``depth + 1`` steps of their path."""
    length = (parent.depth + 1) * Branch.steplen
    qs = UnitCounter.objects.filter(branch__path__startswith=parent.path, branch__depth__gt=parent.depth)
    rows = (
        (qs if include_closed else qs.filter(branch__is_active=True))
        .annotate(child=Substr("branch__path", 1, length))
        .order_by()
        .values("child")
        .annotate(**_sums())
    )
    return {r.pop("child"): {f: r[f] or 0 for f in COUNTED_FIELDS} for r in rows}


def own_counts(branch_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The counters of the given units (each unit's own rows)."""
    return {c.branch_id: c.values() for c in UnitCounter.objects.filter(branch_id__in=list(branch_ids))}


# --- reconciliation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    """A unit whose counter differs from a fresh count of its roster."""

    branch_id: int
    stored: dict[str, int]
    actual: dict[str, int]

    @property
    def fields(self) -> list[str]:
        return [f for f in COUNTED_FIELDS if self.stored[f] != self.actual[f]]


def drift() -> list[Drift]:
    """Every unit whose counter differs from a fresh count (a missing counter counts as zeros)."""
    stored = {c.branch_id: c.values() for c in UnitCounter.objects.all()}
    actual = count_roster()
    return [
        Drift(branch_id, stored.get(branch_id, ZERO), actual.get(branch_id, ZERO))
        for branch_id in sorted(set(stored) | set(actual))
        if stored.get(branch_id, ZERO) != actual.get(branch_id, ZERO)
    ]


# --- every save and delete of a roster row ---------------------------------------------------------------


def _remember_unit(sender, instance, update_fields=None, **kwargs):
    """Before a save that may move the row: the unit it was counted in."""
    if instance.pk is None or (
        update_fields is not None and not {"branch", "branch_id"} & set(update_fields)
    ):
        instance._counted_branch_id = None
        return
    instance._counted_branch_id = (
        Worker.objects.filter(pk=instance.pk).values_list("branch_id", flat=True).first()
    )


def _recount_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures: the counters are rebuilt by reconcile_counters --fix
        return
    recount({instance.branch_id, getattr(instance, "_counted_branch_id", None)})


def _recount_deleted(sender, instance, **kwargs):
    recount({instance.branch_id})


def connect() -> None:
    pre_save.connect(_remember_unit, sender=Worker, dispatch_uid="branches.counters.remember")
    post_save.connect(_recount_saved, sender=Worker, dispatch_uid="branches.counters.saved")
    post_delete.connect(_recount_deleted, sender=Worker, dispatch_uid="branches.counters.deleted")


def totals_of(
    paths: list[str], *, chunk: int = 25, include_closed: bool = False
) -> dict[str, dict[str, int]]:
    """The counts of the open subtree of each path (with its closed units: ``include_closed``), for
    a few arbitrary units (a page of a level or of search results, the top of a scope): one query
    per ``chunk`` paths, summed in the database."""
    result: dict[str, dict[str, int]] = {}
    for start in range(0, len(paths), chunk):
        part = paths[start : start + chunk]
        within = Q(pk__in=[])
        for p in part:
            within |= Q(branch__path__startswith=p)
        rows = UnitCounter.objects.filter(within)
        row = (rows if include_closed else rows.filter(branch__is_active=True)).aggregate(
            **{
                f"{i}__{f}": Sum(f, filter=Q(branch__path__startswith=p))
                for i, p in enumerate(part)
                for f in COUNTED_FIELDS
            }
        )
        for i, p in enumerate(part):
            result[p] = {f: row[f"{i}__{f}"] or 0 for f in COUNTED_FIELDS}
    return result
