"""Scoped reads of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards
the participation rate.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

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
    """``participation`` of each of a few enterprises (a page of them), by enterprise id: one
    query per ``chunk`` enterprises, counted in the database, whatever the size of the scope."""
    result: dict[int, tuple[int, int]] = {}
    proposed = Exists(Proposal.objects.filter(proposer=OuterRef("pk"), submitted_at__year=year))
    for start in range(0, len(enterprises), chunk):
        part = enterprises[start : start + chunk]
        within = Q(pk__in=[])
        for e in part:
            within |= Q(branch__path__startswith=e.path)
        counts = {}
        for i, e in enumerate(part):
            below = Q(branch__path__startswith=e.path)
            contested = Exists(
                Contest.participants.through.objects.filter(
                    worker_id=OuterRef("pk"), contest__enterprise_id=e.pk, contest__held_on__year=year
                )
            )
            counts[f"w{i}"] = Count("id", filter=below)
            counts[f"t{i}"] = Count("id", filter=below & (Q(proposed) | Q(contested)))
        row = Worker.objects.filter(within, status=Worker.Status.ACTIVE).aggregate(**counts)
        for i, e in enumerate(part):
            result[e.pk] = (row[f"t{i}"], row[f"w{i}"])
    return result


def contests(user) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(participant_count=Count("participants"))
    )
