"""No page of democratic management links a role to a page that answers it 403: menus and buttons
ask the same named permissions as the pages they open."""

import re

import pytest
from django.urls import reverse

from tests.democracy.conftest import make_session

HREF = re.compile(r'href="(/(?:office|portal)/democracy/[^"#?]*)"')
PAGES = ["overview", "session_list", "term_list", "proposal_list", "meeting_list", "disclosure_list",
         "survey_list", "contract_list", "mediation", "petition_list", "contest_list"]  # fmt: skip


@pytest.mark.parametrize("role", ["branch", "officer", "officer_b", "district"])
def test_office_pages_link_only_to_pages_the_role_may_open(world, client_for, role):
    make_session(world)
    client = client_for(world.users[role])
    links = set()
    for name in PAGES:
        response = client.get(reverse(f"democracy:{name}"))
        assert response.status_code == 200
        links |= set(HREF.findall(response.content.decode()))
    refused = [url for url in sorted(links) if client.get(url).status_code == 403]
    assert not refused, f"{role} is shown links it may not open: {refused}"


def test_a_worker_who_has_left_is_shown_no_link_the_portal_refuses(world, client_for):
    world.worker_a1.status = "left"
    world.worker_a1.save()
    client = client_for(world.users["worker"])
    page = client.get(reverse("democracy_portal:home")).content.decode()
    refused = [url for url in sorted(set(HREF.findall(page))) if client.get(url).status_code == 403]
    assert not refused, refused
