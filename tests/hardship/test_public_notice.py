"""The public notice (公示) in the portal: the current campaign only, whom to tell of an objection,
names kept on one line."""

import datetime as dt

import pytest
from django.urls import reverse

from branches.models import Appointment
from tests.factories import AppointmentFactory
from tests.hardship.factories import application_in, campaign_for


@pytest.fixture
def worker_client(world, client_for):
    return client_for(world.user("worker"))


def _notices(client) -> str:
    return client.get(reverse("hardship_portal:notices")).content.decode()


def test_only_the_current_campaigns_notice_is_listed(world, worker_client):
    last_year = campaign_for(world.district, name="2025年元旦春节送温暖", year=2025)
    this_year = campaign_for(world.district, name="2026年元旦春节送温暖", year=2026)
    application_in(last_year, world.worker_a2, "relief_delivered")
    application_in(this_year, world.worker_a1, "on_notice")
    page = _notices(worker_client)
    assert "2026年元旦春节送温暖" in page and "张三" in page
    assert "2025年元旦春节送温暖" not in page and "李四" not in page


def test_last_years_notice_is_not_shown_when_this_year_has_none(world, worker_client):
    last_year = campaign_for(world.district, name="2025年元旦春节送温暖", year=2025)
    campaign_for(world.district, name="2026年元旦春节送温暖", year=2026)
    application_in(last_year, world.worker_a2, "relief_delivered")
    page = _notices(worker_client)
    assert "2025年元旦春节送温暖" not in page and "李四" not in page
    assert "目前没有公示" in page or 'id="objection-contact"' not in page
    index = worker_client.get(reverse("hardship_portal:index")).content.decode()
    assert reverse("hardship_portal:notices") not in index


def test_the_notice_says_whom_to_tell_of_an_objection(world, worker_client):
    type(world.user("officer")).objects.filter(username="officer").update(first_name="红", last_name="刘")
    former = AppointmentFactory(
        branch=world.ent_a,
        role=Appointment.Role.UNION_OFFICER,
        user__username="former",
        start=dt.date(2020, 1, 1),
        end=dt.date(2023, 12, 31),
    ).user
    application_in(campaign_for(world.district), world.worker_a2, "on_notice")
    page = _notices(worker_client)
    contact = page[page.index('id="objection-contact"') :]
    assert "甲企业工会" in contact and "公示期结束前" in contact
    assert "联系人" in contact and "红 刘" in contact
    # the officer of the other enterprise is not a contact, nor an officer whose term ended
    assert "officer_b" not in contact and str(former) not in contact


def test_names_on_the_notice_never_break_across_lines(world, worker_client, client_for):
    campaign = campaign_for(world.district)
    application_in(campaign, world.worker_a2, "on_notice")
    page = _notices(worker_client)
    assert '<td class="person-name text-nowrap">李四</td>' in page
    office = client_for(world.user("officer")).get(
        reverse("hardship:notice", kwargs={"pk": campaign.pk, "enterprise_pk": world.ent_a.pk})
    )
    assert '<td class="person-name text-nowrap">李四</td>' in office.content.decode()


def test_an_officer_of_another_enterprise_is_not_a_contact(world, worker_client):
    application_in(campaign_for(world.district), world.worker_a2, "on_notice")
    page = _notices(worker_client)
    contact = page[page.index('id="objection-contacts"') :]
    assert "officer_b" not in contact and "officer" in contact
