"""Concurrent steps of one transfer on PostgreSQL: exactly one outcome, a clear refusal to the other."""

import threading

import pytest
from django.db import connection

from branches import services
from branches.exceptions import DomainError
from branches.models import MembershipTransfer, TransferTransition, Worker
from tests.conftest import build_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(steps):
    """Run each step in its own thread and connection, all released at once; collect the outcomes."""
    barrier = threading.Barrier(len(steps))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(step):
        try:
            barrier.wait()
            step()
            result = "done"
        except DomainError as exc:  # StateConflict (code "state") or TransferError
            result = f"refused:{exc.code}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("rounds", range(3))
def test_accept_and_cancel_at_the_same_time_give_exactly_one_outcome(rounds):
    world = build_world()
    transfer = services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a1, to_unit=world.ent_b, reason="工作调动"
    )
    outcomes = _race(
        [
            lambda: services.transfer_apply(
                actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_b1
            ),
            lambda: services.transfer_apply(actor=world.users["officer"], transfer=transfer, action="cancel"),
        ]
    )
    assert sorted(outcomes) == ["done", "refused:state"]
    transfer.refresh_from_db()
    worker = Worker.objects.get(pk=world.worker_a1.pk)
    steps = TransferTransition.objects.filter(transfer=transfer).exclude(from_state="")
    assert steps.count() == 1 and steps.get().to_state == transfer.state
    if transfer.state == MembershipTransfer.State.ACCEPTED:
        assert worker.branch_id == world.branch_b1.pk
    else:
        assert transfer.state == MembershipTransfer.State.CANCELLED and worker.branch_id == world.branch_a1.pk


def test_two_officers_starting_a_transfer_of_one_worker_at_once_give_one_open_transfer():
    world = build_world()
    outcomes = _race(
        [
            lambda: services.transfer_start(
                actor=world.users["officer"], worker=world.worker_a1, to_unit=world.ent_b, reason="一"
            ),
            lambda: services.transfer_start(
                actor=world.users["branch"], worker=world.worker_a1, outside_union="外单位工会", reason="二"
            ),
        ]
    )
    assert sorted(outcomes) == ["done", "refused:open"]
    assert MembershipTransfer.objects.filter(worker=world.worker_a1).count() == 1
