"""The office-pages run at federation size (bench/federation_pages.py): on a small generated
federation, each measured user's pages are the links its menus show plus the pages followed from
lists, and every one answers 200, so that a run at 1,000,000 workers times pages, not refusals."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_navigation import SUB_MENU_PAGES, _nav_links
from unionhome.models import User

BENCH = Path(__file__).resolve().parents[1] / "bench"
FOLLOWED = {
    "unit page", "drill-down fragment", "roster search: name", "roster search: ID", "worker page",
    "hardship campaign",
}  # fmt: skip


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("federation_pages"), importlib.import_module("common")


@pytest.mark.django_db
def test_every_measured_page_is_in_the_user_s_menus_or_followed_and_answers_200(bench, client):
    pages, common = bench
    facts = common.generate_federation(3000)

    assert set(facts["users"]) == {
        "province reviewer", "city reviewer", "district reviewer", "enterprise officer", "branch officer",
    }  # fmt: skip
    for role, (pk, _unit) in facts["users"].items():
        user = User.objects.get(pk=pk)
        client.force_login(user)
        shown = _nav_links(client.get(reverse("branches:dashboard")).content.decode())
        for page in SUB_MENU_PAGES.values():
            shown |= _nav_links(client.get(reverse(page)).content.decode())
        urls = pages.pages(role, facts, user)
        nav = pages.nav_pages(user)
        assert set(nav.values()) <= shown, role  # the menus as rendered for the user
        assert {"branches:dashboard", "branches:roster", "hardship:index"} <= set(nav), role
        followed = set(urls) - set(nav) - {pages.BASELINE}
        reviewer = role.endswith("reviewer")
        assert FOLLOWED | ({"hardship balancing"} if reviewer else set()) <= followed, role
        assert sum(name.startswith("findings list: ") for name in urls) == 1
        answers = {name: client.get(url).status_code for name, url in urls.items()}
        assert {name: code for name, code in answers.items() if code != 200} == {}, role


def test_the_filters_keep_the_baseline(bench):
    pages, _common = bench
    assert pages.chosen(pages.BASELINE, ["roster"])
    assert pages.chosen("roster search: ID", ["roster"])
    assert not pages.chosen("branches:dashboard", ["roster"])
    assert pages.chosen("branches:dashboard", [])
