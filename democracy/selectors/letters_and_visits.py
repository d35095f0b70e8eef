"""Scoped reads of letters and visits (来信来访): petitions, their answers and the flag for abnormal petitions."""

from __future__ import annotations

from django.db.models import QuerySet

from unionhome import scope

from ..models import Petition
from .common import enterprise_q


def petitions(user) -> QuerySet[Petition]:
    return Petition.objects.filter(enterprise_q(user)).select_related("enterprise")


def petition(user, pk: int) -> Petition:
    return scope.get_or_404(petitions(user), user, None, pk=pk)
