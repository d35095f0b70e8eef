"""Transfer of membership (会员关系转接): started, asked for, claimed and moved along its table."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, scope

from .. import rules
from ..exceptions import PermissionRefused, TransferError
from ..models import Branch, MembershipTransfer, TransferTransition, Worker
from ._common import Role, _require
from .roster import WORKER_FIELDS, may_manage_roster

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
