"""Scoped reads of letters and visits (来信来访): petitions, their answers and the flag for abnormal petitions."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Petition
from .common import _get, enterprise_q


def petitions(user) -> QuerySet[Petition]:
    return Petition.objects.filter(enterprise_q(user)).select_related("enterprise")


def petition(user, pk: int) -> Petition:
    return _get(petitions(user), pk=pk)
