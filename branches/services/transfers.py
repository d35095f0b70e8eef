"""Transfer of membership (会员关系转接): started, asked for, claimed, then moved along its table
(``branches.workflows.TRANSFER``) by ``unionhome.workflow``."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from unionhome import audit, permissions, scope, workflow

from .. import rules
from ..exceptions import TransferError
from ..models import Branch, MembershipTransfer, Worker
from ..snapshots import TRANSFER_FIELDS
from ..workflows import START_ACTIONS, TRANSFER

State = MembershipTransfer.State


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
    workflow.record_start(TRANSFER, actor=actor, obj=transfer, action=START_ACTIONS[state], reason=reason)
    return audit.created(
        actor=actor,
        action="transfer.start",
        obj=transfer,
        fields=TRANSFER_FIELDS,
        branch_path=transfer.from_branch.path,
    )


@transaction.atomic
def transfer_start(
    *, actor, worker: Worker, reason: str, to_unit: Branch | None = None, outside_union: str = ""
) -> MembershipTransfer:
    """An officer of the old unit starts a transfer out: to a union in the system or outside it."""
    permissions.require(actor, "branches.manage_roster", worker.branch)
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
    permissions.require(actor, "branches.ask_transfer")
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
    permissions.require(actor, "branches.manage_roster", to_unit)
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
    """The one service that moves a transfer along its table (branches.workflows.TRANSFER)."""
    return workflow.apply(
        TRANSFER,
        actor=actor,
        obj=transfer,
        action=action,
        reason=rules.normalise_text(comment),
        to_branch=to_branch,
        effective_on=effective_on,
    )
