"""What the reads of every sub-domain share: the thresholds, the roles, a subtree filter."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet

from ..models import Appointment, Branch

Role = Appointment.Role


def thresholds() -> dict:
    return settings.UNIONHOME


def _in_subtree(queryset: QuerySet, root: Branch | None, path: str = "branch__path") -> QuerySet:
    return queryset.filter(**{f"{path}__startswith": root.path}) if root is not None else queryset


def in_copied_scope(queryset: QuerySet, paths: list[str]) -> QuerySet:
    """The rows of a table that copies its unit's path (``path``) within the subtrees of ``paths``
    (``[""]``: the whole tree; ``[]``: nothing): by the copied path, as an index range of the
    paths below each root (of the tree's alphabet, so under any collation), and by the unit's
    current path (a unit moved since the copy is left out)."""
    if not paths:
        return queryset.none()
    if paths == [""]:
        return queryset
    last = Branch.alphabet[-1] * queryset.model._meta.get_field("path").max_length
    within = Q(pk__in=[])
    for p in paths:
        within |= Q(
            path__startswith=p, path__gte=p, path__lte=(p + last)[: len(last)], branch__path__startswith=p
        )
    return queryset.filter(within)
