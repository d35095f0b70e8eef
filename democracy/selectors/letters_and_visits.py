"""Scoped reads of letters and visits (来信来访): petitions, their answers and the flag for abnormal petitions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from unionhome import scope

from ..models import Petition
from .common import enterprise_q


def petitions(user) -> QuerySet[Petition]:
    return Petition.objects.filter(enterprise_q(user)).select_related("enterprise")


def petitions_of_unit(branch) -> QuerySet[Petition]:
    """The letters and visits of a unit's enterprise union(s), for the unit's own assessment facts
    (the unit's subtree and the enterprise above it: the scope of the facts, not of a user)."""
    return Petition.objects.filter(
        Q(enterprise__path__startswith=branch.path) | Q(enterprise__path__in=branch.ancestor_paths())
    ).select_related("enterprise")


def petition(user, pk: int) -> Petition:
    return scope.get_or_404(petitions(user), user, None, pk=pk)
