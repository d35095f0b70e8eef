"""Transfers of membership (会员关系转接): lists, monthly flows and members on a date."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from unionhome import scope

from .. import rules
from ..models import Branch, MembershipTransfer, TransferTransition, Worker

_TRANSFER_RELATED = ("worker", "from_branch", "to_unit", "to_branch", "requested_by")


def transfers(user) -> QuerySet[MembershipTransfer]:
    """Transfers the user may see: out of or into their scope (district reviewers: the whole district)."""
    paths = scope.branches_for(user)
    if not paths:
        return MembershipTransfer.objects.none()
    q = scope.q_for(paths, "from_branch__path") | scope.q_for(paths, "to_unit__path")
    return MembershipTransfer.objects.filter(q).select_related(*_TRANSFER_RELATED)


def transfer_in_scope(user, pk) -> MembershipTransfer:
    return scope.get_or_404(transfers(user), user, None, pk=pk)


def transfer_steps(transfer: MembershipTransfer) -> QuerySet[TransferTransition]:
    return transfer.transitions.select_related("actor").order_by("at", "id")


def own_transfers(user) -> QuerySet[MembershipTransfer]:
    """A portal user's own transfers (the worker sees only their own records)."""
    if not getattr(user, "worker_id", None):
        return MembershipTransfer.objects.none()
    return MembershipTransfer.objects.filter(worker_id=user.worker_id).select_related(*_TRANSFER_RELATED)


def worker_transfers(worker: Worker) -> QuerySet[MembershipTransfer]:
    """One worker's transfers, newest first (for an officer who may see the worker)."""
    return MembershipTransfer.objects.filter(worker=worker).select_related(*_TRANSFER_RELATED)


def unit_transfers(branch: Branch) -> QuerySet[MembershipTransfer]:
    """A unit's membership history: transfers out of its subtree and into it."""
    q = Q(from_branch__path__startswith=branch.path) | Q(to_branch__path__startswith=branch.path)
    if branch.kind == Branch.Kind.ENTERPRISE or branch.is_federation:
        q |= Q(to_unit__path__startswith=branch.path)
    return MembershipTransfer.objects.filter(q).select_related(*_TRANSFER_RELATED)


def transfer_targets() -> QuerySet[Branch]:
    """Enterprise unions a transfer may name (names only: the receiving side is not in the sender's scope)."""
    return Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, is_active=True).order_by("path")


def receiving_branches(transfer: MembershipTransfer) -> QuerySet[Branch]:
    """Active units of the receiving enterprise, for the receiving officer's choice."""
    if transfer.to_unit_id is None:
        return Branch.objects.none()
    return Branch.objects.filter(path__startswith=transfer.to_unit.path, is_active=True).order_by("path")


def _accepted_moves(worker_ids=None, *, after: dt.date) -> dict[int, list[tuple[dt.date, str, str]]]:
    qs = MembershipTransfer.objects.filter(
        state=MembershipTransfer.State.ACCEPTED, effective_on__gt=after, to_branch__isnull=False
    )
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    moves: dict[int, list[tuple[dt.date, str, str]]] = {}
    for worker_id, on, src, dst in qs.values_list(
        "worker_id", "effective_on", "from_branch__path", "to_branch__path"
    ):
        moves.setdefault(worker_id, []).append((on, src, dst))
    return moves


def members_on(*, branches: list[Branch], on: dt.date) -> dict[int, int]:
    """Members of each unit's subtree on a date, counting a transferred member once, where they stood.

    A member counts where the transfer records place them on ``on`` (rules.path_on): the old unit
    before the transfer's effective date, the new one from it. Workers who had left by then, or who
    joined later, do not count. Three queries, whatever the number of units.
    """
    if not branches:
        return {}
    subtree = Q()
    for b in branches:
        subtree |= Q(branch__path__startswith=b.path)
    moved_q = Q()
    for b in branches:
        moved_q |= Q(from_branch__path__startswith=b.path) | Q(to_branch__path__startswith=b.path)
    moved_ids = set(
        MembershipTransfer.objects.filter(
            moved_q, state=MembershipTransfer.State.ACCEPTED, effective_on__gt=on, to_branch__isnull=False
        ).values_list("worker_id", flat=True)
    )
    rows = list(
        Worker.objects.filter(subtree | Q(pk__in=moved_ids))
        .filter(is_member=True, member_since__lte=on)
        .filter(Q(status=Worker.Status.ACTIVE) | Q(left_on__gt=on))
        .values_list("pk", "branch__path")
    )
    moves = _accepted_moves([pk for pk, _p in rows if pk in moved_ids], after=on) if moved_ids else {}
    counts = {b.pk: 0 for b in branches}
    for pk, current in rows:
        where = rules.path_on(current, moves.get(pk, []), on)
        for b in branches:
            if where.startswith(b.path):
                counts[b.pk] += 1
    return counts


def transfer_flow(*, paths: list[str], today: dt.date, months: int = 12) -> list[dict]:
    """Accepted transfers per month: into the given subtrees, out of them, and between units inside them."""
    keys = rules.last_months(today, months)
    first = dt.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    rows = {k: {"month": k, "in": 0, "out": 0, "within": 0} for k in keys}
    if not paths:
        return list(rows.values())
    inside = scope.q_for(paths, "from_branch__path") | scope.q_for(paths, "to_branch__path")
    qs = MembershipTransfer.objects.filter(
        inside, state=MembershipTransfer.State.ACCEPTED, effective_on__gte=first, effective_on__lte=today
    ).values_list("effective_on", "from_branch__path", "to_branch__path")

    def within(path: str | None) -> bool:
        return bool(path) and any(path.startswith(p) for p in paths)

    for on, src, dst in qs:
        row = rows.get(rules.in_month(on))
        if row is None:
            continue
        if within(src) and not within(dst):
            row["out"] += 1
        elif within(dst) and not within(src):
            row["in"] += 1
        else:
            row["within"] += 1
    return list(rows.values())
