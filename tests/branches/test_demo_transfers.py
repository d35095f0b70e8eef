from django.core.management import call_command

from branches.models import MembershipTransfer, Worker
from unionhome.models import AuditEvent


def test_demo_transfers_seed_one_accepted_one_pending_one_refused_and_are_idempotent(demo_data):
    transfers = {
        t.state: t for t in MembershipTransfer.objects.select_related("worker__branch", "from_branch")
    }
    assert set(transfers) == {"accepted", "requested", "refused"}
    moved = transfers["accepted"]
    assert moved.from_branch.code.startswith("E01") and moved.worker.branch.code == "E02-B01"
    assert moved.worker.member_since == moved.member_since and moved.effective_on is not None
    assert transfers["requested"].worker.branch.code.startswith("E01")
    assert not Worker.objects.filter(ethnic_group="").exists()
    assert Worker.objects.filter(political_status="01").exists()
    counts = (MembershipTransfer.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (MembershipTransfer.objects.count(), AuditEvent.objects.count()) == counts
