"""Scoped reads of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from branches.models import Branch, Worker
from unionhome import scope

from .. import conf, rules
from ..models import Disclosure, Survey, SurveyAnswer, SurveyParticipation
from .common import ENTERPRISE_PATH_LEN, _get, enterprise_of_worker, enterprise_q


def disclosures(user) -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(enterprise_q(user)).select_related("enterprise", "audience")


def disclosure(user, pk: int) -> Disclosure:
    return _get(disclosures(user), pk=pk)


def disclosures_for_worker(worker: Worker) -> QuerySet[Disclosure]:
    """Published items whose audience holds the worker's unit (their enterprise or a unit above them)."""
    return Disclosure.objects.filter(
        published=True, audience__path__in=worker.branch.ancestor_paths()
    ).select_related("audience")


def disclosure_for_worker(worker: Worker, pk: int) -> Disclosure:
    return _get(disclosures_for_worker(worker), pk=pk)


def surveys(user) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(answer_count=Count("answers", distinct=True))
    )


def survey(user, pk: int) -> Survey:
    return _get(surveys(user), pk=pk)


@dataclass
class SurveyResult:
    answers: int
    knows: int
    satisfied: int
    basic: int
    unsatisfied: int
    workers: int
    subtree: bool = False  # only the answers of the viewer's own units (a branch officer)

    @property
    def withheld(self) -> bool:
        """Too few answers in a subtree to show without exposing who answered what."""
        return self.subtree and self.answers < rules.SUBTREE_RESULT_MIN_ANSWERS

    @property
    def knowledge_rate(self) -> Decimal | None:
        return None if self.withheld else rules.rate(self.knows, self.answers)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Satisfied and basically satisfied answers ÷ answers."""
        return None if self.withheld else rules.rate(self.satisfied + self.basic, self.answers)

    @property
    def response_rate(self) -> Decimal | None:
        return rules.rate(self.answers, self.workers)

    @property
    def knowledge_meets(self) -> bool | None:
        return rules.meets(self.knowledge_rate, conf.get("KNOWLEDGE_TARGET"))

    @property
    def satisfaction_meets(self) -> bool | None:
        return rules.meets(self.satisfaction_rate, conf.get("SATISFACTION_TARGET"))

    @property
    def satisfaction_meets_model_small_home(self) -> bool | None:
        return rules.meets(self.satisfaction_rate, conf.get("SATISFACTION_TARGET_MODEL_SMALL_HOME"))


def _active_workers_by_enterprise(enterprise_paths: set[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    q = Q(pk__in=[])
    for path in enterprise_paths:
        q |= Q(branch__path__startswith=path)
    for path, n in (
        Worker.objects.filter(q, status=Worker.Status.ACTIVE)
        .order_by()
        .values_list("branch__path")
        .annotate(n=Count("id"))
    ):
        key = path[:ENTERPRISE_PATH_LEN]
        counts[key] = counts.get(key, 0) + n
    return counts


def _answer_counts(suffix: str = "", within: Q | None = None) -> dict:
    """Answer counts per survey, optionally only of answers from some units (``within``)."""
    within = within if within is not None else Q()
    by = SurveyAnswer.Satisfaction
    return {
        f"n_answers{suffix}": Count("answers", filter=within, distinct=True),
        f"n_knows{suffix}": Count("answers", filter=within & Q(answers__knows=True), distinct=True),
        f"n_satisfied{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.SATISFIED), distinct=True
        ),
        f"n_basic{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.BASIC), distinct=True
        ),
        f"n_unsatisfied{suffix}": Count(
            "answers", filter=within & Q(answers__satisfaction=by.UNSATISFIED), distinct=True
        ),
    }


ANSWER_COUNTS = _answer_counts()


def _sees_whole_survey(user, survey: Survey) -> bool:
    """Union officers of the enterprise and district reviewers see every answer; a branch officer
    sees only the answers from their own units (PERMISSIONS.md: results of own subtree)."""
    return scope.covers(user, survey.enterprise.path)


def survey_results(user) -> list[tuple[Survey, SurveyResult]]:
    """Every visible survey with its result, in three queries whatever the number of surveys."""
    paths = scope.branches_for(user)
    rows = list(
        surveys(user).annotate(
            **ANSWER_COUNTS, **_answer_counts("_own", scope.q_for(paths, "answers__branch__path"))
        )
    )
    workers = _active_workers_by_enterprise({s.enterprise.path for s in rows})
    own_workers = (
        Counter(
            path[:ENTERPRISE_PATH_LEN]
            for path in Worker.objects.filter(scope.q_for(paths), status=Worker.Status.ACTIVE).values_list(
                "branch__path", flat=True
            )
        )
        if any(not _sees_whole_survey(user, s) for s in rows)
        else Counter()
    )
    results = []
    for s in rows:
        if _sees_whole_survey(user, s):
            result = SurveyResult(s.n_answers, s.n_knows, s.n_satisfied, s.n_basic, s.n_unsatisfied,
                                  workers.get(s.enterprise.path, 0))  # fmt: skip
        else:
            result = SurveyResult(s.n_answers_own, s.n_knows_own, s.n_satisfied_own, s.n_basic_own,
                                  s.n_unsatisfied_own, own_workers.get(s.enterprise.path, 0), subtree=True)  # fmt: skip
        results.append((s, result))
    return results


def survey_result(survey: Survey, user=None) -> SurveyResult:
    """A survey's result: all its answers, or, for a viewer who does not see the whole enterprise,
    only the answers and workers of the viewer's own units."""
    answers = SurveyAnswer.objects.filter(survey=survey)
    workers = Worker.objects.filter(
        branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE
    )
    subtree = user is not None and not _sees_whole_survey(user, survey)
    if subtree:
        paths = scope.branches_for(user)
        answers = answers.filter(scope.q_for(paths))
        workers = workers.filter(scope.q_for(paths))
    agg = answers.aggregate(
        n=Count("id"),
        knows=Count("id", filter=Q(knows=True)),
        satisfied=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.SATISFIED)),
        basic=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.BASIC)),
        unsatisfied=Count("id", filter=Q(satisfaction=SurveyAnswer.Satisfaction.UNSATISFIED)),
    )
    return SurveyResult(
        agg["n"],
        agg["knows"],
        agg["satisfied"],
        agg["basic"],
        agg["unsatisfied"],
        workers.count(),
        subtree=subtree,
    )


