"""Scoped reads of democratic management shared by its sub-domains: enterprises, workers, managed units."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from branches import rules as branch_rules
from branches.models import Branch, Worker
from unionhome import permissions, scope

from ..models import Session, Term


def enterprise_q(user, field: str = "enterprise__path", *roles: str) -> Q:
    """Enterprise-level records a user may see: those of every enterprise in or above their scope.

    A branch officer sees their own enterprise's congress, contracts and surveys (docs/PERMISSIONS.md:
    "view"); a federation reviewer (at any level) sees every enterprise below the federation.
    """
    roots = scope.branches_for(user, *roles)
    if not roots:
        return Q(pk__in=[])
    if roots == [""]:
        return Q()
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(**{f"{field}__startswith": root})
        # the enterprise above a unit of the scope (``field`` names an enterprise, never a federation)
        above = branch_rules.ancestor_paths(root, Branch.steplen)
        if above:
            q |= Q(**{f"{field}__in": above})
    return q


def scope_root(user) -> str:
    """The path of the unit whose subtree holds the user's whole scope ("" for the whole system):
    what an export of "everything the user sees" covers, for the access log."""
    roots = scope.branches_for(user)
    if not roots or roots == [""]:
        return ""
    common = roots[0]
    for root in roots[1:]:
        while not root.startswith(common):
            common = common[: -Branch.steplen]
    return common


def enterprises(user) -> QuerySet[Branch]:
    return Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, is_active=True).filter(
        enterprise_q(user, "path")
    )


def managed_enterprises(user, name: str = "democracy.manage_congress") -> list[Branch]:
    """The enterprises where the user may do ``name`` (a ``democracy.manage_*`` permission)."""
    return [e for e in enterprises(user) if permissions.allowed(user, name, e)]


def enterprise_workers(enterprise: Branch) -> QuerySet[Worker]:
    return Worker.objects.filter(
        branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE
    ).select_related("branch")


def workers_of(enterprises: list[Branch]) -> QuerySet[Worker]:
    q = Q(pk__in=[])
    for e in enterprises:
        q |= Q(branch__path__startswith=e.path)
    return Worker.objects.filter(q, status=Worker.Status.ACTIVE).select_related("branch")


def managed_terms(user) -> QuerySet[Term]:
    return Term.objects.filter(enterprise__in=managed_enterprises(user)).select_related("enterprise")


def managed_sessions(user, name: str = "democracy.manage_congress") -> QuerySet[Session]:
    return Session.objects.filter(term__enterprise__in=managed_enterprises(user, name)).select_related(
        "term", "term__enterprise"
    )


def meeting_units(user) -> QuerySet[Branch]:
    """Branches and groups where the user may record lower-level meetings."""
    return scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP], is_active=True),
        user,
        "path",
        *scope.OFFICER_ROLES,
    ).order_by("path")


def publish_audiences(user) -> QuerySet[Branch]:
    """Enterprises and branches the user may publish disclosure items to."""
    return scope.limit(
        Branch.objects.filter(kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH], is_active=True),
        user,
        "path",
        *scope.OFFICER_ROLES,
    ).order_by("path")


def enterprise_of_worker(worker: Worker) -> Branch | None:
    return scope.enterprise_of(worker.branch)
