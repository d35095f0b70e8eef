"""Writes of the organisation tree: units created, renamed, moved and closed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from .. import counters, rules
from ..exceptions import BranchError
from ..models import Branch, Worker

BRANCH_FIELDS = ("code", "name", "kind", "path", "is_active", "closed_on")


@transaction.atomic
def branch_create(*, actor, parent: Branch | None, code: str, name: str, kind: str) -> Branch:
    code = rules.normalise_code(code)
    name = rules.normalise_text(name)
    require(actor, "branches.create_unit", parent)
    if parent is not None:
        if not parent.is_active:
            raise BranchError(_("A closed unit cannot receive new units."), code="closed")
        if not rules.may_hold(parent.kind, kind):
            raise BranchError(
                _("A %(child)s cannot be placed under a %(parent)s.")
                % {"child": Branch.Kind(kind).label, "parent": parent.get_kind_display()},
                code="kind",
            )
    if Branch.objects.filter(code=code).exists():
        raise BranchError(
            _("The code %(code)s is already used by another unit.") % {"code": code}, code="code"
        )
    node = Branch(code=code, name=name, kind=kind)
    node = (
        Branch.objects.add_root(instance=node)
        if parent is None
        else Branch.objects.add_child(parent, instance=node)
    )
    return audit.created(actor=actor, action="branch.create", obj=node, fields=BRANCH_FIELDS)


@transaction.atomic
def branch_rename(*, actor, branch: Branch, name: str, code: str | None = None, version=None) -> Branch:
    """Rename a unit (and change its code); ``version`` is the one the form showed (a stale one is refused)."""
    require(actor, "branches.change_unit", branch)
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    submitted = {"name": name} if code is None else {"name": name, "code": code}
    with audit.changing(
        actor=actor,
        obj=branch,
        fields=BRANCH_FIELDS,
        action="branch.rename",
        version=version,
        submitted=submitted,
    ):
        branch.name = rules.normalise_text(name)
        if code is not None:
            code = rules.normalise_code(code)
            if Branch.objects.filter(code=code).exclude(pk=branch.pk).exists():
                raise BranchError(
                    _("The code %(code)s is already used by another unit.") % {"code": code}, code="code"
                )
            branch.code = code
    return branch


@transaction.atomic
def branch_move(*, actor, branch: Branch, new_parent: Branch) -> Branch:
    require(actor, "branches.change_unit", branch)
    require(actor, "branches.create_unit", new_parent)
    if new_parent.path.startswith(branch.path):
        raise BranchError(_("A unit cannot be moved under itself or one of its own units."), code="cycle")
    if not rules.may_hold(new_parent.kind, branch.kind):
        raise BranchError(
            _("A %(child)s cannot be placed under a %(parent)s.")
            % {"child": branch.get_kind_display(), "parent": new_parent.get_kind_display()},
            code="kind",
        )
    if not new_parent.is_active:
        raise BranchError(_("A closed unit cannot receive new units."), code="closed")
    before = audit.snapshot(branch, BRANCH_FIELDS)
    with counters.moving(branch):  # the subtree's totals leave the old federations for the new
        branch.move(new_parent, pos="sorted-child")
    branch = Branch.objects.get(pk=branch.pk)
    audit.record(
        actor=actor,
        action="branch.move",
        obj=branch,
        before=before,
        after=audit.snapshot(branch, BRANCH_FIELDS),
    )
    return branch


@transaction.atomic
def branch_close(*, actor, branch: Branch, closed_on: dt.date | None = None) -> Branch:
    require(actor, "branches.change_unit", branch)
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    if not branch.is_active:
        raise BranchError(_("This unit is already closed."), code="closed")
    if Branch.objects.filter(path__startswith=branch.path, is_active=True).exclude(pk=branch.pk).exists():
        raise BranchError(_("Close or move the units under it first."), code="children")
    if Worker.objects.filter(branch=branch, status=Worker.Status.ACTIVE).exists():
        raise BranchError(_("Move or mark as left the active workers of this unit first."), code="workers")
    with audit.changing(actor=actor, obj=branch, fields=BRANCH_FIELDS, action="branch.close"):
        branch.is_active = False
        branch.closed_on = closed_on or timezone.localdate()
    return branch
