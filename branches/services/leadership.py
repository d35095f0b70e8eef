"""The home-building leadership group (建家领导小组) and its members."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from .. import rules
from ..exceptions import CommitteeError
from ..models import Branch, LeadershipGroup, LeadershipMember, Worker
from .committees import _require_active, _require_worker_of

LEADERSHIP_FIELDS = ("branch_id", "name", "established_on", "office", "responsibilities")
MEMBER_FIELDS = ("group_id", "worker_id", "role", "duties")


@transaction.atomic
def leadership_save(
    *,
    actor,
    branch: Branch,
    name: str,
    established_on: dt.date,
    office: str = "",
    responsibilities: str = "",
    version: int | None = None,
) -> LeadershipGroup:
    """Set up or update a unit's home-building leadership group (one per unit)."""
    require(actor, "branches.manage_committees", branch)
    _require_active(branch)
    Branch.objects.select_for_update().get(pk=branch.pk)
    group = LeadershipGroup.objects.filter(branch=branch).first()
    submitted = {
        "name": name,
        "established_on": established_on,
        "office": office,
        "responsibilities": responsibilities,
    }
    with audit.changing(
        actor=actor,
        obj=group or LeadershipGroup(branch=branch),  # a new one: a version means it was deleted meanwhile
        fields=LEADERSHIP_FIELDS,
        action="leadership.update" if group else "leadership.create",
        version=version,
        submitted=submitted,
    ) as group:
        group.name = rules.normalise_text(name)
        group.established_on = established_on
        group.office = rules.normalise_text(office)
        group.responsibilities = (responsibilities or "").strip()
        if not group.name:
            raise CommitteeError(_("The group needs a name."), code="name")
    return group


@transaction.atomic
def leadership_member_add(
    *, actor, group: LeadershipGroup, worker: Worker, role: str, duties: str = ""
) -> LeadershipMember:
    branch = group.branch
    require(actor, "branches.manage_committees", branch)
    _require_active(branch)
    LeadershipGroup.objects.select_for_update().get(pk=group.pk)
    worker = Worker.objects.select_related("branch").get(pk=worker.pk)
    _require_worker_of(branch, worker)
    if role not in LeadershipMember.Role.values:
        raise CommitteeError(_("Choose a role."), code="role")
    if group.members.filter(worker=worker).exists():
        raise CommitteeError(
            _("%(name)s is already a member of the group.") % {"name": worker.name}, code="member"
        )
    if role == LeadershipMember.Role.LEADER and group.members.filter(role=role).exists():
        raise CommitteeError(_("The group already has a leader."), code="leader")
    member = LeadershipMember.objects.create(
        group=group, worker=worker, role=role, duties=rules.normalise_text(duties)
    )
    return audit.created(
        actor=actor, action="leadership.member_add", obj=member, fields=MEMBER_FIELDS, branch_path=branch.path
    )


@transaction.atomic
def leadership_member_remove(*, actor, member: LeadershipMember) -> None:
    branch = member.group.branch
    require(actor, "branches.manage_committees", branch)
    member = LeadershipMember.objects.select_for_update().get(pk=member.pk)
    audit.delete(
        actor=actor,
        action="leadership.member_remove",
        obj=member,
        fields=MEMBER_FIELDS,
        branch_path=branch.path,
    )
