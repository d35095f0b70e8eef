"""Reads of the organisation: scoped querysets and roll-ups. Never writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from unionhome import scope

from . import rules
from .facts import Fact
from .models import AccessLog, Appointment, AuditEvent, Branch, MembershipTransfer, TransferTransition, Worker

Role = Appointment.Role


def thresholds() -> dict:
    return settings.UNIONHOME


def visible_branches(user) -> QuerySet[Branch]:
    return scope.limit(Branch.objects.all(), user, path="path").order_by("path")


def branch_in_scope(user, pk) -> Branch:
    return scope.get_or_404(Branch.objects.all(), user, path="path", pk=pk)


def workers(user) -> QuerySet[Worker]:
    """Every roster entry the user may see, with its unit loaded."""
    return scope.limit(Worker.objects.select_related("branch"), user)


def worker_in_scope(user, pk) -> Worker:
    return scope.get_or_404(Worker.objects.select_related("branch"), user, pk=pk)


def own_worker(user) -> Worker | None:
    """The roster entry linked to a portal user, with its unit."""
    if not getattr(user, "is_authenticated", False) or not user.worker_id:
        return None
    return Worker.objects.select_related("branch").get(pk=user.worker_id)


def appointments_at(branch: Branch) -> QuerySet[Appointment]:
    return Appointment.objects.filter(branch=branch).select_related("user").order_by("role", "start")


@dataclass(frozen=True)
class BranchStats:
    """Rates of one node over its subtree (and of its own rows)."""

    branch: Branch
    level: int  # depth below the top of the view
    own: rules.Counts
    total: rules.Counts
    enrolment_rate: Decimal | None
    card_issuance_rate: Decimal | None
    enrolment_ok: bool | None
    cards_ok: bool | None
    women_body: rules.WomenBody

    @property
    def below_threshold(self) -> bool:
        return self.enrolment_ok is False or self.cards_ok is False


def _counts_by_branch(worker_qs: QuerySet[Worker]) -> dict[int, rules.Counts]:
    rows = (
        worker_qs.filter(status=Worker.Status.ACTIVE)
        .order_by()
        .values("branch_id")
        .annotate(
            workers=Count("id"),
            members=Count("id", filter=Q(is_member=True)),
            cards=Count("id", filter=Q(is_member=True, card_issued=True)),
            women=Count("id", filter=Q(gender=Worker.Gender.FEMALE)),
        )
    )
    return {r["branch_id"]: rules.Counts(r["workers"], r["members"], r["cards"], r["women"]) for r in rows}


def stats_for(branch: Branch, total: rules.Counts, own: rules.Counts, level: int = 0) -> BranchStats:
    t = thresholds()
    return BranchStats(
        branch=branch,
        level=level,
        own=own,
        total=total,
        enrolment_rate=rules.enrolment_rate(total.members, total.workers),
        card_issuance_rate=rules.card_issuance_rate(total.cards, total.members),
        enrolment_ok=rules.exact_ratio_meets(total.members, total.workers, t["ENROLMENT_TARGET"]),
        cards_ok=rules.exact_ratio_meets(total.cards, total.members, t["CARD_ISSUANCE_TARGET"]),
        women_body=rules.women_body_required(
            total.women, committee_min=t["WOMEN_COMMITTEE_MIN"], group_min=t["WOMEN_GROUP_MIN"]
        ),
    )


def tree_stats(user, root: Branch | None = None, *, include_closed: bool = False) -> list[BranchStats]:
    """Rates of every visible node (or of ``root``'s subtree), rolled up: two queries in all."""
    branches_qs = visible_branches(user)
    worker_qs = workers(user)
    if root is not None:
        branches_qs = branches_qs.filter(path__startswith=root.path)
        worker_qs = worker_qs.filter(branch__path__startswith=root.path)
    if not include_closed:
        branches_qs = branches_qs.filter(is_active=True)
    nodes = list(branches_qs)
    by_id = _counts_by_branch(worker_qs)
    own = {b.path: by_id.get(b.pk, rules.Counts()) for b in nodes}
    totals = rules.roll_up(own, [b.path for b in nodes])
    top_depth = min((b.depth for b in nodes), default=1)
    return [stats_for(b, totals[b.path], own[b.path], b.depth - top_depth) for b in nodes]


def stats_of(user, branch: Branch) -> BranchStats:
    """Rates of one node's subtree (two queries)."""
    rows = tree_stats(user, branch, include_closed=True)
    return next(r for r in rows if r.branch.pk == branch.pk)


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Roster facts of a unit's subtree for the assessment (keys: enrolment_rate, card_issuance_rate)."""
    own = _counts_by_branch(Worker.objects.filter(branch__path__startswith=branch.path))
    total = sum(own.values(), rules.Counts())
    return {
        "enrolment_rate": Fact(
            rules.enrolment_rate(total.members, total.workers),
            _("%(members)s members of %(workers)s active workers")
            % {"members": total.members, "workers": total.workers},
            _("roster"),
        ),
        "card_issuance_rate": Fact(
            rules.card_issuance_rate(total.cards, total.members),
            _("%(cards)s cards for %(members)s members") % {"cards": total.cards, "members": total.members},
            _("roster"),
        ),
        "active_workers": Fact(total.workers, "", _("roster")),
        "women_workers": Fact(total.women, "", _("roster")),
    }


def access_log(user) -> QuerySet[AccessLog]:
    """Access to sensitive records: union officers see their enterprise's, district reviewers all."""
    return scope.limit(
        AccessLog.objects.select_related("user"),
        user,
        "branch_path",
        Role.UNION_OFFICER,
        Role.DISTRICT_REVIEWER,
    )


def audit_trail(user) -> QuerySet[AuditEvent]:
    """The audit trail of the user's scope (officers and reviewers)."""
    return scope.limit(AuditEvent.objects.select_related("actor"), user, "branch_path")


# --- transfers of membership -----------------------------------------------------------------

_TRANSFER_RELATED = ("worker", "from_branch", "to_unit", "to_branch", "requested_by")


def transfers(user) -> QuerySet[MembershipTransfer]:
    """Transfers the user may see: out of or into their scope (district reviewers: the whole district)."""
    paths = scope.branches_for(user)
    if not paths:
        return MembershipTransfer.objects.none()
    q = scope.q_for(paths, "from_branch__path") | scope.q_for(paths, "to_unit__path")
    return MembershipTransfer.objects.filter(q).select_related(*_TRANSFER_RELATED)


def transfer_in_scope(user, pk) -> MembershipTransfer:
    try:
        return transfers(user).get(pk=pk)
    except MembershipTransfer.DoesNotExist as exc:
        raise Http404 from exc


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
    if branch.kind in (Branch.Kind.ENTERPRISE, Branch.Kind.DISTRICT):
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
