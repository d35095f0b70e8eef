"""Per-unit counters of the roster (``UnitCounter``): kept current, read along the tree path.

Every write of a ``Worker`` changes its unit's counter in the same transaction: a saved or deleted
row through the model's signals (connected in ``BranchesConfig.ready``: the roster services, the
transfer workflow, the admin, ``audit.changing``), the bulk writes of the import and of the demo
by calling ``recount`` with the units they touched. ``recount`` locks the counters of those units
and counts their own active rows again (one grouped query), so two writes to one unit cannot lose
each other's change. Roll-ups add counters along the path (``path__startswith``) and never scan the
roster; ``manage.py reconcile_counters`` compares every counter with a fresh count and, with
``--fix``, corrects it (docs/ARCHITECTURE.md, "Counters").

A federation's totals do not add every counter of its subtree either (20,000 at a province): each
change of a unit's counter also appends a ``CounterDelta`` row (the unit, the change), and
``fold``, every minute (``branches.tasks.fold_counters``), adds the pending rows to the
``SubtreeCounter`` of the unit and of each of its ancestors and deletes them, in one transaction.
A subtree's totals are its ``SubtreeCounter`` plus its pending deltas, read in one statement: exact
at every moment, and as fast at a province as at a branch. Writers only insert: no write waits for
a row high up the tree. Deltas name their unit, not its path, so a move or a renumbering of the
tree's paths leaves them right; ``moving`` shifts the moved subtree's folded totals from the old
ancestors to the new ones (docs/SCALING.md, "Dashboards at any size").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Branch, CounterDelta, SubtreeCounter, UnitCounter, Worker
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
    """Bring the counters of these units up to date, inside the caller's transaction, and append the
    change of each to the pending deltas of the subtree counters (of every unit's subtree in any
    case, of the open units' only when the unit is open)."""
    ids = sorted({i for i in branch_ids if i is not None})
    if not ids:
        return
    locked = _locked(ids)
    missing = [i for i in ids if i not in locked]
    if missing:
        UnitCounter.objects.bulk_create([UnitCounter(branch_id=i) for i in missing], ignore_conflicts=True)
        locked = _locked(ids)
    counts = count_roster(ids)
    changed, deltas = [], []
    for branch_id, counter in locked.items():
        fresh = counts.get(branch_id, ZERO)
        stored = counter.values()
        if stored == fresh:
            continue
        change = {f: fresh[f] - stored[f] for f in COUNTED_FIELDS}
        deltas.append(CounterDelta(branch_id=branch_id, include_closed=True, **change))
        if counter.branch.is_active:
            deltas.append(CounterDelta(branch_id=branch_id, include_closed=False, **change))
        for field, value in fresh.items():
            setattr(counter, field, value)
        changed.append(counter)
    if changed:
        UnitCounter.objects.bulk_update(changed, [*COUNTED_FIELDS, "updated_at"])
        CounterDelta.objects.bulk_create(deltas)


def _locked(ids: list[int]) -> dict[int, UnitCounter]:
    """The counters of these units, locked (their units read after the lock: a move or a close
    that committed first is seen)."""
    rows = UnitCounter.objects.select_related("branch").select_for_update(of=("self",))
    return {c.branch_id: c for c in rows.filter(branch_id__in=ids)}


# --- reads along the tree path --------------------------------------------------------------------


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _pending_and_folded(parts: str, *, tops: str = "", deltas: list[tuple[str, str, str]]) -> str:
    """One statement adding each top's folded ``SubtreeCounter`` (``parts``: which rows of units
    ``b`` are tops) and the pending deltas of the units below it, grouped by the top's path: one
    snapshot, so a fold running meanwhile is seen whole or not at all. ``deltas``: for each part of
    the tops, the top of a delta's unit ``b``, the join that finds it and a condition on ``b``. The
    pending deltas are added up per unit first. Parameters: the folded part's, then for each part
    of the deltas its scope and its condition's."""
    cols = ", ".join(f"c.{f}" for f in COUNTED_FIELDS)
    sums = ", ".join(f"SUM(x.{f})" for f in COUNTED_FIELDS)
    per_unit = ", ".join(f"SUM({f}) AS {f}" for f in COUNTED_FIELDS)
    branch, folded, pending = _table(Branch), _table(SubtreeCounter), _table(CounterDelta)
    # table and column names from the models, conditions from this module; every value a parameter
    pending_parts = "".join(
        f" UNION ALL SELECT {top} AS top, {cols} FROM {branch} b {join} JOIN (SELECT branch_id, {per_unit}"  # noqa: S608
        f"  FROM {pending} WHERE include_closed = %s GROUP BY branch_id) c ON c.branch_id = b.id WHERE {where}"
        for top, join, where in deltas
    )
    return (
        f"{tops} SELECT x.top, {sums} FROM ("  # noqa: S608
        f" SELECT b.path AS top, {cols} FROM {folded} c JOIN {branch} b ON b.id = c.branch_id"
        f"  WHERE c.include_closed = %s AND {parts}"
        f"{pending_parts}"
        f") x WHERE x.top IS NOT NULL GROUP BY x.top"
    )


def _totals(sql: str, params: list) -> dict[str, dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            row[0]: dict(zip(COUNTED_FIELDS, (int(v or 0) for v in row[1:]), strict=True)) for row in cursor
        }


def subtree_totals(path: str, *, include_closed: bool = False) -> dict[str, int]:
    """The counts of a unit's subtree (its open units unless ``include_closed``): its subtree
    counter and pending deltas, one query, none over the roster nor over the subtree's counters."""
    return totals_of([path], include_closed=include_closed)[path]


def totals_of(paths: list[str], *, include_closed: bool = False) -> dict[str, dict[str, int]]:
    """The counts of the open subtree of each path (with its closed units: ``include_closed``), for
    a few arbitrary units (a page of a level or of search results, the top of a scope): one query."""
    if not paths:
        return {}
    tops = list(dict.fromkeys(paths))
    lengths = sorted({len(p) for p in tops})
    sql = _pending_and_folded(
        "b.path IN (SELECT top FROM p)",
        tops="WITH p(top) AS (VALUES " + ", ".join(["(%s)"] * len(tops)) + ")",
        # a delta counts in every top above it; one equality join per length of the tops
        deltas=[("p.top", f"JOIN p ON p.top = substr(b.path, 1, {n})", "1 = 1") for n in lengths],
    )
    found = _totals(sql, [*tops, include_closed, *[include_closed] * len(lengths)])
    return {p: found.get(p, dict(ZERO)) for p in paths}


def child_totals(parent: Branch, *, include_closed: bool = False) -> dict[str, dict[str, int]]:
    """The counts of the subtree of each child of ``parent`` (by the child's path; open units unless
    ``include_closed``), in one query: the children's subtree counters and the pending deltas
    below ``parent``, grouped by the first ``depth + 1`` steps of their unit's path."""
    length = (parent.depth + 1) * Branch.steplen
    sql = _pending_and_folded(
        "b.depth = %s AND b.path LIKE %s",
        deltas=[(f"substr(b.path, 1, {length})", "", "b.depth > %s AND b.path LIKE %s")],
    )
    below = [parent.depth, parent.path + "%"]
    params = [include_closed, parent.depth + 1, parent.path + "%", include_closed, *below]
    return _totals(sql, params)


def own_counts(branch_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """The counters of the given units (each unit's own rows)."""
    return {c.branch_id: c.values() for c in UnitCounter.objects.filter(branch_id__in=list(branch_ids))}


# --- folding the pending deltas into the subtree counters ------------------------------------------

FOLD_BATCH = 20_000  # deltas per transaction of the fold
_FOLD_LOCK = 0x756E696F  # the advisory lock held by a fold, a move and a rebuild (PostgreSQL)


def _hold_fold_lock() -> None:
    """Until the transaction ends, no fold, move or rebuild of the subtree counters runs beside
    this one (SQLite writes one transaction at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_FOLD_LOCK])


def _by_ancestor(rows: Iterable[tuple]) -> dict[tuple[str, bool], list[int]]:
    """``(path, include_closed, *counts)`` rows summed into every unit above and at each path."""
    sums: dict[tuple[str, bool], list[int]] = defaultdict(lambda: [0] * len(COUNTED_FIELDS))
    step = Branch.steplen
    for path, include_closed, *counts in rows:
        for end in range(step, len(path) + 1, step):
            total = sums[(path[:end], bool(include_closed))]
            for i, n in enumerate(counts):
                total[i] += n
    return sums


def _add_to_subtrees(sums: dict[tuple[str, bool], list[int]]) -> None:
    """Add these sums to the subtree counters of their units, creating the missing ones: one
    insert-or-add statement per 1,000 counters (PostgreSQL and SQLite)."""
    ids = dict(Branch.objects.filter(path__in={path for path, _ in sums}).values_list("path", "pk"))
    rows = [
        (ids[path], include_closed, *counts)
        for (path, include_closed), counts in sums.items()
        if path in ids and any(counts)
    ]
    table = _table(SubtreeCounter)
    columns = ("branch_id", "include_closed", *COUNTED_FIELDS)
    added = ", ".join(f"{f} = {table}.{f} + EXCLUDED.{f}" for f in COUNTED_FIELDS)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            part = rows[start : start + 1000]
            marks = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(part))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {marks}"  # noqa: S608 (names from the model)
                f" ON CONFLICT (branch_id, include_closed) DO UPDATE SET {added}",
                [value for row in part for value in row],
            )


def fold() -> int:
    """Add the pending deltas to the subtree counters of their units and of every unit above, and
    delete them, ``FOLD_BATCH`` at a time, each batch in one transaction: a delta is deleted by the
    statement that reads it, so one committed meanwhile waits for the next fold, never counted twice
    nor lost. Returns how many deltas were folded."""
    pending = _table(CounterDelta)
    folded = 0
    while True:
        with transaction.atomic():
            _hold_fold_lock()
            with connection.cursor() as cursor:
                cursor.execute(  # names from the model; the limit a parameter
                    f"DELETE FROM {pending} WHERE id IN (SELECT id FROM {pending} ORDER BY id LIMIT %s)"  # noqa: S608
                    f" RETURNING branch_id, include_closed, {', '.join(COUNTED_FIELDS)}",
                    [FOLD_BATCH],
                )
                rows = cursor.fetchall()
            if rows:
                paths = dict(Branch.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "path"))
                _add_to_subtrees(_by_ancestor((paths[r[0]], *r[1:]) for r in rows if r[0] in paths))
        folded += len(rows)
        if len(rows) < FOLD_BATCH:
            return folded


def _parent(branch: Branch) -> Branch | None:
    return Branch.objects.filter(path=branch.path[: -Branch.steplen]).first() if branch.depth > 1 else None


@contextmanager
def moving(branch: Branch):
    """Around a move of ``branch`` (and its subtree) under another parent, inside the move's
    transaction: its folded totals leave the old ancestors' subtree counters and reach the new
    ones', as two pending deltas (of the old parent, negative; of the new one). Its pending deltas
    follow it by themselves: they name their units, whose paths the move changes."""
    _hold_fold_lock()  # no fold adds to the old ancestors between this read and the move
    old_parent = _parent(branch)
    folded = {c.include_closed: c.values() for c in SubtreeCounter.objects.filter(branch=branch)}
    yield
    new_parent = _parent(Branch.objects.get(pk=branch.pk))
    deltas = []
    for include_closed, counts in folded.items():
        if old_parent is not None:
            deltas.append(
                CounterDelta(
                    branch=old_parent, include_closed=include_closed, **{f: -n for f, n in counts.items()}
                )
            )
        if new_parent is not None:
            deltas.append(CounterDelta(branch=new_parent, include_closed=include_closed, **counts))
    CounterDelta.objects.bulk_create(deltas)


def _remember_open(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save of a unit: whether it was open (a close or a reopen moves its own counts);
    a save of other fields only reads nothing."""
    skip = raw or instance.pk is None or (update_fields is not None and "is_active" not in update_fields)
    instance._counted_open = (
        None if skip else Branch.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    )


def _open_or_closed(sender, instance, raw=False, **kwargs):
    """After a unit closes (or opens again), in the save's transaction: its own counts leave (or
    join) the open units' totals of its subtree and of every unit above it."""
    was_open = getattr(instance, "_counted_open", None)
    if raw or was_open is None or was_open == instance.is_active:
        return
    own = UnitCounter.objects.filter(branch=instance).first()
    if own is not None and any(own.values().values()):
        sign = 1 if instance.is_active else -1
        CounterDelta.objects.create(
            branch=instance, include_closed=False, **{f: sign * n for f, n in own.values().items()}
        )


def _expected_subtrees() -> dict[tuple[str, bool], list[int]]:
    """Every subtree's totals added up from the unit counters (the slow way: for the reconcile)."""
    rows = UnitCounter.objects.values_list("branch__path", "branch__is_active", *COUNTED_FIELDS)
    every = [(path, True, *counts) for path, _active, *counts in rows]
    open_ = [(path, False, *counts) for path, active, *counts in rows if active]
    return _by_ancestor(every + open_)


def _quiesce() -> None:
    """Inside a transaction: hold the fold lock and keep every roster write out (PostgreSQL: the
    unit counters locked against writes) until it ends, so that a comparison or a rebuild of the
    subtree counters reads one settled state."""
    _hold_fold_lock()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {_table(UnitCounter)} IN SHARE MODE")


@transaction.atomic
def rebuild_subtrees() -> None:
    """The subtree counters computed again from the unit counters, the pending deltas dropped."""
    _quiesce()
    CounterDelta.objects.all().delete()
    SubtreeCounter.objects.all().delete()
    _add_to_subtrees(_expected_subtrees())


@dataclass(frozen=True)
class SubtreeDrift:
    """A subtree whose totals (folded and pending) differ from the sum of its unit counters."""

    path: str
    include_closed: bool
    stored: dict[str, int]
    actual: dict[str, int]

    @property
    def fields(self) -> list[str]:
        return _differing(self.stored, self.actual)


@transaction.atomic
def subtree_drift() -> list[SubtreeDrift]:
    """Every subtree whose totals differ from its unit counters added up."""
    _quiesce()
    expected = _expected_subtrees()
    stored = _by_ancestor(
        (path, inc, *counts)
        for path, inc, *counts in CounterDelta.objects.values_list(
            "branch__path", "include_closed", *COUNTED_FIELDS
        )
    )
    for path, inc, *counts in SubtreeCounter.objects.values_list(
        "branch__path", "include_closed", *COUNTED_FIELDS
    ):
        total = stored[(path, inc)]
        for i, n in enumerate(counts):
            total[i] += n
    zero = [0] * len(COUNTED_FIELDS)
    return [
        SubtreeDrift(
            key[0],
            key[1],
            dict(zip(COUNTED_FIELDS, stored.get(key, zero), strict=True)),
            dict(zip(COUNTED_FIELDS, expected.get(key, zero), strict=True)),
        )
        for key in sorted(set(stored) | set(expected))
        if stored.get(key, zero) != expected.get(key, zero)
    ]


# --- reconciliation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    """A unit whose counter differs from a fresh count of its roster."""

    branch_id: int
    stored: dict[str, int]
    actual: dict[str, int]

    @property
    def fields(self) -> list[str]:
        return _differing(self.stored, self.actual)


def _differing(stored: dict[str, int], actual: dict[str, int]) -> list[str]:
    """The counted fields whose stored value is not the actual one."""
    return [f for f in COUNTED_FIELDS if stored[f] != actual[f]]


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
    pre_save.connect(_remember_open, sender=Branch, dispatch_uid="branches.counters.remember_open")
    post_save.connect(_open_or_closed, sender=Branch, dispatch_uid="branches.counters.open_or_closed")
    pre_save.connect(_remember_unit, sender=Worker, dispatch_uid="branches.counters.remember")
    post_save.connect(_recount_saved, sender=Worker, dispatch_uid="branches.counters.saved")
    post_delete.connect(_recount_deleted, sender=Worker, dispatch_uid="branches.counters.deleted")
