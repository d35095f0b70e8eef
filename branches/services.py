"""Writes of the organisation and roster: one function per use case, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, scope

from . import roster_io, rules
from .exceptions import (
    BranchError,
    CommitteeError,
    Conflict,
    DomainError,
    FundsError,
    PermissionRefused,
    RosterError,
    TransferError,
)
from .models import (
    Appointment,
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    MembershipTransfer,
    RosterJob,
    Term,
    TransferTransition,
    Worker,
    WorkshopPost,
)

Role = Appointment.Role

WORKER_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued",
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason", "confirmed_on",
)  # fmt: skip
# The facts the worker confirms (portal and member information sheet): changing one asks again.
CONFIRMED_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "hire_date", "is_member", "member_since",
    "card_number", "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
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
    status = data.get("membership_status") or Worker._meta.get_field("membership_status").default
    if status != "normal" and not data.get("membership_status_on"):
        raise RosterError(
            _("A membership status other than normal needs the date it took effect."),
            code="membership_status_on",
        )


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
    if "confirmed_on" not in data and any(merged[f] != getattr(worker, f) for f in CONFIRMED_FIELDS):
        merged["confirmed_on"] = None  # the worker is asked to confirm the changed facts again
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
def worker_confirm(*, actor, worker: Worker) -> Worker:
    """The worker confirms their own member facts (portal); the date is kept until an officer changes them."""
    _require(getattr(actor, "worker_id", None) == worker.pk)
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    before = audit.snapshot(worker, WORKER_FIELDS)
    worker.confirmed_on = timezone.localdate()
    worker.save(update_fields=["confirmed_on", "updated_at"])
    audit.record(
        actor=actor,
        action="worker.confirm",
        obj=worker,
        before=before,
        after=audit.snapshot(worker, WORKER_FIELDS),
    )
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


# --- transfer of membership (会员关系转接) ------------------------------------------------------

TRANSFER_FIELDS = (
    "worker_id", "from_branch_id", "to_unit_id", "to_branch_id", "outside_union", "reason", "state",
    "effective_on", "member_since",
)  # fmt: skip
State = MembershipTransfer.State


def transfer_roles(user, transfer: MembershipTransfer) -> set[str]:
    """The roles of the transition table (rules.TRANSFER_TRANSITIONS) the user holds for a transfer."""
    held: set[str] = set()
    if scope.covers(user, transfer.from_branch.path, *scope.OFFICER_ROLES):
        held.add("sender")
    if transfer.to_unit_id is None:
        if "sender" in held:
            held.add("receiver")
    elif scope.covers(user, transfer.to_unit.path, Role.UNION_OFFICER):
        held.add("receiver")
    own = getattr(user, "worker_id", None) == transfer.worker_id
    if own and transfer.requested_by_id is not None and transfer.requested_by_id == user.pk:
        held.add("worker")
    return held


def transfer_actions(user, transfer: MembershipTransfer) -> list[str]:
    return rules.transfer_actions(transfer.state, transfer_roles(user, transfer))


def _destination(worker: Worker, to_unit: Branch | None, outside_union: str) -> tuple[Branch | None, str]:
    outside_union = rules.normalise_text(outside_union)
    if (to_unit is None) == (not outside_union):
        raise TransferError(
            _("Name either a union in the system or a union outside it, not both."), code="destination"
        )
    if to_unit is not None:
        enterprise = scope.enterprise_of(to_unit)
        if enterprise is None or not to_unit.is_active:
            raise TransferError(_("Choose an active enterprise union."), code="destination")
        if worker.branch.path.startswith(enterprise.path):
            raise TransferError(
                _("The worker is already in this union; move them on the roster instead."), code="same_union"
            )
    return to_unit, outside_union


def _new_transfer(*, actor, worker: Worker, state: str, reason: str, **fields) -> MembershipTransfer:
    reason = rules.normalise_text(reason)
    if not reason:
        raise TransferError(_("Give the reason for the transfer."), code="reason")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    if worker.status != Worker.Status.ACTIVE:
        raise TransferError(
            _("%(name)s is no longer active on the roster.") % {"name": worker.name}, code="not_active"
        )
    if MembershipTransfer.objects.filter(worker=worker, state__in=rules.TRANSFER_OPEN_STATES).exists():
        raise TransferError(
            _("A transfer of %(name)s is already under way.") % {"name": worker.name}, code="open"
        )
    transfer = MembershipTransfer(
        worker=worker,
        from_branch=worker.branch,
        state=state,
        reason=reason,
        requested_by=actor if getattr(actor, "pk", None) else None,
        member_since=worker.member_since,
        **fields,
    )
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError as exc:
        raise TransferError(
            _("A transfer of %(name)s is already under way.") % {"name": worker.name}, code="open"
        ) from exc
    TransferTransition.objects.create(
        transfer=transfer, actor=transfer.requested_by, to_state=state, comment=reason
    )
    audit.record(
        actor=actor,
        action="transfer.start",
        obj=transfer,
        branch_path=transfer.from_branch.path,
        after=audit.snapshot(transfer, TRANSFER_FIELDS),
    )
    return transfer


@transaction.atomic
def transfer_start(
    *, actor, worker: Worker, reason: str, to_unit: Branch | None = None, outside_union: str = ""
) -> MembershipTransfer:
    """An officer of the old unit starts a transfer out: to a union in the system or outside it."""
    _require(may_manage_roster(actor, worker.branch))
    to_unit, outside_union = _destination(worker, to_unit, outside_union)
    return _new_transfer(
        actor=actor,
        worker=worker,
        state=State.REQUESTED,
        reason=reason,
        to_unit=to_unit and scope.enterprise_of(to_unit),
        outside_union=outside_union,
    )


@transaction.atomic
def transfer_ask(
    *, actor, reason: str, to_unit: Branch | None = None, outside_union: str = ""
) -> MembershipTransfer:
    """A worker asks in the portal for their membership to be transferred; the old unit confirms it."""
    _require(bool(getattr(actor, "worker_id", None)))
    worker = Worker.objects.select_related("branch").get(pk=actor.worker_id)
    to_unit, outside_union = _destination(worker, to_unit, outside_union)
    return _new_transfer(
        actor=actor,
        worker=worker,
        state=State.ASKED,
        reason=reason,
        to_unit=to_unit and scope.enterprise_of(to_unit),
        outside_union=outside_union,
    )


@transaction.atomic
def transfer_start_many(
    *, actor, workers: list[Worker], to_unit: Branch, reason: str
) -> list[MembershipTransfer]:
    """The receiving union claims workers still on another enterprise's roster (an import's collisions).

    All or nothing: each becomes a "claimed" transfer that the old unit's officer releases or refuses;
    nothing moves before that. ``to_unit`` is the receiving unit (the enterprise or a unit in it).
    """
    _require(may_manage_roster(actor, to_unit))
    if not to_unit.is_active:
        raise TransferError(_("A closed unit cannot receive workers."), code="closed")
    enterprise = scope.enterprise_of(to_unit)
    if enterprise is None:
        raise TransferError(_("Choose an active enterprise union."), code="destination")
    created = []
    for worker in workers:
        worker = Worker.objects.select_related("branch").get(pk=worker.pk)
        _destination(worker, enterprise, "")
        created.append(
            _new_transfer(
                actor=actor,
                worker=worker,
                state=State.CLAIMED,
                reason=reason,
                to_unit=enterprise,
                to_branch=to_unit,
            )
        )
    return created


def _move_worker(
    *, actor, transfer: MembershipTransfer, to_branch: Branch | None, effective_on: dt.date
) -> None:
    """Apply an accepted transfer to the roster: one roster entry, membership date kept."""
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=transfer.worker_id)
    if worker.status != Worker.Status.ACTIVE:
        raise TransferError(
            _("%(name)s is no longer active on the roster.") % {"name": worker.name}, code="not_active"
        )
    before = audit.snapshot(worker, WORKER_FIELDS)
    transfer.from_branch = worker.branch  # where the worker actually leaves from
    transfer.member_since = worker.member_since
    if transfer.to_unit_id:
        if (
            to_branch is None
            or not to_branch.path.startswith(transfer.to_unit.path)
            or not to_branch.is_active
        ):
            raise TransferError(
                _("Choose an active unit of %(union)s to receive the worker.")
                % {"union": transfer.to_unit.name},
                code="to_branch",
            )
        transfer.to_branch = to_branch
        worker.branch = to_branch
        worker.membership_status = Worker._meta.get_field("membership_status").default
        fields = ["branch", "membership_status"]
    else:
        worker.status = Worker.Status.LEFT
        worker.left_on = effective_on
        worker.membership_status = "transferred_out"
        worker.membership_status_on = effective_on
        worker.membership_status_reason = (_("Transferred to %(union)s") % {"union": transfer.outside_union})[
            :200
        ]
        fields = [
            "status",
            "left_on",
            "membership_status",
            "membership_status_on",
            "membership_status_reason",
        ]
    worker.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor,
        action="worker.transfer",
        obj=worker,  # recorded where the worker now stands; the transfer's own events are at the old unit
        before=before,
        after=audit.snapshot(worker, WORKER_FIELDS),
    )


@transaction.atomic
def transfer_apply(
    *,
    actor,
    transfer: MembershipTransfer,
    action: str,
    comment: str = "",
    to_branch: Branch | None = None,
    effective_on: dt.date | None = None,
) -> MembershipTransfer:
    """The one service that moves a transfer along rules.TRANSFER_TRANSITIONS (row locked)."""
    transfer = (
        MembershipTransfer.objects.select_for_update(of=("self",))
        .select_related("from_branch", "to_unit", "to_branch", "worker")
        .get(pk=transfer.pk)
    )
    held = transfer_roles(actor, transfer)
    if not held:
        raise PermissionRefused(_("You do not have permission to do this."))
    try:
        target = rules.transfer_next(transfer.state, action, held)
    except rules.TransitionError as exc:
        if exc.code == "role":
            raise PermissionRefused(_("You do not have permission to do this.")) from exc
        raise TransferError(
            _("This transfer is already %(state)s; nothing was changed.")
            % {"state": transfer.get_state_display()},
            code="state",
        ) from exc
    before = audit.snapshot(transfer, TRANSFER_FIELDS)
    source = transfer.state
    now = timezone.now()
    if target == State.ACCEPTED:
        effective_on = effective_on or timezone.localdate()
        _move_worker(
            actor=actor,
            transfer=transfer,
            to_branch=to_branch or transfer.to_branch,
            effective_on=effective_on,
        )
        transfer.effective_on = effective_on
    if target != State.REQUESTED:
        transfer.decided_at = now
    transfer.state = target
    transfer.save()
    comment = rules.normalise_text(comment)[:200]
    TransferTransition.objects.create(
        transfer=transfer, actor=actor, at=now, from_state=source, to_state=target, comment=comment
    )
    audit.record(
        actor=actor,
        action=f"transfer.{action}",
        obj=transfer,
        branch_path=transfer.from_branch.path,
        before=before,
        after={**audit.snapshot(transfer, TRANSFER_FIELDS), "comment": comment},
    )
    return transfer


# --- committees, terms and seats --------------------------------------------------------------

TERM_FIELDS = ("committee_id", "number", "elected_on", "start", "end")
SEAT_FIELDS = ("term_id", "worker_id", "position", "start", "end")
POST_FIELDS = ("branch_id", "post", "holder_id", "since")
LEADERSHIP_FIELDS = ("branch_id", "name", "established_on", "office", "responsibilities")
REMITTANCE_FIELDS = ("branch_id", "year", "amount_due", "due_on", "withheld", "withheld_reason", "note")
PAYMENT_FIELDS = ("remittance_id", "amount", "paid_on", "reference", "confirmed_by_id", "confirmed_at")

# Positions that head a committee: one open holder per term.
HEAD_POSITIONS = (
    CommitteeSeat.Position.CHAIR,
    CommitteeSeat.Position.FUNDS_REVIEW_DIRECTOR,
    CommitteeSeat.Position.WOMEN_DIRECTOR,
    CommitteeSeat.Position.WOMEN_GROUP_LEADER,
)


def may_manage_committees(user, branch: Branch) -> bool:
    """Committees, workshop posts, leadership group: union officers in their enterprise, branch
    officers in their own branch's subtree; district reviewers only view (PERMISSIONS.md)."""
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


