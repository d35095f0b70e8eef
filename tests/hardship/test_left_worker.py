"""A worker who has left keeps only their own records in the portal (docs/PERMISSIONS.md, rule 5)."""

from django.urls import reverse

from branches.models import Worker
from tests.hardship.factories import application_in, open_file_for


def _leave(world):
    Worker.objects.filter(pk=world.worker_a1.pk).update(status=Worker.Status.LEFT)


def test_a_worker_who_has_left_no_longer_sees_colleagues_public_notices(world, campaign, client_for):
    application_in(campaign, world.worker_a2, "on_notice")
    client = client_for(world.user("worker"))
    assert "李四" in client.get(reverse("hardship_portal:notices")).content.decode()
    _leave(world)
    assert client.get(reverse("hardship_portal:notices")).status_code == 403
    index = client.get(reverse("hardship_portal:index")).content.decode()
    assert reverse("hardship_portal:notices") not in index and "李四" not in index


def test_a_worker_who_has_left_keeps_their_own_application_and_file(world, campaign, client_for):
    mine = application_in(campaign, world.worker_a1, "district_approved")
    open_file_for(world.worker_a1)
    _leave(world)
    client = client_for(world.user("worker"))
    index = client.get(reverse("hardship_portal:index")).content.decode()
    assert reverse("hardship_portal:detail", args=[mine.pk]) in index and "我的困难职工档案" in index
    assert client.get(reverse("hardship_portal:detail", args=[mine.pk])).status_code == 200


def test_a_worker_who_has_left_is_offered_no_campaign_to_apply_to(world, campaign, client_for):
    client = client_for(world.user("worker"))
    apply = reverse("hardship_portal:apply", args=[campaign.pk])
    assert apply in client.get(reverse("hardship_portal:index")).content.decode()
    _leave(world)
    assert apply not in client.get(reverse("hardship_portal:index")).content.decode()
