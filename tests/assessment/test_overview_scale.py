"""The ranking overview a page at a time: the counts are SQL aggregates, the rows those of the page,
and the page reads as many rows and queries with 2,000 more units in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessment import selectors
from assessment.models import Assessment, TitleAward
from assessment.selectors import ranking as ranking_module
from branches.models import Branch
from tests.assessment.conftest import YEAR
from tests.assessment.test_ranking import _accepted
from tests.factories import make_branch
from tests.federation_tree import grow, loads
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
    assert after["Branch"] <= 10 + 1  # the page's units, and the reviewer's own
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
    pages = [selectors.overview(world.users["district"], YEAR, TODAY, page=n) for n in (1, 2, 3)]
    assert [[(r.branch, r.rank) for r in p.rows] for p in pages] == [
        [(r.branch, r.rank) for r in whole.rows[i : i + 2]] for i in (0, 2, 4)
    ]
    for page in pages:  # every page counts the whole scope
        assert (page.units, page.accepted, page.meeting, page.vetoed) == (6, 3, 2, 1)
    html = client_for(world.users["district"]).get(reverse("assessment:overview"), {"year": YEAR, "page": 2})
    html = html.content.decode()
    assert "乙七分会" not in html and "甲一分会" in html and "甲企业工会" in html
    assert "page=1" in html and "page=3" in html


@pytest.mark.django_db
def test_a_page_past_the_last_shows_the_last(world, std_small, make_assessment, monkeypatch):
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 4)
    ranking = selectors.overview(world.users["district"], YEAR, TODAY, page=99)
    assert ranking.page.number == 2 and [r.branch for r in ranking.rows] == [world.branch_b1]
    assert selectors.overview(world.users["district"], YEAR, TODAY, page="abc").page.number == 1
