"""Scoped reads of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards
the participation rate.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import Count, Q, QuerySet

from branches.models import Branch, Worker

from ..models import Contest, Proposal
from .common import enterprise_q


def participation(enterprise: Branch, year: int) -> tuple[int, int]:
    """(workers who took part in proposals, competitions or skill contests; active workers)."""
    workers = Worker.objects.filter(branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE)
    took_part = workers.filter(
        Q(proposals__submitted_at__year=year)
        | Q(contests__enterprise=enterprise, contests__held_on__year=year)
    ).distinct()
    return took_part.count(), workers.count()


def participation_of(enterprises: list[Branch], year: int, *, chunk: int = 25) -> dict[int, tuple[int, int]]:
    """``participation`` of each of a few enterprises (a page of them; none inside another), by
    enterprise id, whatever the size of the scope: the active workers counted in one query per
    ``chunk`` enterprises, and those who took part read from the year's proposals and contests of
    these enterprises (two queries), never one query per enterprise or per worker."""
    if not enterprises:
        return {}
    by_path = {e.path: e.pk for e in enterprises}
    steplen = Branch.steplen
    within = Q(pk__in=[])
    for e in enterprises:
        within |= Q(branch__path__startswith=e.path)
    active = Worker.objects.filter(within, status=Worker.Status.ACTIVE)
    workers: dict[int, int] = {}
    for start in range(0, len(enterprises), chunk):
        part = enterprises[start : start + chunk]
        row = active.filter(
            reduce(operator.or_, (Q(branch__path__startswith=e.path) for e in part))
        ).aggregate(
            **{f"w{i}": Count("id", filter=Q(branch__path__startswith=e.path)) for i, e in enumerate(part)}
        )
        workers.update({e.pk: row[f"w{i}"] for i, e in enumerate(part)})

    def enterprise_of(path: str) -> int | None:
        for end in range(steplen, len(path) + 1, steplen):
            if path[:end] in by_path:
                return by_path[path[:end]]
        return None

    took_part: dict[int, set[int]] = {e.pk: set() for e in enterprises}
    proposers = active.filter(
        pk__in=Proposal.objects.filter(submitted_at__year=year).values("proposer_id")
    ).values_list("pk", "branch__path")
    for pk, path in proposers:
        took_part[enterprise_of(path)].add(pk)
    contestants = Contest.participants.through.objects.filter(
        contest__enterprise_id__in=list(by_path.values()),
        contest__held_on__year=year,
        worker__status=Worker.Status.ACTIVE,
    ).values_list("worker_id", "worker__branch__path", "contest__enterprise_id")
    for pk, path, enterprise_id in contestants:
        if enterprise_of(path) == enterprise_id:  # a contest counts for its own enterprise's workers
            took_part[enterprise_id].add(pk)
    return {e.pk: (len(took_part[e.pk]), workers[e.pk]) for e in enterprises}


def contests(user) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(participant_count=Count("participants"))
    )
