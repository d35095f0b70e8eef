"""The ranking overview a page at a time: the counts are SQL aggregates, the rows those of the page,
and the page reads as many rows and queries with 2,000 more units in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import selectors
from assessment.models import Assessment, TitleAward
from assessment.selectors import ranking as ranking_module
from branches.models import Branch
from tests.assessment.conftest import YEAR
from tests.assessment.test_ranking import _accepted
from tests.branches.federation import build_province
from tests.factories import make_branch
from tests.federation_tree import grow, loads
from unionhome import permissions
from unionhome.models import User

TODAY = dt.date(YEAR, 12, 1)


def _overview(client, **query):
    with loads(Branch, Assessment, TitleAward) as counts:
        response = client.get(reverse("assessment:overview"), {"year": YEAR, **query})
    assert response.status_code == 200
    return counts, response


@pytest.mark.django_db
def test_the_overview_of_a_federation_reads_as_much_with_2000_more_units(demo_data, client, monkeypatch):
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 10)  # the demo's scope fills a page already
    client.force_login(User.objects.get(username="city"))
    before, response = _overview(client)
    units_before = response.context["ranking"].units
    assert units_before > 10
    assert grow(Branch.objects.get(depth=1)) == 2001
    after, response = _overview(client)
    assert after == before  # the same queries, the same rows of each table
    assert after["Branch"] <= 10 + 1 + 1  # the page's units, the next one's probe, the reviewer's own
    ranking = response.context["ranking"]
    assert ranking.units == units_before + 2000  # the enterprises and branches counted, not loaded
    assert len(ranking.rows) == 10


@pytest.mark.django_db
def test_pages_follow_the_ranking_across_ranked_and_unranked_units(
    world, std_small, make_assessment, client_for, monkeypatch
):
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 2)
    extra = make_branch(world.ent_b, "B7", "branch", "乙七分会")
    vetoed_one = _accepted(make_assessment(world.branch_a1, std_small), "99.0")
    Assessment.objects.filter(pk=vetoed_one.pk).update(vetoed=True)
    _accepted(make_assessment(world.branch_a2, std_small), "95.3")
    _accepted(make_assessment(extra, std_small), "70.0", rating="does_not_meet")
    whole = selectors.overview(world.users["district"], YEAR, TODAY)
    assert [(r.branch.name, r.rank) for r in whole.rows] == [
        ("甲二分会", 1), ("乙七分会", 2), ("甲一分会", 3),  # vetoed: below every unit not vetoed
        ("甲企业工会", None), ("乙企业工会", None), ("乙一分会", None),
    ]  # fmt: skip
    client = client_for(world.users["district"])
    response = client.get(reverse("assessment:overview"), {"year": YEAR})
    pages = []
    while True:
        ranking = response.context["ranking"]
        pages.append(ranking)
        if not ranking.page.has_next:
            break
        response = client.get(reverse("assessment:overview") + ranking.page.next_url)
    assert [[(r.branch, r.rank) for r in p.rows] for p in pages] == [
        [(r.branch, r.rank) for r in whole.rows[i : i + 2]] for i in (0, 2, 4)
    ]
    for page in pages:  # every page counts the whole scope
        assert (page.units, page.accepted, page.meeting, page.vetoed) == (6, 3, 2, 1)
    table = response.content.decode().split('id="ranking"')[1].split("</table>")[0]
    assert "乙七分会" not in table and "乙一分会" in table and "乙企业工会" in table
    assert f"year={YEAR}" in pages[1].page.next_url and "cursor=" in pages[1].page.next_url
    assert (pages[2].page.start, pages[2].page.end, pages[2].page.total) == (5, 6, 6)


@pytest.mark.django_db
def test_an_old_page_number_shows_the_first_page(world, std_small, make_assessment, client_for, monkeypatch):
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 4)
    client = client_for(world.users["district"])
    for number in ("99", "abc", "2"):
        response = client.get(reverse("assessment:overview"), {"year": YEAR, "page": number})
        assert response.status_code == 200
        ranking = response.context["ranking"]
        assert ranking.page.start == 1 and not ranking.page.has_previous and ranking.page.has_next
        assert [r.branch for r in ranking.rows] == [
            world.ent_a,
            world.branch_a1,
            world.branch_a2,
            world.ent_b,
        ]
        assert "page=" not in ranking.page.next_url


@pytest.mark.django_db
def test_whether_a_reviewer_may_open_an_assessment_reads_the_first_units_only():
    """The assessment list's "open" button of a province's reviewer: decided by the first units in
    its scope, not by loading every unit (20,000 at a province)."""
    _province, reviewer = build_province(40)  # 207 units
    with CaptureQueriesContext(connection) as queries:
        assert permissions.allowed(reviewer, "assessment.open_assessment")
    units = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "branches_branch"')]
    assert units and all("LIMIT 50" in sql for sql in units)