def may_manage_funds(user, branch: Branch) -> bool:
    """Union funds: edited by the enterprise's union officers only."""
    return scope.covers(user, branch.path, Role.UNION_OFFICER)


def may_flag_withheld(user, branch: Branch) -> bool:
    """The withheld flag is set by the district or by the enterprise's officers, with a reason."""
    return scope.covers(user, branch.path, Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)


def may_confirm_receipt(user, branch: Branch) -> bool:
    return scope.covers(user, branch.path, Role.DISTRICT_REVIEWER)


def _require_active(branch: Branch) -> None:
    if not branch.is_active:
        raise CommitteeError(_("This unit is closed."), code="closed")


def _require_worker_of(branch: Branch, worker: Worker) -> None:
    if not worker.branch.path.startswith(branch.path):
        raise CommitteeError(
            _("%(name)s is not on the roster of %(unit)s or a unit below it.")
            % {"name": worker.name, "unit": branch.name},
            code="other_unit",
        )
    if worker.status != Worker.Status.ACTIVE:
        raise CommitteeError(
            _("%(name)s is no longer an active worker.") % {"name": worker.name}, code="inactive"
        )


@transaction.atomic
def committee_create(*, actor, branch: Branch, kind: str, established_on: dt.date | None = None) -> Committee:
    _require(may_manage_committees(actor, branch))
    _require_active(branch)
    if kind not in Committee.Kind.values:
        raise CommitteeError(_("Choose a kind of committee."), code="kind")
    if Committee.objects.filter(branch=branch, kind=kind).exists():
        raise CommitteeError(
            _("%(unit)s already has a %(committee)s.")
            % {"unit": branch.name, "committee": Committee.Kind(kind).label},
            code="duplicate",
        )
    committee = Committee.objects.create(branch=branch, kind=kind, established_on=established_on)
    audit.record(
        actor=actor,
        action="committee.create",
        obj=committee,
        after=audit.snapshot(committee, ("branch_id", "kind", "established_on")),
    )
    return committee


