"""The menus come from the permission map (``unionhome/navigation.py``): each role is shown only the
pages it may open, every one of them answers 200, and the page the reader is on is marked."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from unionhome import navigation, permissions

ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")
MENUS = ("office", "records", "portal", "democracy", "hardship", "assessment")
START = {"worker": "portal:profile"}  # the others start at the office dashboard
SUB_MENU_PAGES = {
    "democracy": "democracy:overview",
    "hardship": "hardship:index",
    "assessment": "assessment:index",
}
CURRENT = re.compile(r'<a class="[^"]*\bactive\b[^"]*" href="([^"]+)" aria-current="page">')


def test_every_entry_names_a_registered_permission_and_a_page():
    for entry in navigation.entries():
        assert permissions.exists(entry.permission), entry
        assert reverse(entry.url_name)
    assert {e.menu for e in navigation.entries()} == set(MENUS)


def _nav_links(page: str) -> set[str]:
    return set(re.findall(r'<a class="(?:nav-link|dropdown-item)[^"]*" href="([^"#]+)"', page))


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_a_role_is_shown_opens(role, world, client_for):
    client = client_for(world.user(role))
    start = client.get(reverse(START.get(role, "branches:dashboard")))
    assert start.status_code == 200
    shown = _nav_links(start.content.decode())
    if role != "worker":
        for page in SUB_MENU_PAGES.values():
            response = client.get(reverse(page))
            assert response.status_code == 200
            shown |= _nav_links(response.content.decode())
    assert len(shown) >= 4
    refused = {url: client.get(url).status_code for url in sorted(shown)}
    assert {url: code for url, code in refused.items() if code != 200} == {}, role


@pytest.mark.parametrize("role", ROLES)
def test_a_role_is_shown_each_entry_it_may_open_and_no_other(role, world, client_for):
    user = world.user(role)
    client = client_for(user)
    pages = [START.get(role, "branches:dashboard")] + (
        [] if role == "worker" else list(SUB_MENU_PAGES.values())
    )
    shown = set()
    for page in pages:
        shown |= _nav_links(client.get(reverse(page)).content.decode())
    for entry in navigation.entries():
        if entry.menu in ("office", "records", "portal") or entry.menu in SUB_MENU_PAGES:
            url = reverse(entry.url_name)
            if entry.menu in SUB_MENU_PAGES and role == "worker":
                continue
            assert (url in shown) == permissions.allowed(user, entry.permission), (role, entry.url_name)


def test_refused_pages_are_not_offered(world, client_for):
    branch = client_for(world.user("branch"))
    page = branch.get(reverse("hardship:index")).content.decode()
    assert reverse("hardship:access_log") not in page
    assert branch.get(reverse("hardship:access_log")).status_code == 403
    assert reverse("branches:access_log") not in page
    assert (
        reverse("democracy:evaluation_list") not in branch.get(reverse("democracy:overview")).content.decode()
    )
    district = client_for(world.user("district")).get(reverse("hardship:index")).content.decode()
    assert reverse("hardship:access_log") in district and reverse("branches:access_log") in district


@pytest.mark.parametrize(
    ("page", "marked"),
    [
        ("democracy:proposal_list", ["democracy:overview", "democracy:proposal_list"]),
        ("democracy:overview", ["democracy:overview", "democracy:overview"]),  # the app and its overview
        ("hardship:files", ["hardship:index", "hardship:files"]),
        ("assessment:standard_list", ["assessment:index", "assessment:standard_list"]),
        ("branches:roster", ["branches:roster"]),
        ("branches:audit_trail", ["branches:audit_trail"]),
    ],
)
def test_the_page_the_reader_is_on_is_marked(page, marked, world, client_for):
    html = client_for(world.user("officer")).get(reverse(page)).content.decode()
    found = CURRENT.findall(html)
    # the top bar marks the app; the sub-menu marks the page
    assert sorted(found) == sorted(reverse(name) for name in marked)


def test_a_detail_page_marks_its_list(world, client_for):
    html = client_for(world.user("officer")).get(reverse("branches:worker_detail", args=[world.worker_a1.pk]))
    assert CURRENT.findall(html.content.decode()) == [reverse("branches:roster")]


def test_the_worker_sees_the_portal_marked(world, client_for):
    html = client_for(world.user("worker")).get(reverse("portal:transfers")).content.decode()
    assert CURRENT.findall(html) == [reverse("portal:transfers")]
    assert reverse("branches:dashboard") not in html


PRIMARY_ACTIONS = {
    "branches:roster": "branches:worker_create",
    "branches:transfer_list": "branches:transfer_choose",
    "democracy:session_list": "democracy:session_create",
    "democracy:term_list": "democracy:term_create",
    "democracy:proposal_list": "democracy:proposal_enter",
    "democracy:meeting_list": "democracy:meeting_create",
    "democracy:disclosure_list": "democracy:disclosure_create",
    "democracy:survey_list": "democracy:survey_create",
    "democracy:contract_list": "democracy:contract_create",
    "democracy:petition_list": "democracy:petition_create",
    "democracy:contest_list": "democracy:contest_create",
    "democracy:evaluation_list": "democracy:evaluation_create",
    "democracy:mediation": "democracy:case_create",
    "ledgers:index": "ledgers:entry_create",
}


@pytest.mark.parametrize(("page", "action"), sorted(PRIMARY_ACTIONS.items()))
def test_each_list_offers_its_primary_action_to_the_union_officer(page, action, world, client_for):
    html = client_for(world.user("officer")).get(reverse(page)).content.decode()
    assert f'href="{reverse(action)}' in html


def test_the_standards_offer_a_new_standard_to_the_district(world, client_for):
    html = client_for(world.user("district")).get(reverse("assessment:standard_list")).content.decode()
    assert f'href="{reverse("assessment:standard_create")}' in html
