"""The hardship pages link only to pages the reader may open: menus and buttons ask the same named
permissions as the pages they lead to."""

import re

import pytest
from django.urls import reverse

from tests.hardship.factories import application_in, open_file_for

LINK = re.compile(r'<a [^>]*href="(/office/hardship/[^"#?]*)"')
ROLES = ("branch", "officer", "officer_b", "district", "admin")


def _links(page: str) -> set[str]:
    return set(LINK.findall(page))


@pytest.mark.parametrize("role", ROLES)
def test_no_hardship_link_leads_a_role_to_a_refusal(world, campaign, client_for, role):
    application_in(campaign, world.worker_a1, "reported", paper=True)
    application_in(campaign, world.worker_b1, "notice_ended")
    open_file_for(world.worker_a1)
    client = client_for(world.user(role))
    seen: set[str] = set()
    todo = [reverse("hardship:index")]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), f"{role} follows a link to {url}: {response.status_code}"
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            todo += sorted(_links(response.content.decode()) - seen)
    assert len(seen) > 3


def test_the_access_log_and_paper_entry_are_offered_only_to_those_who_may_use_them(world, client_for):
    log, paper = reverse("hardship:access_log"), reverse("hardship:paper_new")
    branch = client_for(world.user("branch")).get(reverse("hardship:index")).content.decode()
    assert log not in branch and paper in branch
    district = client_for(world.user("district")).get(reverse("hardship:index")).content.decode()
    assert log in district and paper not in district
