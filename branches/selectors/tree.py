"""Reads of the organisation tree: the units one may see or move a unit under, appointments."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from unionhome import scope

from .. import rules
from ..models import Appointment, Branch


def visible_branches(user) -> QuerySet[Branch]:
    return scope.limit(Branch.objects.all(), user, path="path").order_by("path")


def move_targets(user, branch: Branch) -> QuerySet[Branch]:
    """Open units an officer may move ``branch`` under: in their scope, of a kind that may hold it,
    and not inside the branch itself."""
    kinds = [parent for parent, children in rules.CHILD_KINDS.items() if branch.kind in children]
    units = Branch.objects.filter(is_active=True, kind__in=kinds).exclude(path__startswith=branch.path)
    return scope.limit(units, user, "path", *scope.OFFICER_ROLES).order_by("path")


def branch_in_scope(user, pk) -> Branch:
    return scope.get_or_404(Branch.objects.all(), user, path="path", pk=pk)


def appointments_at(branch: Branch) -> QuerySet[Appointment]:
    return Appointment.objects.filter(branch=branch).select_related("user").order_by("role", "start")


def enterprise_paths(roots: list[str]) -> set[str]:
    """Paths of the enterprise unions in or above the subtrees at ``roots`` (one query), to find
    the enterprise of any unit below them (``rules.enterprise_prefix``) at whatever depth the
    federations above put it."""
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root) | Q(path__in=rules.ancestor_paths(root, Branch.steplen))
    return set(Branch.objects.filter(q, kind=Branch.Kind.ENTERPRISE).values_list("path", flat=True))