def _check_term(committee: Committee, *, elected_on: dt.date, start: dt.date, end: dt.date, exclude_pk=None):
    if end <= start:
        raise CommitteeError(_("A term must end after it starts."), code="dates")
    if elected_on > start:
        raise CommitteeError(_("A term cannot start before its election."), code="dates")
    others = Term.objects.filter(committee=committee)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if rules.periods_overlap(start, end, other.start, other.end):
            raise CommitteeError(
                _("This term overlaps term %(number)s (%(start)s – %(end)s) of the same committee.")
                % {"number": other.number, "start": other.start, "end": other.end},
                code="overlap",
            )


@transaction.atomic
def term_create(
    *,
    actor,
    committee: Committee,
    elected_on: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    number: int | None = None,
) -> Term:
    """Record an election: a new term (届). Past terms stay; terms of one committee never overlap."""
    _require(may_manage_committees(actor, committee.branch))
    _require_active(committee.branch)
    committee = Committee.objects.select_for_update().select_related("branch").get(pk=committee.pk)
    start = start or elected_on
    end = end or rules.term_default_end(start, settings.UNIONHOME["COMMITTEE_TERM_YEARS"])
    _check_term(committee, elected_on=elected_on, start=start, end=end)
    if number is None:
        number = (max(committee.terms.values_list("number", flat=True), default=0)) + 1
    elif committee.terms.filter(number=number).exists():
        raise CommitteeError(_("Term %(number)s is already recorded.") % {"number": number}, code="number")
    term = Term.objects.create(
        committee=committee, number=number, elected_on=elected_on, start=start, end=end
    )
    audit.record(
        actor=actor,
        action="term.create",
        obj=term,
        branch_path=committee.branch.path,
        after=audit.snapshot(term, TERM_FIELDS),
    )
    return term


@transaction.atomic
def term_update(*, actor, term: Term, elected_on: dt.date, start: dt.date, end: dt.date) -> Term:
    """Correct a term's dates (e.g. an early re-election ends it sooner)."""
    _require(may_manage_committees(actor, term.committee.branch))
    Committee.objects.select_for_update().get(pk=term.committee_id)
    term = Term.objects.select_for_update().select_related("committee__branch").get(pk=term.pk)
    _check_term(term.committee, elected_on=elected_on, start=start, end=end, exclude_pk=term.pk)
    before = audit.snapshot(term, TERM_FIELDS)
    term.elected_on, term.start, term.end = elected_on, start, end
    term.save(update_fields=["elected_on", "start", "end"])
    after = audit.snapshot(term, TERM_FIELDS)
    if audit.changed(before, after):
        audit.record(
            actor=actor,
            action="term.update",
            obj=term,
            branch_path=term.committee.branch.path,
            before=before,
            after=after,
        )
    return term


@transaction.atomic
def seat_create(
    *, actor, term: Term, worker: Worker, position: str, start: dt.date | None = None
) -> CommitteeSeat:
    """Seat a worker of the committee's unit (or a unit below it) in a position for a term."""
    branch = term.committee.branch
    _require(may_manage_committees(actor, branch))
    _require_active(branch)
    Term.objects.select_for_update().get(pk=term.pk)
    worker = Worker.objects.select_related("branch").get(pk=worker.pk)
    _require_worker_of(branch, worker)
    if position not in CommitteeSeat.Position.values:
        raise CommitteeError(_("Choose a position."), code="position")
    start = start or term.start
    if not term.start <= start <= term.end:
        raise CommitteeError(
            _("The seat must start within the term (%(start)s – %(end)s).")
            % {"start": term.start, "end": term.end},
            code="dates",
        )
    open_seats = CommitteeSeat.objects.filter(term=term, end__isnull=True)
    if open_seats.filter(worker=worker).exists():
        raise CommitteeError(
            _("%(name)s already holds a seat in this term.") % {"name": worker.name}, code="seated"
        )
    if position in HEAD_POSITIONS and open_seats.filter(position=position).exists():
        raise CommitteeError(
            _("The position of %(position)s is already held; end that seat first.")
            % {"position": CommitteeSeat.Position(position).label},
            code="head_taken",
        )
    seat = CommitteeSeat.objects.create(term=term, worker=worker, position=position, start=start)
    audit.record(
        actor=actor,
        action="seat.create",
        obj=seat,
        branch_path=branch.path,
        after=audit.snapshot(seat, SEAT_FIELDS),
    )
    return seat


@transaction.atomic
def seat_end(*, actor, seat: CommitteeSeat, end: dt.date) -> CommitteeSeat:
    """A worker leaves a seat (resigned, moved, left the unit); the seat stays as history."""
    branch = seat.term.committee.branch
    _require(may_manage_committees(actor, branch))
    seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.end is not None:
        raise Conflict(_("This seat has already ended."))
    if end < seat.start:
        raise CommitteeError(_("A seat cannot end before it starts."), code="dates")
    before = audit.snapshot(seat, SEAT_FIELDS)
    seat.end = end
    seat.save(update_fields=["end"])
    audit.record(
        actor=actor,
        action="seat.end",
        obj=seat,
        branch_path=branch.path,
        before=before,
        after=audit.snapshot(seat, SEAT_FIELDS),
    )
    return seat


# --- workshop posts (车间两长六大员) -------------------------------------------------------------


@transaction.atomic
def posts_establish(*, actor, branch: Branch) -> list[WorkshopPost]:
    """Set up the two heads and six officers of a workshop (those not yet there), vacant."""
    _require(may_manage_committees(actor, branch))
    _require_active(branch)
    if branch.kind not in settings.UNIONHOME["WORKSHOP_POST_KINDS"]:
        raise CommitteeError(_("Workshop posts belong to branch unions."), code="kind")
    Branch.objects.select_for_update().get(pk=branch.pk)
    existing = set(WorkshopPost.objects.filter(branch=branch).values_list("post", flat=True))
    new = WorkshopPost.objects.bulk_create(
        [WorkshopPost(branch=branch, post=p) for p in WorkshopPost.Post.values if p not in existing]
    )
    new = list(WorkshopPost.objects.filter(branch=branch, post__in=[p.post for p in new]))
    audit.record_many(
        actor=actor,
        action="workshop_post.create",
        model=WorkshopPost,
        rows=[(p, None, audit.snapshot(p, POST_FIELDS)) for p in new],
        branch_path=branch.path,
    )
    return new


