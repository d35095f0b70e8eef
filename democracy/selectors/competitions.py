"""Scoped reads of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards
the participation rate.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from branches.models import Branch, Worker

from ..models import Contest
from .common import enterprise_q


def participation(enterprise: Branch, year: int) -> tuple[int, int]:
    """(workers who took part in proposals, competitions or skill contests; active workers)."""
    workers = Worker.objects.filter(branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE)
    took_part = workers.filter(
        Q(proposals__submitted_at__year=year)
        | Q(contests__enterprise=enterprise, contests__held_on__year=year)
    ).distinct()
    return took_part.count(), workers.count()


def contests(user) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(participant_count=Count("participants"))
    )
