"""The one scoping rule: which part of the organisation tree a user may see.

Every list, detail, export, import and chart goes through ``limit`` (or ``branches_for``).
A user sees the subtrees of the nodes where they hold an active appointment; a superuser sees
everything; anyone else (a worker, a stranger) sees no node at all, and fails closed.

The appointment and unit models are named in settings (``UNIONHOME_APPOINTMENT_MODEL``,
``UNIONHOME_UNIT_MODEL``) and fetched from the app registry when needed: the kernel imports no app.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from unionhome.roles import ALL_ROLES, Role
from unionhome.roles import OFFICER_ROLES as OFFICER_ROLES  # scope.OFFICER_ROLES, as before

_CACHE_ATTR = "_unionhome_appointments"


def appointment_model() -> type[Model]:
    """The model of a role held at a unit (``user``, ``branch``, ``role``, ``start``, ``end``)."""
    return apps.get_model(settings.UNIONHOME_APPOINTMENT_MODEL)


def unit_model() -> type[Model]:
    """The model of a unit of the organisation tree (``path``, ``kind``, ``is_active``)."""
    return apps.get_model(settings.UNIONHOME_UNIT_MODEL)


def active_appointments(user) -> list:
    """The user's appointments in force today (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            appointment_model()
            .objects.filter(user=user, start__lte=today, branch__is_active=True)
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("branch")
            .order_by("branch__path")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached appointments (after an appointment changes)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def roles(user) -> set[str]:
    return {a.role for a in active_appointments(user)}


def is_staff_member(user) -> bool:
    """An officer or reviewer of some node (may use the officer workspace)."""
    return is_admin(user) or bool(active_appointments(user))


def _minimal(paths: Iterable[str]) -> list[str]:
    """Drop paths already covered by an ancestor in the list."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return result


def branches_for(user, *roles_: str) -> list[str]:
    """Subtree root paths the user may see (optionally: only through the given roles).

    ``[""]`` means everything (superuser); ``[]`` means nothing.
    """
    if is_admin(user):
        return [""]
    wanted = set(roles_) or set(ALL_ROLES)
    return _minimal(a.branch.path for a in active_appointments(user) if a.role in wanted)


def q_for(paths: list[str], path: str = "branch__path") -> Q:
    if not paths:
        return Q(pk__in=[])
    if paths == [""]:
        return Q()
    q = Q()
    for p in paths:
        q |= Q(**{f"{path}__startswith": p})
    return q


def limit(queryset: QuerySet, user, path: str = "branch__path", *roles_: str) -> QuerySet:
    """Filter any queryset to the user's scope; ``path`` names the branch path of each row."""
    paths = branches_for(user, *roles_)
    if not paths:
        return queryset.none()
    return queryset.filter(q_for(paths, path))


def covers(user, branch_path: str, *roles_: str) -> bool:
    """Does the user hold one of ``roles_`` at this node or an ancestor of it?"""
    if is_admin(user):
        return True
    wanted = set(roles_) or set(ALL_ROLES)
    return any(branch_path.startswith(a.branch.path) for a in active_appointments(user) if a.role in wanted)


def covers_below(user, branch_path: str, *roles_: str) -> bool:
    """Like ``covers`` but strictly below the appointment's node (e.g. branch officers' children)."""
    if is_admin(user):
        return True
    wanted = set(roles_) or set(ALL_ROLES)
    return any(
        branch_path.startswith(a.branch.path) and branch_path != a.branch.path
        for a in active_appointments(user)
        if a.role in wanted
    )


def get_or_404(queryset: QuerySet, user, path: str | None = "branch__path", **lookup):
    """Fetch one object inside the user's scope; outside it (or missing) is a 404, never a 403.

    ``path=None``: ``queryset`` is already what the user may see, narrowed by a selector's own
    rule (transfers into or out of the scope, a worker's own records); only the 404 is added.
    """
    if path is not None:
        queryset = limit(queryset, user, path)
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def may_see_full_ids(user, branch_path: str) -> bool:
    """Full ID numbers only for a union officer granted them explicitly (docs/PERMISSIONS.md)."""
    if is_admin(user):
        return True
    return any(
        a.full_id_access and a.role == Role.UNION_OFFICER and branch_path.startswith(a.branch.path)
        for a in active_appointments(user)
    )


def enterprise_of(branch):
    """The enterprise union that holds a node (itself if it is one)."""
    Unit = unit_model()
    if branch.kind == Unit.Kind.ENTERPRISE:
        return branch
    return Unit.objects.filter(path__in=branch.ancestor_paths(), kind=Unit.Kind.ENTERPRISE).first()


def enterprise_path_of(path: str, enterprise_paths: Iterable[str]) -> str | None:
    for p in enterprise_paths:
        if path.startswith(p):
            return p
    return None


def requires_second_factor(user) -> bool:
    """Administrators, district reviewers and union officers log in with a second factor (TOTP)."""
    return is_admin(user) or bool(roles(user) & {Role.DISTRICT_REVIEWER, Role.UNION_OFFICER})
