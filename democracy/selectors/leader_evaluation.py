"""Scoped reads of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the
representatives' ratings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet

from unionhome import answer_once, scope

from .. import rules
from ..models import EvaluationRound, Leader, Rating, RatingCast, Representative
from .common import enterprise_q

EVALUATION_ROLES = (scope.Role.UNION_OFFICER, scope.Role.DISTRICT_REVIEWER)


def evaluation_rounds(user) -> QuerySet[EvaluationRound]:
    return (
        EvaluationRound.objects.filter(
            enterprise_q(user, "session__term__enterprise__path", *EVALUATION_ROLES)
        )
        .select_related("session", "session__term", "session__term__enterprise")
        .annotate(cast_count=Count("casts", distinct=True), leader_count=Count("leaders", distinct=True))
    )


def evaluation_round(user, pk: int) -> EvaluationRound:
    return scope.get_or_404(evaluation_rounds(user), user, None, pk=pk)


@dataclass
class LeaderResult:
    """One leader's ratings; ``counts`` and ``shares`` are None while withheld (the round open, or
    fewer than ``UNIONHOME_MIN_ANSWERS`` ratings), and are then never computed."""

    leader: Leader
    counts: dict[str, int] | None
    shares: dict[str, Decimal | None] | None
    total: int

    @property
    def withheld(self) -> bool:
        return self.counts is None

    @property
    def cells(self) -> list[tuple[int, Decimal | None]]:
        return [(self.counts[g], self.shares[g]) for g in Rating.Grade.values] if self.counts else []


def evaluation_results(round_: EvaluationRound) -> list[LeaderResult]:
    """Per leader: how many rated, and the count and share per grade only where
    ``unionhome.answer_once.results_visible`` allows it."""
    leaders = list(round_.leaders.annotate(n=Count("ratings")))
    visible = [leader.pk for leader in leaders if answer_once.results_visible(round_, leader.n)]
    grades = Counter(
        Rating.objects.filter(leader_id__in=visible).order_by().values_list("leader_id", "grade")
    )
    results = []
    for leader in leaders:
        if leader.pk not in visible:
            results.append(LeaderResult(leader, None, None, leader.n))
            continue
        counts = {g: grades[(leader.pk, g)] for g in Rating.Grade.values}
        results.append(
            LeaderResult(
                leader, counts, {g: rules.rate(counts[g], leader.n) for g in Rating.Grade.values}, leader.n
            )
        )
    return results


def open_rounds_for(rep: Representative) -> QuerySet[EvaluationRound]:
    return EvaluationRound.objects.filter(session__term=rep.term, is_open=True).annotate(
        has_rated=Exists(RatingCast.objects.filter(round=OuterRef("pk"), representative=rep))
    )


def portal_round(rep: Representative, pk: int) -> EvaluationRound:
    return scope.get_or_404(open_rounds_for(rep).prefetch_related("leaders"), None, None, pk=pk)
