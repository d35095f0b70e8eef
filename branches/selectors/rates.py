"""Rates of the tree (enrolment, card issuance, the women workers' body), rolled up by path."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404

from unionhome import scope

from .. import counters, rules
from ..models import Branch
from ._common import thresholds
from .tree import visible_branches


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


def as_counts(values: dict[str, int]) -> rules.Counts:
    return rules.Counts(values["workers"], values["members"], values["cards"], values["women"])


def _counts_by_branch(branch_ids) -> dict[int, rules.Counts]:
    """Each unit's own active rows, read from its counter (``branches/counters.py``)."""
    return {pk: as_counts(values) for pk, values in counters.own_counts(branch_ids).items()}


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
    """Rates of every visible node (or of ``root``'s subtree), rolled up from the units' counters:
    two queries in all, none over the roster."""
    branches_qs = visible_branches(user)
    if root is not None:
        branches_qs = branches_qs.filter(path__startswith=root.path)
    if not include_closed:
        branches_qs = branches_qs.filter(is_active=True)
    nodes = list(branches_qs)
    by_id = _counts_by_branch([b.pk for b in nodes])
    own = {b.path: by_id.get(b.pk, rules.Counts()) for b in nodes}
    totals = rules.roll_up(own, [b.path for b in nodes])
    top_depth = min((b.depth for b in nodes), default=1)
    return [stats_for(b, totals[b.path], own[b.path], b.depth - top_depth) for b in nodes]


def stats_of(user, branch: Branch, *, include_closed: bool = True) -> BranchStats:
    """Rates of one node's subtree (``branch`` in the user's scope; its closed units counted unless
    not ``include_closed``): one SUM of the counters along its path and its own counter, whatever
    the size of the subtree. The figures of ``tree_stats`` for that node."""
    if not scope.covers(user, branch.path):
        raise Http404
    total = counters.subtree_totals(branch.path, include_closed=include_closed)
    own = counters.own_counts([branch.pk]).get(branch.pk, counters.ZERO)
    return stats_for(branch, as_counts(total), as_counts(own))
