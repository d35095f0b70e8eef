"""The workflows of the organisation app, declared once as tables (``unionhome.workflow``).

Membership transfer (会员关系转接), three ways in: an officer of the old unit starts a transfer out
("requested"); the worker asks in the portal ("asked", which the old unit's officer confirms into
"requested"); an importing union claims a worker still on another enterprise's roster ("claimed",
which the old unit's officer releases). The receiving union's officer accepts or refuses a request;
for a union outside the system the old unit's officer records the receiving union's answer. Who
may take each step is a named permission (``branches/permissions.py``); docs/workflows.md draws it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import audit, workflow
from unionhome.workflow import Move, Step, Workflow

from .exceptions import TransferError
from .models import Branch, MembershipTransfer, TransferTransition, Worker
from .snapshots import TRANSFER_FIELDS, WORKER_FIELDS

State = MembershipTransfer.State
SEND, RECEIVE, CANCEL = "branches.send_transfer", "branches.receive_transfer", "branches.cancel_transfer"


def move_worker(
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


def _accept(move: Move) -> None:
    """Accepted or released: the worker moves (or leaves, for a union outside the system)."""
    transfer = move.obj
    effective_on = move.extra.get("effective_on") or timezone.localdate()
    move_worker(
        actor=move.actor,
        transfer=transfer,
        to_branch=move.extra.get("to_branch") or transfer.to_branch,
        effective_on=effective_on,
    )
    transfer.effective_on = effective_on


def _decided(move: Move) -> None:
    """The transfer ends (every step but the old unit's confirmation): it is decided now."""
    move.obj.decided_at = move.at


TRANSFER = workflow.register(
    Workflow(
        name="branches.transfer",
        label=gettext_lazy("membership transfer"),
        model=MembershipTransfer,
        record_model=TransferTransition,
        steps={
            (State.ASKED, "confirm"): Step(State.REQUESTED, permission=SEND),
            (State.ASKED, "refuse"): Step(State.REFUSED, permission=SEND),
            (State.ASKED, "cancel"): Step(State.CANCELLED, permission=CANCEL),
            (State.REQUESTED, "accept"): Step(State.ACCEPTED, permission=RECEIVE),
            (State.REQUESTED, "refuse"): Step(State.REFUSED, permission=RECEIVE),
            (State.REQUESTED, "cancel"): Step(State.CANCELLED, permission=CANCEL),
            (State.CLAIMED, "release"): Step(State.ACCEPTED, permission=SEND),
            (State.CLAIMED, "refuse"): Step(State.REFUSED, permission=SEND),
            (State.CLAIMED, "cancel"): Step(State.CANCELLED, permission=RECEIVE),
        },
        actions={
            "confirm": gettext_lazy("Confirm the request"),
            "refuse": gettext_lazy("Refuse"),
            "cancel": gettext_lazy("Cancel the transfer"),
            "accept": gettext_lazy("Accept"),
            "release": gettext_lazy("Release the worker"),
            # the first step of each way in (history rows only)
            "ask": gettext_lazy("Ask for the transfer"),
            "start": gettext_lazy("Start the transfer"),
            "claim": gettext_lazy("Claim the worker"),
        },
        initial=(State.ASKED, State.REQUESTED, State.CLAIMED),
        lock_related=("from_branch", "to_unit", "to_branch", "worker"),
        effects={
            "accept": (_decided, _accept),
            "release": (_decided, _accept),
            "refuse": (_decided,),
            "cancel": (_decided,),
        },
        audit_action="transfer",
        audit_fields=TRANSFER_FIELDS,
        audit_path=lambda transfer: transfer.from_branch.path,
    )
)

# The history row that opens a transfer, by the state it starts in.
START_ACTIONS = {State.ASKED: "ask", State.REQUESTED: "start", State.CLAIMED: "claim"}

# The roster import/export job has its own module; imported here so the registry finds it.
from .job_workflow import ROSTER_JOB  # noqa: E402, F401
