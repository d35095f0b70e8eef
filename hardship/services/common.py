"""Who is who in hardship relief (the roles a user holds for an application or a file), and helpers shared
by its services.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Appointment, Branch, Worker
from unionhome import scope

from .. import rules
from ..exceptions import HardshipError, PermissionRefused
from ..models import Application, HardshipFile

Role = Appointment.Role


State = Application.State


def _refuse() -> PermissionRefused:
    return PermissionRefused(_("You do not have permission to do this."))


def _text(value: str | None) -> str:
    """Free text as written (full-width punctuation kept), without NUL bytes and outer spaces."""
    return (value or "").replace("\x00", "").strip().strip("\u3000").strip()


def _now() -> dt.datetime:
    return timezone.now()


def roles_for(user, application: Application) -> set[str]:
    """The roles (rules.APPLICANT, CLERK, UNION_OFFICER, DISTRICT) the user holds towards an application."""
    if user is None:
        return {rules.SYSTEM}
    result: set[str] = set()
    if getattr(user, "worker_id", None) and user.worker_id == application.worker_id:
        result.add(rules.APPLICANT)
    if application.entered_on_paper and scope.covers(
        user, application.branch.path, Role.BRANCH_OFFICER, Role.UNION_OFFICER
    ):
        result.add(rules.CLERK)
    if scope.covers(user, application.enterprise.path, Role.UNION_OFFICER):
        result.add(rules.UNION_OFFICER)
    if scope.covers(user, application.branch.path, Role.DISTRICT_REVIEWER):
        result.add(rules.DISTRICT)
    return result


def may_create_campaign(user, district: Branch) -> bool:
    return district.kind == Branch.Kind.DISTRICT and scope.covers(user, district.path, Role.DISTRICT_REVIEWER)


def may_manage_file(user, file: HardshipFile) -> bool:
    """Help and reviews: the enterprise's union officers (PERMISSIONS.md: manage own enterprise's)."""
    return scope.covers(user, file.enterprise.path, Role.UNION_OFFICER)


def may_close_file(user, file: HardshipFile) -> bool:
    return scope.covers(user, file.branch.path, Role.DISTRICT_REVIEWER)


def may_enter_on_paper(user, worker: Worker) -> bool:
    return scope.covers(user, worker.branch.path, Role.BRANCH_OFFICER, Role.UNION_OFFICER)


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise HardshipError(_("The worker's unit belongs to no enterprise union."), code="enterprise")
    return enterprise