@transaction.atomic
def post_assign(
    *, actor, post: WorkshopPost, holder: Worker | None, since: dt.date | None = None
) -> WorkshopPost:
    """Fill a post (随缺随补) or leave it vacant (holder None)."""
    _require(may_manage_committees(actor, post.branch))
    _require_active(post.branch)
    post = WorkshopPost.objects.select_for_update().select_related("branch").get(pk=post.pk)
    if holder is not None:
        holder = Worker.objects.select_related("branch").get(pk=holder.pk)
        _require_worker_of(post.branch, holder)
    before = audit.snapshot(post, POST_FIELDS)
    post.holder = holder
    post.since = (since or timezone.localdate()) if holder is not None else None
    post.save(update_fields=["holder", "since"])
    after = audit.snapshot(post, POST_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="workshop_post.assign", obj=post, before=before, after=after)
    return post


# --- leadership group (建家领导小组) ---------------------------------------------------------------


@transaction.atomic
def leadership_save(
    *,
    actor,
    branch: Branch,
    name: str,
    established_on: dt.date,
    office: str = "",
    responsibilities: str = "",
) -> LeadershipGroup:
    """Set up or update a unit's home-building leadership group (one per unit)."""
    _require(may_manage_committees(actor, branch))
    _require_active(branch)
    Branch.objects.select_for_update().get(pk=branch.pk)
    group = LeadershipGroup.objects.filter(branch=branch).first()
    before = audit.snapshot(group, LEADERSHIP_FIELDS) if group else None
    group = group or LeadershipGroup(branch=branch)
    group.name = rules.normalise_text(name)
    group.established_on = established_on
    group.office = rules.normalise_text(office)
    group.responsibilities = (responsibilities or "").strip()
    if not group.name:
        raise CommitteeError(_("The group needs a name."), code="name")
    group.save()
    after = audit.snapshot(group, LEADERSHIP_FIELDS)
    if audit.changed(before, after):
        audit.record(
            actor=actor,
            action="leadership.create" if before is None else "leadership.update",
            obj=group,
            before=before,
            after=after,
        )
    return group


@transaction.atomic
def leadership_member_add(
    *, actor, group: LeadershipGroup, worker: Worker, role: str, duties: str = ""
) -> LeadershipMember:
    branch = group.branch
    _require(may_manage_committees(actor, branch))
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
    audit.record(
        actor=actor,
        action="leadership.member_add",
        obj=member,
        branch_path=branch.path,
        after=audit.snapshot(member, ("group_id", "worker_id", "role", "duties")),
    )
    return member


@transaction.atomic
def leadership_member_remove(*, actor, member: LeadershipMember) -> None:
    branch = member.group.branch
    _require(may_manage_committees(actor, branch))
    member = LeadershipMember.objects.select_for_update().get(pk=member.pk)
    before = audit.snapshot(member, ("group_id", "worker_id", "role", "duties"))
    audit.record(
        actor=actor, action="leadership.member_remove", obj=member, branch_path=branch.path, before=before
    )
    member.delete()


# --- union funds (工会经费上解) -----------------------------------------------------------------


@transaction.atomic
def remittance_create(
    *, actor, branch: Branch, year: int, amount_due, due_on: dt.date, note: str = ""
) -> FundsRemittance:
    _require(may_manage_funds(actor, branch))
    if branch.kind not in settings.UNIONHOME["FUNDS_REMITTING_KINDS"]:
        raise FundsError(_("Union funds are remitted by enterprise unions."), code="kind")
    if amount_due < 0:
        raise FundsError(_("The amount due cannot be negative."), code="amount")
    if FundsRemittance.objects.filter(branch=branch, year=year).exists():
        raise FundsError(
            _("The union funds of %(year)s are already recorded for this unit.") % {"year": year},
            code="duplicate",
        )
    remittance = FundsRemittance.objects.create(
        branch=branch, year=year, amount_due=amount_due, due_on=due_on, note=rules.normalise_text(note)
    )
    audit.record(
        actor=actor,
        action="funds.create",
        obj=remittance,
        after=audit.snapshot(remittance, REMITTANCE_FIELDS),
    )
    return remittance


@transaction.atomic
def payment_create(
    *, actor, remittance: FundsRemittance, amount, paid_on: dt.date, reference: str = ""
) -> FundsPayment:
    """Record an amount remitted upward; the district later confirms its receipt."""
    _require(may_manage_funds(actor, remittance.branch))
    FundsRemittance.objects.select_for_update().get(pk=remittance.pk)
    if amount <= 0:
        raise FundsError(_("The amount must be more than zero."), code="amount")
    if paid_on > timezone.localdate():
        raise FundsError(_("A payment cannot be dated in the future."), code="date")
    payment = FundsPayment.objects.create(
        remittance=remittance, amount=amount, paid_on=paid_on, reference=rules.normalise_text(reference)
    )
    audit.record(
        actor=actor,
        action="funds.payment",
        obj=payment,
        branch_path=remittance.branch.path,
        after=audit.snapshot(payment, PAYMENT_FIELDS),
    )
    return payment


@transaction.atomic
def remittance_set_withheld(
    *, actor, remittance: FundsRemittance, withheld: bool, reason: str = ""
) -> FundsRemittance:
    """Flag (or clear) union funds as withheld (截留): a veto fact, so a reason is required."""
    _require(may_flag_withheld(actor, remittance.branch))
    remittance = FundsRemittance.objects.select_for_update().select_related("branch").get(pk=remittance.pk)
    reason = rules.normalise_text(reason)
    if withheld and not reason:
        raise FundsError(_("Give the reason for flagging the funds as withheld."), code="reason")
    before = audit.snapshot(remittance, REMITTANCE_FIELDS)
    remittance.withheld = withheld
    remittance.withheld_reason = reason if withheld else ""
    remittance.save(update_fields=["withheld", "withheld_reason"])
    after = audit.snapshot(remittance, REMITTANCE_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="funds.withheld", obj=remittance, before=before, after=after)
    return remittance


@transaction.atomic
def payment_confirm(*, actor, payment: FundsPayment) -> FundsPayment:
    """The district confirms it received a payment; a second confirmation is refused."""
    branch = payment.remittance.branch
    _require(may_confirm_receipt(actor, branch))
    payment = FundsPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.confirmed_at is not None:
        raise Conflict(_("This payment's receipt has already been confirmed."))
    before = audit.snapshot(payment, PAYMENT_FIELDS)
    payment.confirmed_by = actor
    payment.confirmed_at = timezone.now()
    payment.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor,
        action="funds.confirm",
        obj=payment,
        branch_path=branch.path,
        before=before,
        after=audit.snapshot(payment, PAYMENT_FIELDS),
    )
    return payment


# --- the roster spreadsheet: import (all or nothing) and export ---------------------------------

