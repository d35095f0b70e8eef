"""Helpers shared by the services of democratic management (who may do what: democracy/permissions.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import permissions, scope

from .. import selectors
from ..exceptions import DemocracyError, PermissionRefused
from ..models import Representative


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise DemocracyError(_("Choose an enterprise union or a unit inside one."), code="enterprise")
    return enterprise


def _representative(actor, permission: str = "") -> Representative:
    """The actor's seat in the current congress; refused unless they hold one (and ``permission``)."""
    message = _("Only representatives of the current congress may do this.")
    if permission:
        permissions.require(actor, permission, message=message)
    worker = getattr(actor, "worker", None)
    rep = selectors.representative_of(worker) if worker else None
    if rep is None:
        raise PermissionRefused(message)
    return rep