def survey_response_by_branch(user, survey: Survey) -> list[tuple[Branch, int, int, Decimal | None]]:
    """Response rate per branch of the user's scope (who answered is known; what they answered is not)."""
    branches = list(
        scope.limit(
            Branch.objects.filter(path__startswith=survey.enterprise.path, kind=Branch.Kind.BRANCH),
            user,
            "path",
        ).order_by("path")
    )
    answered: dict[str, int] = {}
    for path, n in (
        SurveyParticipation.objects.filter(survey=survey)
        .order_by()
        .values_list("worker__branch__path")
        .annotate(n=Count("id"))
    ):
        answered[path[: 3 * Branch.steplen]] = answered.get(path[: 3 * Branch.steplen], 0) + n
    workers: dict[str, int] = {}
    for path, n in (
        Worker.objects.filter(branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE)
        .order_by()
        .values_list("branch__path")
        .annotate(n=Count("id"))
    ):
        workers[path[: 3 * Branch.steplen]] = workers.get(path[: 3 * Branch.steplen], 0) + n
    return [
        (
            b,
            answered.get(b.path, 0),
            workers.get(b.path, 0),
            rules.rate(answered.get(b.path, 0), workers.get(b.path, 0)),
        )
        for b in branches
    ]


def open_surveys_for(worker: Worker) -> QuerySet[Survey]:
    enterprise = enterprise_of_worker(worker)
    return Survey.objects.filter(enterprise=enterprise, is_open=True).annotate(
        answered=Exists(SurveyParticipation.objects.filter(survey=OuterRef("pk"), worker=worker))
    )


def portal_survey(worker: Worker, pk: int) -> Survey:
    return _get(open_surveys_for(worker), pk=pk)
