"""Who may do what in democratic management, and helpers shared by its services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, scope

from .. import selectors
from ..exceptions import DemocracyError, PermissionRefused
from ..models import Representative

Role = scope.Role


def may_manage(user, enterprise: Branch) -> bool:
    """Congress, proposals, contracts, surveys, petitions: the enterprise's union officers."""
    return scope.covers(user, enterprise.path, Role.UNION_OFFICER)


def may_record_meeting(user, branch: Branch) -> bool:
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


def may_publish_to(user, audience: Branch) -> bool:
    """Union officers publish to their enterprise, branch officers to their own subtree."""
    return scope.covers(user, audience.path, *scope.OFFICER_ROLES)


def may_flag_petition(user, enterprise: Branch) -> bool:
    return scope.covers(user, enterprise.path, Role.DISTRICT_REVIEWER, Role.UNION_OFFICER)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionRefused(_("You do not have permission to do this."))


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise DemocracyError(_("Choose an enterprise union or a unit inside one."), code="enterprise")
    return enterprise


def _created(actor, action: str, obj, fields=None, branch_path: str = ""):
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        after=audit.snapshot(obj, fields),
        branch_path=branch_path or None,
    )
    return obj


def _representative(actor) -> Representative:
    worker = getattr(actor, "worker", None)
    rep = selectors.representative_of(worker) if worker else None
    if rep is None:
        raise PermissionRefused(_("Only representatives of the current congress may do this."))
    return rep
