"""Scoped reads of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from branches import rules as branch_rules
from branches.models import Branch, UnitCounter, Worker
from unionhome import answer_once, permissions, scope

from .. import conf, rules
from ..models import Disclosure, Survey, SurveyAnswer, SurveyParticipation
from .common import enterprise_of_worker, enterprise_q


def disclosures(user) -> QuerySet[Disclosure]:
    """Published items of the enterprises the user sees; drafts only of the audiences in or below
    the user's own units (``democracy.see_disclosure_draft``)."""
    items = Disclosure.objects.filter(enterprise_q(user)).select_related("enterprise", "audience")
    roots = scope.branches_for(user)
    if roots == [""]:
        return items  # an administrator
    return items.filter(Q(published=True) | scope.q_for(roots, "audience__path"))


def disclosure(user, pk: int) -> Disclosure:
    return scope.get_or_404(disclosures(user), user, None, pk=pk)


def disclosures_for_worker(worker: Worker) -> QuerySet[Disclosure]:
    """Published items whose audience holds the worker's unit (their enterprise or a unit above them);
    none for a worker who has left (``democracy.read_internal``)."""
    if worker.status != Worker.Status.ACTIVE:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(
        published=True, audience__path__in=worker.branch.ancestor_paths()
    ).select_related("audience")


def disclosure_for_worker(worker: Worker, pk: int) -> Disclosure:
    return scope.get_or_404(disclosures_for_worker(worker), None, None, pk=pk)


def surveys(user) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(answer_count=Count("answers", distinct=True))
    )


def survey(user, pk: int) -> Survey:
    return scope.get_or_404(surveys(user), user, None, pk=pk)


@dataclass
class SurveyResult:
    """A survey's result as one viewer may see it. The counts per answer are computed only where
    ``unionhome.answer_once.results_visible`` allows (the survey closed, enough answers behind
    them); otherwise they are None and nothing derived from them is shown."""

    answers: int
    knows: int | None
    satisfied: int | None
    basic: int | None
    unsatisfied: int | None
    workers: int
    subtree: bool = False  # only the answers of the viewer's own units (a branch officer)
    is_open: bool = False

    @property
    def withheld(self) -> bool:
        return self.knows is None

    @property
    def minimum(self) -> int:
        return answer_once.minimum_answers()

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
    """The active workers of each enterprise's subtree, from the units' counters (never the roster):
    one query over the counters of the given enterprises' units."""
    counts: dict[str, int] = {}
    if not enterprise_paths:
        return counts
    for path, n in UnitCounter.objects.filter(scope.q_for(sorted(enterprise_paths))).values_list(
        "branch__path", "workers"
    ):
        key = branch_rules.enterprise_prefix(path, enterprise_paths, Branch.steplen)
        counts[key] = counts.get(key, 0) + n
    return counts


BY = SurveyAnswer.Satisfaction
BREAKDOWN = {
    "knows": Count("id", filter=Q(knows=True)),
    "satisfied": Count("id", filter=Q(satisfaction=BY.SATISFIED)),
    "basic": Count("id", filter=Q(satisfaction=BY.BASIC)),
    "unsatisfied": Count("id", filter=Q(satisfaction=BY.UNSATISFIED)),
}
NO_BREAKDOWN = dict.fromkeys(BREAKDOWN)


def _breakdown(survey_ids: list[int], within: Q) -> dict[int, dict]:
    """Counts per answer of the given surveys (only those whose results may be shown)."""
    if not survey_ids:
        return {}
    return {
        row.pop("survey_id"): row
        for row in SurveyAnswer.objects.filter(within, survey_id__in=survey_ids)
        .order_by()
        .values("survey_id")
        .annotate(**BREAKDOWN)
    }


def _sees_whole_survey(user, survey: Survey) -> bool:
    """Every answer, or only those from the viewer's own units (``democracy.see_whole_survey``)."""
    return permissions.allowed(user, "democracy.see_whole_survey", survey)


def survey_rows(user) -> QuerySet[Survey]:
    """The visible surveys, each with its answers from the viewer's own units (``n_answers_own``)."""
    paths = scope.branches_for(user)
    return surveys(user).annotate(
        n_answers_own=Count("answers", filter=scope.q_for(paths, "answers__branch__path"), distinct=True)
    )


