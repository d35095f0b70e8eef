"""Writes of the organisation and roster: one function per use case, permission-checked, audited."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import scope

from . import audit, rules
from .exceptions import BranchError, PermissionRefused, RosterError
from .models import Appointment, Branch, Worker

Role = Appointment.Role

WORKER_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued",
)  # fmt: skip
BRANCH_FIELDS = ("code", "name", "kind", "path", "is_active", "closed_on")


# --- who may ---------------------------------------------------------------------------------


def may_manage_roster(user, branch: Branch) -> bool:
    """Roster add / edit / mark left: branch officers in their subtree, union officers in their enterprise."""
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


def may_create_child(user, parent: Branch, kind: str) -> bool:
    if scope.is_admin(user):
        return True
    if parent.kind == Branch.Kind.DISTRICT:
        return kind == Branch.Kind.ENTERPRISE and scope.covers(user, parent.path, Role.DISTRICT_REVIEWER)
    return scope.covers(user, parent.path, *scope.OFFICER_ROLES)


def may_change_node(user, branch: Branch) -> bool:
    """Rename / move / close: strictly below an officer's own node (an enterprise's officers keep it)."""
    return scope.covers_below(user, branch.path, *scope.OFFICER_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionRefused(_("You do not have permission to do this."))


# --- the tree --------------------------------------------------------------------------------


@transaction.atomic
def branch_create(*, actor, parent: Branch | None, code: str, name: str, kind: str) -> Branch:
    code = rules.normalise_text(code)
    name = rules.normalise_text(name)
    if parent is None:
        _require(scope.is_admin(actor))
    else:
        _require(may_create_child(actor, parent, kind))
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
    audit.record(actor=actor, action="branch.create", obj=node, after=audit.snapshot(node, BRANCH_FIELDS))
    return node


@transaction.atomic
def branch_rename(*, actor, branch: Branch, name: str, code: str | None = None) -> Branch:
    _require(may_change_node(actor, branch))
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    before = audit.snapshot(branch, BRANCH_FIELDS)
    branch.name = rules.normalise_text(name)
    if code is not None:
        code = rules.normalise_text(code)
        if Branch.objects.filter(code=code).exclude(pk=branch.pk).exists():
            raise BranchError(
                _("The code %(code)s is already used by another unit.") % {"code": code}, code="code"
            )
        branch.code = code
    branch.save(update_fields=["name", "code"])
    after = audit.snapshot(branch, BRANCH_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="branch.rename", obj=branch, before=before, after=after)
    return branch


@transaction.atomic
def branch_move(*, actor, branch: Branch, new_parent: Branch) -> Branch:
    _require(may_change_node(actor, branch))
    _require(may_create_child(actor, new_parent, branch.kind))
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
    _require(may_change_node(actor, branch))
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    if not branch.is_active:
        raise BranchError(_("This unit is already closed."), code="closed")
    if Branch.objects.filter(path__startswith=branch.path, is_active=True).exclude(pk=branch.pk).exists():
        raise BranchError(_("Close or move the units under it first."), code="children")
    if Worker.objects.filter(branch=branch, status=Worker.Status.ACTIVE).exists():
        raise BranchError(_("Move or mark as left the active workers of this unit first."), code="workers")
    before = audit.snapshot(branch, BRANCH_FIELDS)
    branch.is_active = False
    branch.closed_on = closed_on or timezone.localdate()
    branch.save(update_fields=["is_active", "closed_on"])
    audit.record(
        actor=actor,
        action="branch.close",
        obj=branch,
        before=before,
        after=audit.snapshot(branch, BRANCH_FIELDS),
    )
    return branch


# --- the roster ------------------------------------------------------------------------------


def _check_worker(data: dict, *, exclude_pk: int | None = None) -> None:
    """Domain checks shared by every door (forms show the same messages earlier)."""
    try:
        data["id_number"] = rules.validate_id_number(data["id_number"])
    except rules.IdNumberError as exc:
        raise RosterError(id_number_message(exc.code), code="id_number") from exc
    if data.get("gender") and rules.id_gender(data["id_number"]) != data["gender"]:
        raise RosterError(_("The gender does not match the ID number."), code="gender")
    others = Worker.objects.exclude(pk=exclude_pk) if exclude_pk else Worker.objects.all()
    if others.filter(id_number=data["id_number"]).exists():
        raise RosterError(_("A worker with this ID number is already on a roster."), code="duplicate")
    if data.get("card_number") and others.filter(card_number=data["card_number"]).exists():
        raise RosterError(_("This membership card number is already used."), code="card_number")
    if data.get("is_member") and not data.get("member_since"):
        raise RosterError(_("A member must have a join date."), code="member_since")
    if data.get("card_issued") and not (data.get("is_member") and data.get("card_number")):
        raise RosterError(_("A card marked as issued needs a member and a card number."), code="card")


def id_number_message(code: str) -> str:
    return {
        "shape": _("An ID number has 17 digits followed by a digit or X."),
        "birth_date": _("The birth date inside the ID number is not a real date."),
        "checksum": _("The ID number's check digit is wrong (GB 11643)."),
    }.get(code, _("This is not a valid ID number."))


@transaction.atomic
def worker_create(*, actor, branch: Branch, **data) -> Worker:
    _require(may_manage_roster(actor, branch))
    if not branch.is_active:
        raise RosterError(_("A closed unit cannot receive workers."), code="closed")
    data = {k: (rules.normalise_text(v) if isinstance(v, str) else v) for k, v in data.items()}
    _check_worker(data)
    worker = Worker(branch=branch, **data)
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        raise RosterError(
            _("A worker with this ID number or card number already exists."), code="duplicate"
        ) from exc
    audit.record(actor=actor, action="worker.create", obj=worker, after=audit.snapshot(worker, WORKER_FIELDS))
    return worker


@transaction.atomic
def worker_update(*, actor, worker: Worker, branch: Branch | None = None, **data) -> Worker:
    _require(may_manage_roster(actor, worker.branch))
    if branch is not None and branch.pk != worker.branch_id:
        _require(may_manage_roster(actor, branch))
        if not branch.is_active:
            raise RosterError(_("A closed unit cannot receive workers."), code="closed")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    before = audit.snapshot(worker, WORKER_FIELDS)
    data = {k: (rules.normalise_text(v) if isinstance(v, str) else v) for k, v in data.items()}
    merged = {**{f: getattr(worker, f) for f in WORKER_FIELDS if f != "branch_id"}, **data}
    _check_worker(merged, exclude_pk=worker.pk)
    for key, value in merged.items():
        setattr(worker, key, value)
    if branch is not None:
        worker.branch = branch
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        raise RosterError(
            _("A worker with this ID number or card number already exists."), code="duplicate"
        ) from exc
    after = audit.snapshot(worker, WORKER_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="worker.update", obj=worker, before=before, after=after)
    return worker


@transaction.atomic
def worker_leave(
    *, actor, worker: Worker, status: str = Worker.Status.LEFT, left_on: dt.date | None = None
) -> Worker:
    """Mark a worker as left or retired; the record and its history stay."""
    _require(may_manage_roster(actor, worker.branch))
    if status not in (Worker.Status.LEFT, Worker.Status.RETIRED):
        raise RosterError(_("Choose left or retired."), code="status")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    if worker.status != Worker.Status.ACTIVE:
        raise RosterError(_("This worker is no longer active."), code="not_active")
    before = audit.snapshot(worker, WORKER_FIELDS)
    worker.status = status
    worker.left_on = left_on or timezone.localdate()
    worker.save(update_fields=["status", "left_on", "updated_at"])
    audit.record(
        actor=actor,
        action="worker.leave",
        obj=worker,
        before=before,
        after=audit.snapshot(worker, WORKER_FIELDS),
    )
    return worker


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
    """Appoint a user to a role at a node (system administrators only)."""
    _require(scope.is_admin(actor))
    appointment = Appointment.objects.create(
        user=user,
        branch=branch,
        role=role,
        start=start or timezone.localdate(),
        end=end,
        full_id_access=full_id_access,
    )
    audit.record(
        actor=actor,
        action="appointment.create",
        obj=appointment,
        branch_path=branch.path,
        after=audit.snapshot(appointment),
    )
    scope.forget(user)
    return appointment
