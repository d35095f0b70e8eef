"""What the reads of every sub-domain share: the thresholds, the roles, a subtree filter."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from ..models import Appointment, Branch

Role = Appointment.Role


def thresholds() -> dict:
    return settings.UNIONHOME


def _in_subtree(queryset: QuerySet, root: Branch | None, path: str = "branch__path") -> QuerySet:
    return queryset.filter(**{f"{path}__startswith": root.path}) if root is not None else queryset