def survey_results(user, rows: list[Survey] | None = None) -> list[tuple[Survey, SurveyResult]]:
    """The given surveys of ``survey_rows`` (a page of them; by default every visible survey) with
    their results, in a fixed number of queries. The counts per answer are asked for only for the
    surveys whose results may be shown to this viewer."""
    paths = scope.branches_for(user)
    own = scope.q_for(paths, "branch__path")
    rows = list(survey_rows(user)) if rows is None else rows
    enterprise_paths = {s.enterprise.path for s in rows}
    workers = _active_workers_by_enterprise(enterprise_paths)
    own_workers = (
        Counter(
            branch_rules.enterprise_prefix(path, enterprise_paths, Branch.steplen)
            for path in Worker.objects.filter(
                scope.q_for(paths), scope.q_for(sorted(enterprise_paths)), status=Worker.Status.ACTIVE
            ).values_list("branch__path", flat=True)
        )
        if any(not _sees_whole_survey(user, s) for s in rows)
        else Counter()
    )
    whole = {s.pk: _sees_whole_survey(user, s) for s in rows}
    count = {s.pk: s.answer_count if whole[s.pk] else s.n_answers_own for s in rows}
    visible = {s.pk for s in rows if answer_once.results_visible(s, count[s.pk])}
    counts = _breakdown([pk for pk in visible if whole[pk]], Q())
    counts |= _breakdown([pk for pk in visible if not whole[pk]], own)
    results = []
    for s in rows:
        breakdown = counts.get(s.pk, dict.fromkeys(BREAKDOWN, 0)) if s.pk in visible else NO_BREAKDOWN
        n_workers = (
            workers.get(s.enterprise.path, 0) if whole[s.pk] else own_workers.get(s.enterprise.path, 0)
        )
        results.append(
            (
                s,
                SurveyResult(
                    count[s.pk], **breakdown, workers=n_workers, subtree=not whole[s.pk], is_open=s.is_open
                ),
            )
        )
    return results


def survey_result(survey: Survey, user=None) -> SurveyResult:
    """A survey's result: all its answers, or, for a viewer who does not see the whole enterprise,
    only the answers and workers of the viewer's own units; counts per answer only where they may
    be shown."""
    answers = SurveyAnswer.objects.filter(survey=survey)
    workers = Worker.objects.filter(
        branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE
    )
    subtree = user is not None and not _sees_whole_survey(user, survey)
    if subtree:
        paths = scope.branches_for(user)
        answers = answers.filter(scope.q_for(paths))
        workers = workers.filter(scope.q_for(paths))
    n = answers.count()
    breakdown = answers.aggregate(**BREAKDOWN) if answer_once.results_visible(survey, n) else NO_BREAKDOWN
    return SurveyResult(n, **breakdown, workers=workers.count(), subtree=subtree, is_open=survey.is_open)


def survey_response_by_branch(user, survey: Survey) -> list[tuple[Branch, int, int, Decimal | None]]:
    """Response rate per branch of the user's scope (who answered is known; what they answered is not)."""
    branches = list(
        scope.limit(
            Branch.objects.filter(path__startswith=survey.enterprise.path, kind=Branch.Kind.BRANCH),
            user,
            "path",
        ).order_by("path")
    )
    unit_len = len(survey.enterprise.path) + Branch.steplen  # the units right under the enterprise
    answered: dict[str, int] = {}
    for path, n in (
        SurveyParticipation.objects.filter(survey=survey)
        .order_by()
        .values_list("worker__branch__path")
        .annotate(n=Count("id"))
    ):
        answered[path[:unit_len]] = answered.get(path[:unit_len], 0) + n
    workers: dict[str, int] = {}
    for path, n in (
        Worker.objects.filter(branch__path__startswith=survey.enterprise.path, status=Worker.Status.ACTIVE)
        .order_by()
        .values_list("branch__path")
        .annotate(n=Count("id"))
    ):
        workers[path[:unit_len]] = workers.get(path[:unit_len], 0) + n
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
    return scope.get_or_404(open_surveys_for(worker), None, None, pk=pk)
