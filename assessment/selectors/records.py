"""Scoped reads of the assessments: the list with its live totals, one assessment, its scores, evidence, steps and contests."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from unionhome import scope

from ..models import Assessment, Evidence, ItemScore, VetoContest

_DEC = DecimalField(max_digits=6, decimal_places=1)


def _with_totals(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    counted = Coalesce("scores__reviewer_score", "scores__self_score")
    return qs.annotate(
        live_total=Coalesce(Sum(counted, output_field=_DEC), Value(Decimal(0)), output_field=_DEC)
    )


def assessments(user) -> QuerySet[Assessment]:
    return _with_totals(scope.limit(Assessment.objects.select_related("branch", "standard"), user)).order_by(
        "-period_start", "branch__path", "-id"
    )


def assessment_in_scope(user, pk) -> Assessment:
    return scope.get_or_404(Assessment.objects.select_related("branch", "standard"), user, pk=pk)


def scores_of(assessment: Assessment) -> list[ItemScore]:
    return list(
        assessment.scores.select_related("item__section").order_by(
            "item__section__order", "item__order", "item_id"
        )
    )


def evidence_of(assessment: Assessment) -> dict[int, list[Evidence]]:
    by_item: dict[int, list[Evidence]] = defaultdict(list)
    for e in assessment.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"):
        by_item[e.item_id].append(e)
    return by_item


def evidence_in_scope(user, pk) -> Evidence:
    return scope.get_or_404(
        Evidence.objects.select_related("assessment__branch", "item"), user, "assessment__branch__path", pk=pk
    )


def transitions_of(assessment: Assessment):
    return assessment.transitions.select_related("actor").order_by("at", "id")


def contests_of(assessment: Assessment) -> dict[int, VetoContest]:
    """The unit's contests of its vetoes, by veto item."""
    return {c.veto_rule_id: c for c in assessment.veto_contests.select_related("contested_by")}
