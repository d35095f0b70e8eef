"""The audit trail and the access log of the user's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from unionhome import scope
from unionhome.models import AccessLog, AuditEvent

from ._common import Role


def access_log(user) -> QuerySet[AccessLog]:
    """Access to sensitive records: union officers see their enterprise's, district reviewers all."""
    return scope.limit(
        AccessLog.objects.select_related("user"),
        user,
        "branch_path",
        Role.UNION_OFFICER,
        Role.DISTRICT_REVIEWER,
    )


def audit_trail(user) -> QuerySet[AuditEvent]:
    """The audit trail of the user's scope (officers and reviewers)."""
    return scope.limit(AuditEvent.objects.select_related("actor"), user, "branch_path")
