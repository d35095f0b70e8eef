"""Members' evaluation rounds: the office's list and results, and the rounds a worker may answer."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, OuterRef, QuerySet

from unionhome import answer_once, scope

from .. import rules
from ..models import EvaluationAnswer, EvaluationRound, Participation


def rounds(user) -> QuerySet[EvaluationRound]:
    return scope.limit(
        EvaluationRound.objects.select_related("branch").annotate(answer_count=Count("answers")), user
    ).order_by("-year", "-id")


def round_in_scope(user, pk) -> EvaluationRound:
    return scope.get_or_404(EvaluationRound.objects.select_related("branch"), user, pk=pk)


def round_results(round_: EvaluationRound) -> dict:
    """A round's result: the number of answers, and the counts, rate and suggestions only where
    ``unionhome.answer_once.results_visible`` allows (the round closed, enough answers)."""
    answers = round_.answers.count()
    if not answer_once.results_visible(round_, answers):
        return {"answers": answers, "withheld": True, "minimum": answer_once.minimum_answers()}
    verdicts = Counter(round_.answers.values_list("verdict", flat=True))
    return {
        "answers": answers,
        "withheld": False,
        "counts": [(v, label, verdicts.get(v, 0)) for v, label in EvaluationAnswer.Verdict.choices],
        "rate": rules.satisfaction_rate(verdicts),
        # in the random key's order: never the order in which members answered
        "comments": list(
            round_.answers.exclude(comment="").order_by("id").values_list("comment", flat=True)[:50]
        ),
    }


def open_rounds_for_worker(worker) -> list[EvaluationRound]:
    """Open rounds the worker may answer: of their unit or above; members' rounds for members only."""
    rounds = EvaluationRound.objects.filter(is_open=True, branch__path__in=worker.branch.ancestor_paths())
    if not worker.is_member:
        rounds = rounds.filter(audience=EvaluationRound.Audience.WORKERS)
    return list(
        rounds.annotate(answered=Exists(Participation.objects.filter(round=OuterRef("pk"), worker=worker)))
        .select_related("branch")
        .order_by("-year", "-id")
    )


def open_round_for_worker(worker, pk) -> EvaluationRound:
    rounds = EvaluationRound.objects.filter(branch__path__in=worker.branch.ancestor_paths())
    return scope.get_or_404(rounds, None, None, pk=pk)
