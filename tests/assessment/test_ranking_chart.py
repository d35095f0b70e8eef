"""The assessment ranking's chart: the ranked units' totals from the rows of the ranking table,
vetoed ones marked, scoped as the table is."""

from __future__ import annotations

import json
import re

from django.urls import reverse


def _chart(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_ranking_charts_the_ranked_totals_with_the_vetoed_one_marked(
    world, std_small, make_assessment, client_for
):
    from tests.assessment.conftest import YEAR
    from tests.assessment.test_ranking import _accepted
    from tests.assessment.test_titles_award import vetoed
    from tests.factories import make_branch

    vetoed(make_assessment(world.branch_a1, std_small), total="96.3")
    _accepted(make_assessment(world.branch_a2, std_small), "95.3")
    other = make_branch(world.ent_b, "B7", "branch", "乙七分会")
    _accepted(make_assessment(other, std_small), "70.0", rating="does_not_meet")
    url = reverse("assessment:overview") + f"?year={YEAR}"
    page = _get(client_for(world.users["district"]), url)
    assert 'data-chart="ranking-data"' in page and 'id="ranking"' in page  # the table stays
    chart = _chart(page, "ranking-data")
    assert chart["names"] == ["甲二分会", "乙七分会", "甲一分会"] and chart["stacked"] is True
    assert chart["series"] == [
        {"name": "总分", "data": [95.3, 70.0, None]},
        {"name": "一票否决", "data": [None, None, 96.3]},
    ]
    # the enterprise's officer: its own units only, as in the table
    chart = _chart(_get(client_for(world.users["officer"]), url), "ranking-data")
    assert chart["names"] == ["甲二分会", "甲一分会"]


def test_the_ranking_has_no_chart_before_any_assessment_is_accepted(world, client_for):
    page = _get(client_for(world.users["district"]), reverse("assessment:overview"))
    assert "data-chart=" not in page and "echarts" not in page