IMPORT_BATCH = 1000
_LOOKUP_CHUNK = 900  # below SQLite's historical 999-parameter limit
IMPORT_CHUNK = _LOOKUP_CHUNK  # rows checked (and written) together: one look-up query per kind


def may_import_roster(user, unit: Branch) -> bool:
    """Roster import: union officers of the unit's enterprise (PERMISSIONS.md) and administrators."""
    return scope.covers(user, unit.path, Role.UNION_OFFICER)


def may_export_roster(user) -> bool:
    """Export what one may view, except workers (they see their own entry only)."""
    return scope.is_staff_member(user)


@dataclass(frozen=True)
class Claim:
    """A row whose ID number is active on another enterprise's roster: the import can only start a
    membership transfer for it (issue 9), to ``branch``, the unit the row names."""

    row: int
    worker: Worker
    branch: Branch
    holder: str  # the name of the enterprise (union) whose roster holds the worker


@dataclass
class ImportPlan:
    """What an import did or would do: counts, the problems found, the claims and transfers."""

    unit: Branch
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_active: int = 0  # active workers of the unit not in the file (marked left on request)
    problems: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # Claim rows (workers of other enterprises)
    transfers: list = field(default_factory=list)  # the MembershipTransfers the import started

    @property
    def ok(self) -> bool:
        return not self.problems


