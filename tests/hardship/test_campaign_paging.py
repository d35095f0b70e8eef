"""The campaigns index pages by keyset cursors (newest year and deadline first): forward and back
returns every campaign of the user's scope once, in order; a forged cursor is a bad request that
changes nothing; a cursor replayed by another district's reviewer lists that district's campaigns
only; a page's queries do not grow with the campaigns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import Appointment
from hardship.models import Campaign
from tests.factories import AppointmentFactory, make_branch
from tests.hardship.factories import campaign_for
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db

INDEX = reverse("hardship:index")


def _campaigns(district, count: int, prefix: str) -> None:
    soon = timezone.now() + dt.timedelta(days=30)
    for i in range(count):  # three years, deadlines shared by pairs: ties broken by the primary key
        campaign_for(
            district, name=f"{prefix}{i}", year=2024 + i % 3, deadline=soon + dt.timedelta(days=i // 2)
        )


@pytest.fixture
def other():
    district = make_branch(None, "D9", "district", "另一区总工会")
    reviewer = AppointmentFactory(
        branch=district, role=Appointment.Role.DISTRICT_REVIEWER, user__username="d9"
    )
    return district, reviewer.user


def _walk(client) -> tuple[list[list[int]], list[list[int]]]:
    response, forward = client.get(INDEX), []
    while True:
        page = response.context["page"]
        forward.append([c.pk for c in page])
        if not page.has_next:
            break
        response = client.get(INDEX + page.next_url)
    backward = []
    while True:
        page = response.context["page"]
        backward.insert(0, [c.pk for c in page])
        if not page.has_previous:
            break
        response = client.get(INDEX + page.previous_url)
    return forward, backward


def test_the_campaigns_page_forward_and_back_newest_first(world, other, client_for):
    _campaigns(world.district, 120, "本区")
    _campaigns(other[0], 30, "他区")
    forward, backward = _walk(client_for(world.user("district")))
    assert forward == backward and [len(p) for p in forward] == [50, 50, 20]
    mine = Campaign.objects.filter(branch=world.district).order_by("-year", "-deadline", "-id")
    assert [pk for page in forward for pk in page] == list(mine.values_list("pk", flat=True))


def test_a_forged_cursor_is_refused_and_changes_nothing(world, client_for):
    _campaigns(world.district, 60, "本区")
    client = client_for(world.user("district"))
    cursor = client.get(INDEX).context["page"].next_cursor
    before = (Campaign.objects.count(), AuditEvent.objects.count())
    for bad in ("nonsense", cursor[:-2] + ("zz" if not cursor.endswith("zz") else "yy"), "x" * 3000):
        assert client.get(INDEX, {"cursor": bad}).status_code == 400
    assert client.get(reverse("hardship:files"), {"cursor": cursor}).status_code == 400
    assert (Campaign.objects.count(), AuditEvent.objects.count()) == before


def test_a_cursor_replayed_by_another_district_lists_none_of_the_first_ones(world, other, client_for):
    _campaigns(world.district, 60, "本区")
    _campaigns(other[0], 60, "他区")
    cursor = client_for(world.user("district")).get(INDEX).context["page"].next_cursor
    replayed = client_for(other[1]).get(INDEX, {"cursor": cursor})
    assert replayed.status_code == 200
    assert {c.branch_id for c in replayed.context["page"]} == {other[0].pk}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_pages_queries_do_not_grow_with_the_campaigns(world, client_for):
    client = client_for(world.user("district"))
    _campaigns(world.district, 60, "本区")
    second = INDEX + client.get(INDEX).context["page"].next_url
    few = _queries(client, second)
    _campaigns(world.district, 200, "又一")
    assert _queries(client, second) == few
