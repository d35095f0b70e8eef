"""Appointments (任职): who holds which role at which unit, and the explicit grant of full ID numbers.

An appointment decides what its holder may see and do (``unionhome.scope``), so every change is
audited and drops the holder's cached scope. Only administrators appoint (docs/PERMISSIONS.md).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, scope
from unionhome.permissions import require

from ..exceptions import BranchError, Conflict
from ..models import Appointment, Branch

APPOINTMENT_FIELDS = ("user_id", "branch_id", "role", "start", "end", "full_id_access")
Role = Appointment.Role


def _check_grant(role: str, full_id_access: bool) -> None:
    if full_id_access and role != Role.UNION_OFFICER:
        raise BranchError(_("Full ID numbers are granted to union officers only."), code="full_id_access")


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("branch", "user")
        .get(pk=appointment.pk)
    )


def _forget(appointment: Appointment, held_by) -> Appointment:
    scope.forget(appointment.user)
    scope.forget(held_by)  # the caller's copy of the holder, if it has one
    return appointment


@transaction.atomic
def appointment_create(
    *,
    actor,
    user,
    branch: Branch,
    role: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    full_id_access: bool = False,
) -> Appointment:
    """Appoint ``user`` to ``role`` at ``branch`` from ``start`` (today) until ``end`` (open)."""
    require(actor, "branches.manage_appointments", branch)
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    if role not in Role.values:
        raise BranchError(_("Choose a role."), code="role")
    if not branch.is_active:
        raise BranchError(_("A closed unit cannot receive new appointments."), code="closed")
    start = start or timezone.localdate()
    if end is not None and end < start:
        raise BranchError(_("An appointment cannot end before it starts."), code="dates")
    _check_grant(role, full_id_access)
    appointment = Appointment.objects.create(
        user=user, branch=branch, role=role, start=start, end=end, full_id_access=full_id_access
    )
    audit.created(actor=actor, action="appointment.create", obj=appointment, fields=APPOINTMENT_FIELDS)
    scope.forget(user)
    return appointment


@transaction.atomic
def appointment_end(*, actor, appointment: Appointment, end: dt.date | None = None) -> Appointment:
    """End an appointment on ``end`` (today); the row stays as history of who held the role."""
    require(actor, "branches.manage_appointments", appointment.branch)
    held_by, appointment = appointment.user, _locked(appointment)
    end = end or timezone.localdate()
    if appointment.end is not None and appointment.end < timezone.localdate():
        raise Conflict(_("This appointment has already ended."))
    if end < appointment.start:
        raise BranchError(_("An appointment cannot end before it starts."), code="dates")
    with audit.changing(actor=actor, obj=appointment, fields=APPOINTMENT_FIELDS, action="appointment.end"):
        appointment.end = end
    return _forget(appointment, held_by)


def _set_grant(*, actor, appointment: Appointment, granted: bool, action: str) -> Appointment:
    require(actor, "branches.manage_appointments", appointment.branch)
    held_by, appointment = appointment.user, _locked(appointment)
    if appointment.full_id_access == granted:
        return appointment  # nothing to change (a second click): nothing written
    _check_grant(appointment.role, granted)
    with audit.changing(actor=actor, obj=appointment, fields=APPOINTMENT_FIELDS, action=action):
        appointment.full_id_access = granted
    return _forget(appointment, held_by)


@transaction.atomic
def appointment_grant_full_ids(*, actor, appointment: Appointment) -> Appointment:
    """Let a union officer see full ID numbers of their scope on screen and in exports."""
    return _set_grant(actor=actor, appointment=appointment, granted=True, action="appointment.grant_full_ids")


@transaction.atomic
def appointment_withdraw_full_ids(*, actor, appointment: Appointment) -> Appointment:
    """Withdraw the full-ID grant: the officer reads ID numbers masked again."""
    return _set_grant(
        actor=actor, appointment=appointment, granted=False, action="appointment.withdraw_full_ids"
    )