def _chunks(items, size: int = _LOOKUP_CHUNK):
    """Lists of up to ``size`` items of any iterable (streamed: one list at a time)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unit_codes(unit: Branch) -> dict[str, Branch]:
    return {b.code: b for b in Branch.objects.filter(path__startswith=unit.path).order_by("path")}


def roster_unit_codes(*, actor, unit: Branch) -> list[tuple[str, str]]:
    """(code, name) of the active units an import into ``unit`` may name (for the template)."""
    return [(code, b.name) for code, b in _unit_codes(unit).items() if b.is_active]


def _padded(keys: list, step: int = 100) -> list:
    """``keys`` repeated at the end up to a multiple of ``step``: an IN (...) look-up then has one of
    a few shapes, so that SQLite's per-connection cache of prepared statements (128 of them, each
    as large as its parameter list) does not fill up with one statement per chunk size."""
    if keys and len(keys) % step:
        keys = keys + [keys[-1]] * (step - len(keys) % step)
    return keys


class _FileKeys:
    """The first row of each ID number and card number met in the file (and, while writing, the
    card numbers the file took from workers), kept in a private on-disk SQLite database with a small
    page cache: a 200,000-row file is checked for duplicates without holding its keys in memory."""

    ID, CARD, RELEASED = 0, 1, 2

    def __init__(self):
        import sqlite3

        self.db = sqlite3.connect(
            "", cached_statements=8
        )  # "": a temporary database on disk, deleted on close
        self.db.executescript(
            "PRAGMA cache_size = -2048; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE seen (kind INTEGER, key TEXT, row INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID;"
        )

    def first_rows(self, kind: int, keys: list[str]) -> dict[str, int]:
        if not keys:
            return {}
        keys = _padded(keys)
        marks = ",".join("?" * len(keys))  # only placeholders go into the text; the keys are parameters
        query = f"SELECT key, row FROM seen WHERE kind = ? AND key IN ({marks})"  # noqa: S608
        return dict(self.db.execute(query, [kind, *keys]))

    def add(self, kind: int, pairs) -> None:
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", ((kind, k, r) for k, r in pairs))

    def close(self) -> None:
        self.db.close()


class _Planner:
    """Check the rows of a roster file chunk by chunk and work out (or, with ``write``, make) the
    changes, so that memory holds one chunk whatever the size of the file.

    Every row is checked against the roster as it was before the import: a chunk's look-ups run
    before the chunk is written, duplicates are found through ``_FileKeys`` and a card number the
    file took from one worker counts as taken for a later row, so a preview and the import it
    confirms find the same problems. Writing stops at the first problem (the caller's transaction
    then rolls back what was written) while checking goes on, so the report lists every problem.

    A row whose ID number is active on another enterprise's roster is never written: with
    ``claimable`` None (a preview offering transfers) or holding that worker's pk it becomes a Claim,
    otherwise a row problem. Claims are turned into problems too when the file has other problems.
    """

    def __init__(self, *, actor, unit: Branch, lock: bool, claimable, write: bool, progress):
        self.actor, self.unit, self.lock, self.claimable, self.write = actor, unit, lock, claimable, write
        self.progress = progress
        self.enterprise = scope.enterprise_of(unit) or unit
        self.units = _unit_codes(unit)
        self.by_id = {b.pk: b for b in self.units.values()}
        enterprises = list(Branch.objects.filter(kind=Branch.Kind.ENTERPRISE).values_list("path", flat=True))
        self.enterprise_paths = {
            code: scope.enterprise_path_of(b.path, enterprises) for code, b in self.units.items()
        }
        self.allowed = {
            code: scope.covers(actor, b.path, Role.UNION_OFFICER) for code, b in self.units.items()
        }
        self.plan = ImportPlan(unit=unit)
        self.issues: list[rules.RowIssue] = []
        self.keys = _FileKeys()
        self.now = timezone.now()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.keys.close()

    def run(self, rows) -> ImportPlan:
        plan = self.plan
        for chunk in _chunks(rows, IMPORT_CHUNK):
            self._chunk(chunk)
            plan.total += len(chunk)
            if self.progress is not None:
                self.progress(plan.total)
        if self.issues and plan.claims:
            self.issues.extend(
                rules.RowIssue(
                    c.row, "身份证号", c.worker.id_number, "other_enterprise", (("unit", c.holder),)
                )
                for c in plan.claims
            )
            plan.claims = []
        if self.issues:
            self.issues.sort(key=lambda i: (i.row, rules.column_order(i.column)))
            plan.problems = roster_io.describe(self.issues)
            plan.created = plan.updated = 0
            return plan
        plan.missing_active = sum(len(ids) for ids in self._missing())
        return plan

    def _missing(self) -> Iterator[list[int]]:
        """The pks of the unit's active workers whose ID number is not in the file, slice by slice."""
        workers = Worker.objects.filter(branch__path__startswith=self.unit.path, status=Worker.Status.ACTIVE)
        last = 0
        while True:
            batch = list(
                workers.filter(pk__gt=last).order_by("pk").values_list("pk", "id_number")[:_LOOKUP_CHUNK]
            )
            if not batch:
                return
            last = batch[-1][0]
            found = self.keys.first_rows(_FileKeys.ID, [number for _pk, number in batch])
            yield [pk for pk, number in batch if number not in found]

    def mark_missing_as_left(self) -> None:
        today = timezone.localdate()
        # each slice is updated before the next is read (pk order), so the walk is not disturbed
        for ids in self._missing():
            leaving = list(Worker.objects.select_for_update().select_related("branch").filter(pk__in=ids))
            rows_audit = []
            for worker in leaving:
                before = audit.snapshot(worker, WORKER_FIELDS)
                worker.status, worker.left_on, worker.updated_at = Worker.Status.LEFT, today, self.now
                rows_audit.append((worker, before, audit.snapshot(worker, WORKER_FIELDS)))
            Worker.objects.bulk_update(leaving, ["status", "left_on", "updated_at"])
            audit.record_many(actor=self.actor, action="worker.import_leave", model=Worker, rows=rows_audit)

    def _home_of(self, row: rules.RosterRow) -> str:
        return self.enterprise_paths.get(row.unit_code) or self.enterprise.path

    def _candidates(self, chunk) -> list[rules.RosterRow]:
        """The rows of a chunk that pass the row rules, the unit and scope checks and are no
        duplicates of an earlier row of the file."""
        issues = self.issues
        passed = []
        for number, cells in chunk:
            row, row_issues = rules.check_roster_row(number, cells, self.units)
            if row is None:
                issues.extend(row_issues)
            elif not self.units[row.unit_code].is_active:
                issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "unit_closed"))
            elif not self.allowed[row.unit_code]:
                issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "out_of_scope"))
            else:
                passed.append(row)
        keys = self.keys
        seen_ids = keys.first_rows(keys.ID, list({r.id_number for r in passed}))
        seen_cards = keys.first_rows(keys.CARD, list({r.card_number for r in passed if r.card_number}))
        new_ids: dict[str, int] = {}
        new_cards: dict[str, int] = {}
        valid = []
        for row in passed:
            other = seen_ids.get(row.id_number) or new_ids.setdefault(row.id_number, row.row)
            if other != row.row:
                issues.append(
                    rules.RowIssue(
                        row.row, "身份证号", row.id_number, "duplicate_id", (("other", str(other)),)
                    )
                )
                continue
            if row.card_number:
                other = seen_cards.get(row.card_number) or new_cards.setdefault(row.card_number, row.row)
                if other != row.row:
                    issues.append(
                        rules.RowIssue(
                            row.row, "会员证号", row.card_number, "duplicate_card", (("other", str(other)),)
                        )
                    )
                    continue
            valid.append(row)
        keys.add(keys.ID, new_ids.items())
        keys.add(keys.CARD, new_cards.items())
        return valid

    def _chunk(self, chunk) -> None:
        valid = self._candidates(chunk)
        if not valid:
            return
        plan, issues = self.plan, self.issues
        workers = Worker.objects.select_related("branch")
        if self.lock:
            workers = workers.select_for_update(of=("self",))
        existing = {w.id_number: w for w in workers.filter(id_number__in=[r.id_number for r in valid])}
        cards = [r.card_number for r in valid if r.card_number]
        card_owner = dict(
            Worker.objects.filter(card_number__in=cards).values_list("card_number", "id_number")
        )
        released = self.keys.first_rows(_FileKeys.RELEASED, cards)
        outsiders = [
            w.pk
            for r in valid
            if (w := existing.get(r.id_number)) is not None
            and w.status == Worker.Status.ACTIVE
            and not w.branch.path.startswith(self._home_of(r))
        ]
        in_transfer: set[int] = set()
        if outsiders:
            in_transfer.update(
                MembershipTransfer.objects.filter(
                    worker_id__in=_padded(outsiders), state__in=rules.TRANSFER_OPEN_STATES
                ).values_list("worker_id", flat=True)
            )
        new: list[tuple] = []
        changes: list[tuple[Worker, dict, str]] = []  # (worker, before, card number before)
        for row in valid:
            worker = existing.get(row.id_number)
            if worker is not None and not worker.branch.path.startswith(self._home_of(row)):
                owner = scope.enterprise_of(worker.branch)
                holder = owner.name if owner else worker.branch.name
                if worker.status != Worker.Status.ACTIVE:
                    code = "other_enterprise_left"
                elif worker.pk in in_transfer:
                    code = "transfer_open"
                elif self.claimable is None or worker.pk in self.claimable:
                    plan.claims.append(Claim(row.row, worker, self.units[row.unit_code], holder))
                    continue
                else:
                    code = "other_enterprise"
                issues.append(rules.RowIssue(row.row, "身份证号", row.id_number, code, (("unit", holder),)))
                continue
            if row.card_number and (
                row.card_number in released or card_owner.get(row.card_number, row.id_number) != row.id_number
            ):
                issues.append(rules.RowIssue(row.row, "会员证号", row.card_number, "card_taken"))
                continue
            values = _worker_values(row, self.units[row.unit_code])
            if worker is None:
                new.append(_new_values(values))
                continue
            if worker.status != Worker.Status.ACTIVE and values["status"] == Worker.Status.ACTIVE:
                values["left_on"] = None
            elif values["status"] != Worker.Status.ACTIVE and worker.status == values["status"]:
                values["left_on"] = worker.left_on
            elif values["status"] != Worker.Status.ACTIVE:
                values["left_on"] = timezone.localdate()
            if all(getattr(worker, k) == v for k, v in values.items()):
                plan.unchanged += 1
                continue
            before = audit.snapshot(worker, WORKER_FIELDS)
            card_before = worker.card_number
            if any(k in CONFIRMED_FIELDS and getattr(worker, k) != v for k, v in values.items()):
                values["confirmed_on"] = None  # the worker is asked to confirm their facts again
            for key, value in values.items():
                setattr(worker, key, value)
            changes.append((worker, before, card_before))
        plan.created += len(new)
        plan.updated += len(changes)
        if self.write and not issues:
            self._write(new, changes)

    def _write(self, new: list[tuple], changes: list[tuple[Worker, dict, str]]) -> None:
        actor = self.actor
        if new:
            batch = [Worker(**dict(zip(NEW_FIELDS, values, strict=True))) for values in new]
            Worker.objects.bulk_create(batch, batch_size=IMPORT_BATCH)
            for worker in batch:
                worker.branch = self.by_id[worker.branch_id]
            audit.record_many(
                actor=actor,
                action="worker.import_create",
                model=Worker,
                rows=[(w, None, audit.snapshot(w, WORKER_FIELDS)) for w in batch],
            )
        if changes:
            for worker, _before, _card in changes:
                worker.updated_at = self.now
                worker.branch = self.by_id[worker.branch_id]
            Worker.objects.bulk_update([w for w, _b, _c in changes], [*UPDATE_FIELDS, "updated_at"])
            audit.record_many(
                actor=actor,
                action="worker.import_update",
                model=Worker,
                rows=[(w, before, audit.snapshot(w, WORKER_FIELDS)) for w, before, _c in changes],
            )
            self.keys.add(
                _FileKeys.RELEASED,
                ((card, 0) for w, _b, card in changes if card and card != w.card_number),
            )


