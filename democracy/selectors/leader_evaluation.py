"""Scoped reads of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the
representatives' ratings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from unionhome import scope

from .. import rules
from ..models import EvaluationRound, Leader, Rating, RatingCast, Representative
from .common import _get, enterprise_q

EVALUATION_ROLES = (scope.Role.UNION_OFFICER, scope.Role.DISTRICT_REVIEWER)


def may_see_evaluations(user) -> bool:
    """Leader evaluation results: union officers and district reviewers, not branch officers."""
    return scope.is_admin(user) or bool(scope.roles(user) & set(EVALUATION_ROLES))


def evaluation_rounds(user) -> QuerySet[EvaluationRound]:
    return (
        EvaluationRound.objects.filter(
            enterprise_q(user, "session__term__enterprise__path", *EVALUATION_ROLES)
        )
        .select_related("session", "session__term", "session__term__enterprise")
        .annotate(cast_count=Count("casts", distinct=True), leader_count=Count("leaders", distinct=True))
    )


def evaluation_round(user, pk: int) -> EvaluationRound:
    return _get(evaluation_rounds(user), pk=pk)


@dataclass
class LeaderResult:
    leader: Leader
    counts: dict[str, int]
    shares: dict[str, Decimal | None]
    total: int

    @property
    def cells(self) -> list[tuple[int, Decimal | None]]:
        return [(self.counts[g], self.shares[g]) for g in Rating.Grade.values]


def evaluation_results(round_: EvaluationRound) -> list[LeaderResult]:
    leaders = round_.leaders.prefetch_related(
        Prefetch("ratings", queryset=Rating.objects.only("leader_id", "grade"))
    )
    results = []
    for leader in leaders:
        counts = Counter(r.grade for r in leader.ratings.all())
        total = sum(counts.values())
        results.append(
            LeaderResult(
                leader,
                {g: counts[g] for g in Rating.Grade.values},
                {g: rules.rate(counts[g], total) for g in Rating.Grade.values},
                total,
            )
        )
    return results


def open_rounds_for(rep: Representative) -> QuerySet[EvaluationRound]:
    return EvaluationRound.objects.filter(session__term=rep.term, is_open=True).annotate(
        has_rated=Exists(RatingCast.objects.filter(round=OuterRef("pk"), representative=rep))
    )


def portal_round(rep: Representative, pk: int) -> EvaluationRound:
    return _get(open_rounds_for(rep).prefetch_related("leaders"), pk=pk)
