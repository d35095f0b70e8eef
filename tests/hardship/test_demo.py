from django.core.management import call_command

from hardship.models import Application, Campaign, HardshipFile, Transition


def test_demo_data_has_an_open_campaign_in_every_state_and_a_closed_one_with_a_file(demo_data):
    open_campaign = Campaign.objects.get(is_open=True)
    closed = Campaign.objects.get(is_open=False)
    states = set(Application.objects.filter(campaign=open_campaign).values_list("state", flat=True))
    assert {
        "draft", "submitted", "returned", "approved", "on_notice", "notice_ended", "reported",
        "district_approved", "district_rejected", "relief_delivered", "rejected",
    } <= states  # fmt: skip
    assert Application.objects.get(worker__user__username="worker").state == "returned"
    veteran = Application.objects.get(campaign=closed)
    assert veteran.state == "relief_delivered"
    file = HardshipFile.objects.get(worker=veteran.worker)
    assert file.status == "open" and set(file.entries.values_list("kind", flat=True)) == {"help", "review"}
    counts = (Application.objects.count(), Transition.objects.count(), HardshipFile.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Application.objects.count(), Transition.objects.count(), HardshipFile.objects.count()) == counts