def _worker_values(row: rules.RosterRow, branch: Branch) -> dict:
    """The Worker fields a row sets: the twelve columns, and the real-name facts when the file has them."""
    return {
        "name": row.name,
        "gender": row.gender,
        "id_number": row.id_number,
        "phone": row.phone,
        "employment_type": row.employment_type,
        "branch_id": branch.pk,
        "hire_date": row.hire_date,
        "status": row.status,
        "left_on": None if row.status == Worker.Status.ACTIVE else timezone.localdate(),
        "is_member": row.is_member,
        "member_since": row.member_since,
        "card_number": row.card_number,
        "card_issued": row.card_issued,
        **(row.real_name or {}),
    }


def roster_import_preview(
    *, actor, unit: Branch, rows, progress=None, offer_transfers: bool = False
) -> ImportPlan:
    """What ``roster_import`` would do with these rows, without writing anything.

    With ``offer_transfers`` the rows of workers active on another enterprise's roster are listed
    in ``plan.claims`` (for the officer to choose to start transfers) instead of being problems.
    """
    _require(may_import_roster(actor, unit))
    with _Planner(
        actor=actor,
        unit=unit,
        lock=False,
        claimable=None if offer_transfers else frozenset(),
        write=False,
        progress=progress,
    ) as planner:
        return planner.run(rows)


@transaction.atomic
def roster_import(
    *,
    actor,
    unit: Branch,
    rows,
    mark_missing_as_left: bool = False,
    progress: Callable[[int], None] | None = None,
    start_transfers_for: Collection[int] = (),
) -> ImportPlan:
    """Import roster rows into ``unit``'s subtree, all or nothing, in one transaction.

    Rows are matched by ID number: existing workers of the unit's enterprise are updated, new ones
    created; a file with any problem raises ``RosterImportRefused`` and nothing it wrote stays. The
    rows are read once, checked and written chunk by chunk (see ``_Planner``). Workers of the unit
    missing from the file are marked as left only when asked. The unit's enterprise row is locked
    for the duration, so two imports into one enterprise do not interleave.

    A row of a worker active on another enterprise's roster is a problem, unless the worker's pk is
    in ``start_transfers_for`` (the officer chose so in the preview): then the import does not write
    that worker but starts a membership transfer (``transfer_start_many``, state "claimed") that
    the other union's officer releases or refuses; nothing of that worker changes before.
    """
    from .exceptions import RosterImportRefused

    _require(may_import_roster(actor, unit))
    enterprise = scope.enterprise_of(unit) or unit
    Branch.objects.select_for_update().filter(pk=enterprise.pk).first()
    with _Planner(
        actor=actor, unit=unit, lock=True, claimable=set(start_transfers_for), write=True, progress=progress
    ) as planner:
        try:
            with transaction.atomic():
                plan = planner.run(rows)
                if plan.problems:
                    raise RosterImportRefused(
                        roster_io.refusal_message(plan.problems), problems=plan.problems
                    )
        except IntegrityError as exc:
            raise RosterError(
                _("The roster changed while the file was imported (another import or edit); try again."),
                code="conflict",
            ) from exc
        if mark_missing_as_left and plan.missing_active:
            planner.mark_missing_as_left()
    by_branch: dict[int, list[Claim]] = {}
    for claim in plan.claims:
        by_branch.setdefault(claim.branch.pk, []).append(claim)
    for claims in by_branch.values():
        plan.transfers += transfer_start_many(
            actor=actor,
            workers=[c.worker for c in claims],
            to_unit=claims[0].branch,
            reason=_("On the roster file imported into %(unit)s.") % {"unit": unit.name},
        )
    audit.record(
        actor=actor,
        action="roster.import",
        obj=unit,
        after={
            "rows": plan.total,
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "marked_left": plan.missing_active if mark_missing_as_left else 0,
            "transfers_started": len(plan.transfers),
        },
    )
    return plan


UPDATE_FIELDS = [f if f != "branch_id" else "branch" for f in WORKER_FIELDS]
# The fields of a worker the import creates. The twelve columns set the first ones; the real-name
# facts come from the optional columns, or are the model defaults for a twelve-column file (whose
# import leaves these facts of existing workers unchanged).
REAL_NAME_FIELDS = (
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
)  # fmt: skip
NEW_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued", *REAL_NAME_FIELDS,
)  # fmt: skip


_NEW_DEFAULTS = {f: Worker._meta.get_field(f).get_default() for f in REAL_NAME_FIELDS}


def _new_values(values: dict) -> tuple:
    return tuple(values[f] if f in values else _NEW_DEFAULTS[f] for f in NEW_FIELDS)


def roster_export_rows(*, actor, workers, masked: bool) -> Iterator[list]:
    """The cells of each worker (a queryset already scoped by a selector) in ALL_ROSTER_COLUMNS order:
    the twelve columns, then the real-name facts by their Chinese labels."""
    gender = {v: k for k, v in rules.GENDER_LABELS.items()}
    employment = {v: k for k, v in rules.EMPLOYMENT_LABELS.items()}
    status = {v: k for k, v in rules.STATUS_LABELS.items()}
    full_paths = [p for p in scope.branches_for(actor) if scope.may_see_full_ids(actor, p)]
    rows = workers.order_by("branch__path", "name", "id").values_list(
        "name", "gender", "id_number", "phone", "employment_type", "branch__code", "hire_date",
        "is_member", "member_since", "card_number", "card_issued", "status", "branch__path",
        *REAL_NAME_FIELDS,
    )  # fmt: skip
    for values in rows.iterator(chunk_size=2000):
        name, g, number, phone, emp, code, hired, member, since, card, issued, st, path = values[:13]
        if masked or not any(path.startswith(p) for p in full_paths):
            number = rules.mask_id_number(number)
        yield [
            name, gender[g], number, phone, employment[emp], code, hired,
            "是" if member else "否", since, card, "是" if issued else "否", status[st],
            *rules.real_name_cells(dict(zip(REAL_NAME_FIELDS, values[13:], strict=True))),
        ]  # fmt: skip


def roster_export(
    *, actor, workers, target, masked: bool = False, detail: str = "", branch_path: str = "", progress=None
) -> int:
    """Write the given (scoped) workers to an .xlsx and log the export in the access log."""

    _require(may_export_roster(actor))
    count = roster_io.write_roster(
        target, roster_export_rows(actor=actor, workers=workers, masked=masked), progress=progress
    )
    audit.access(
        user=actor,
        kind="export",
        object_type="branches.worker",
        branch_path=branch_path,
        detail=f"{count} rows {detail}".strip(),
    )
    return count


# --- roster jobs: the upload → preview → confirm flow, in the background when large -------------

PROBLEMS_ON_SCREEN = 500
JOB_DIR = "roster"


def _job_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _new_job_file(suffix: str) -> str:
    directory = Path(settings.MEDIA_ROOT) / JOB_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return f"{JOB_DIR}/{uuid.uuid4().hex}{suffix}"


def job_progress_key(job_id: int) -> str:
    return f"roster-job-progress-{job_id}"


def job_progress(job: RosterJob) -> int:
    """0–100: the progress reported by a running job (shared through the cache, Redis in production)."""
    if job.status in (RosterJob.Status.DONE, RosterJob.Status.READY, RosterJob.Status.REFUSED):
        return 100
    return int(cache.get(job_progress_key(job.pk), 0))


