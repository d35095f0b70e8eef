from django.core.management import call_command

from branches.models import Branch, Worker
from unionhome.models import AuditEvent, User


def test_seed_demo_builds_the_district_and_is_idempotent(demo_data):
    counts = (
        Branch.objects.count(),
        Worker.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )
    assert Branch.objects.filter(kind="enterprise").count() == 4  # three in 城东区, one in 城西区
    assert 10 <= Branch.objects.filter(kind="branch").count() <= 14
    assert Branch.objects.filter(kind="group").count() >= 28
    assert 2900 <= counts[1] <= 3100
    assert set(Worker.objects.values_list("employment_type", flat=True)) == {
        "regular",
        "dispatched",
        "migrant",
    }
    assert (
        Worker.objects.filter(is_member=False).exists()
        and Worker.objects.filter(is_member=True, card_issued=False).exists()
    )
    assert User.objects.get(username="worker").worker.branch.code == "E01-B01"
    assert User.objects.get(username="admin").check_password("unionhome-demo")
    call_command("seed_demo", verbosity=0)
    assert (
        Branch.objects.count(),
        Worker.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