def _reporter(job: RosterJob, total: int, start: int, span: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        cache.set(job_progress_key(job.pk), start + int(span * share), 3600)

    return report


def _job_step(job: RosterJob, action: str, **fields) -> RosterJob:
    """Apply one transition of rules.ROSTER_JOB_TRANSITIONS to a locked job row."""
    with transaction.atomic():
        locked = RosterJob.objects.select_for_update().get(pk=job.pk)
        nxt = rules.roster_job_next(locked.status, action)
        if nxt is None:
            raise Conflict(
                _("This job is already %(status)s.") % {"status": locked.get_status_display()},
                code="job_state",
            )
        before = locked.status
        locked.status = nxt
        for key, value in fields.items():
            setattr(locked, key, value)
        if nxt in (RosterJob.Status.DONE, RosterJob.Status.FAILED, RosterJob.Status.REFUSED):
            locked.finished_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise RosterError(
                _("Another import into this unit is running; wait until it has finished."), code="busy"
            ) from exc
        audit.record(
            actor=locked.created_by,
            action=f"roster_job.{action}",
            obj=locked,
            branch_path=locked.unit.path if locked.unit_id else "",
            before={"status": before},
            after={"status": nxt},
        )
    return locked


def roster_job_upload(*, actor, unit: Branch, upload) -> RosterJob:
    """Store an uploaded roster file (outside any public URL) and open an import job for it."""

    _require(may_import_roster(actor, unit))
    roster_io.check_size(upload.size or 0)
    name = _new_job_file(".xlsx")
    with open(_job_path(name), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.IMPORT,
        unit=unit,
        created_by=actor,
        original_name=str(upload.name)[:200],
        upload=name,
    )
    audit.record(actor=actor, action="roster_job.upload", obj=job, branch_path=unit.path)
    return job


def roster_job_rows(job: RosterJob) -> int:
    """The number of data rows of a job's file (0 for a file that will be refused anyway)."""

    try:
        return roster_io.open_roster(roster_io.check_path(_job_path(job.upload))).total
    except DomainError:
        return 0


def _refuse_with(job: RosterJob, action: str, exc: DomainError, total: int = 0) -> RosterJob:
    from .exceptions import RosterImportRefused

    problems = getattr(exc, "problems", None) if isinstance(exc, RosterImportRefused) else None
    fields = {"message": str(exc.message), "total_rows": total}
    if problems:
        report = _new_job_file(".xlsx")
        roster_io.write_report(str(_job_path(report)), problems)
        fields.update(
            report=report,
            problem_count=len(problems),
            problems=[[p.row, p.column, p.value, p.reason] for p in problems[:PROBLEMS_ON_SCREEN]],
        )
    return _job_step(job, action, **fields)


def roster_job_check(*, job: RosterJob) -> RosterJob:
    """Preview an import job: every problem of the file, or the counts it would create/update."""
    from .exceptions import RosterImportRefused

    actor, unit = job.created_by, job.unit
    try:
        sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
        plan = roster_import_preview(
            actor=actor,
            unit=unit,
            rows=sheet.rows(),
            progress=_reporter(job, sheet.total, 0, 100),
            offer_transfers=True,
        )
    except PermissionRefused:
        raise
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    if plan.problems:
        exc = RosterImportRefused(
            roster_io.refusal_message(plan.problems),
            problems=plan.problems,
        )
        return _refuse_with(job, "refuse", exc, plan.total)
    return _job_step(
        job,
        "checked",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        message="",
        params={**job.params, "claims": [_claim_shown(c) for c in plan.claims]},
    )


def _claim_shown(claim: Claim) -> dict:
    """A claim as the preview shows it (the ID number masked: the worker is another union's)."""
    return {
        "row": claim.row,
        "worker": claim.worker.pk,
        "name": claim.worker.name,
        "id_number": rules.mask_id_number(claim.worker.id_number),
        "holder": claim.holder,
        "unit": claim.branch.name,
    }


def roster_job_confirm(
    *, actor, job: RosterJob, mark_missing_as_left: bool, start_transfers: bool = False
) -> RosterJob:
    """The officer confirms a previewed import; refused while another import of the unit runs.

    ``start_transfers``: the officer chose to start membership transfers for the rows of workers
    on another enterprise's roster listed in the preview; without it such a file is refused.
    """
    if job.created_by_id != actor.pk:
        raise PermissionRefused(_("You do not have permission to do this."))
    _require(may_import_roster(actor, job.unit))
    params = {**job.params, "start_transfers": bool(start_transfers and job.params.get("claims"))}
    return _job_step(job, "confirm", mark_missing_as_left=mark_missing_as_left, params=params)


def roster_job_import(*, job: RosterJob) -> RosterJob:
    """Run a confirmed import (the whole file again, all or nothing) and record the outcome."""

    job = _job_step(job, "start")
    cache.set(job_progress_key(job.pk), 0, 3600)
    try:
        sheet = roster_io.open_roster(roster_io.check_path(_job_path(job.upload)))
        chosen = (
            [c["worker"] for c in job.params.get("claims", [])] if job.params.get("start_transfers") else []
        )
        plan = roster_import(
            actor=job.created_by,
            unit=job.unit,
            rows=sheet.rows(),
            mark_missing_as_left=job.mark_missing_as_left,
            progress=_reporter(job, sheet.total, 0, 100),
            start_transfers_for=chosen,
        )
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    return _job_step(
        job,
        "finish",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        left_count=plan.missing_active if job.mark_missing_as_left else 0,
        params={**job.params, "transfers_started": len(plan.transfers)},
    )


def roster_job_export_start(*, actor, query: str, count: int) -> RosterJob:
    """Open a background export of the roster list as filtered by ``query`` (its GET parameters)."""
    _require(may_export_roster(actor))
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.EXPORT,
        status=RosterJob.Status.QUEUED,
        created_by=actor,
        params={"query": query},
        total_rows=count,
        original_name=f"roster-{timezone.localdate():%Y%m%d}.xlsx",
    )
    audit.record(actor=actor, action="roster_job.export", obj=job, after={"query": query})
    return job


def roster_job_export(*, job: RosterJob, workers) -> RosterJob:
    """Run a background export into a file only its creator may download."""
    job = _job_step(job, "start")
    name = _new_job_file(".xlsx")
    try:
        count = roster_export(
            actor=job.created_by,
            workers=workers,
            target=str(_job_path(name)),
            detail=job.params.get("query", ""),
            progress=_reporter(job, job.total_rows, 0, 100),
        )
    except DomainError as exc:
        return _job_step(job, "fail", message=str(exc.message))
    return _job_step(job, "finish", result=name, total_rows=count)


def job_file(job: RosterJob, which: str) -> Path | None:
    name = getattr(job, which, "")
    return _job_path(name) if name else None
