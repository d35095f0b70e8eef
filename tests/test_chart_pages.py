"""Charts wherever numbers are summarised: each one built from the rows of the table beside it
(the same scoped selector), in the page with json_script; rounds that may not show their results
have no chart (docs/DEVELOPING.md, "Charts")."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _chart(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- members evaluate the home: the answer-once rule ----------------------------------------------


def _round_with_answers(world, n: int):
    from assessment import services
    from tests.kernel.test_answer_once import _members_as_users

    round_ = services.round_create(
        actor=world.users["officer"], branch=world.ent_a, year=2026, name="会员评家"
    )
    verdicts = ["very_satisfied", "satisfied", "satisfied", "basically", "unsatisfied", "satisfied"]
    for user, verdict in zip(_members_as_users(world, n), verdicts, strict=False):
        services.evaluation_answer(actor=user, round_=round_, verdict=verdict, comment="")
    return round_


def test_a_closed_round_with_enough_answers_charts_its_verdicts(world, client_for):
    from assessment import services

    round_ = _round_with_answers(world, 6)
    client = client_for(world.users["officer"])
    url = reverse("assessment:round_detail", args=[round_.pk])
    open_page = _get(client, url)
    assert _chart(open_page, "round-data") is None and "echarts" not in open_page
    services.round_close(actor=world.users["officer"], round_=round_)
    chart = _chart(_get(client, url), "round-data")
    assert chart["names"] == ["非常满意", "满意", "基本满意", "不满意"]
    assert chart["series"] == [{"name": "答卷数", "data": [1, 3, 1, 1]}]


def test_a_closed_round_below_the_minimum_has_no_chart(world, client_for):
    from assessment import services

    round_ = _round_with_answers(world, 3)
    services.round_close(actor=world.users["officer"], round_=round_)
    page = _get(client_for(world.users["officer"]), reverse("assessment:round_detail", args=[round_.pk]))
    assert "data-chart=" not in page and 'id="round-counts"' not in page


# --- democracy: participation rates ---------------------------------------------------------------


def test_the_participation_page_charts_each_rate_against_the_target(world, client_for):
    from democracy import conf, selectors, services

    services.contest_record(
        actor=world.users["officer"], enterprise=world.ent_a, kind="competition", title="技能比武",
        held_on=dt.date(2026, 5, 1), participants=[world.worker_a1],
    )  # fmt: skip
    url = reverse("democracy:contest_list") + "?year=2026"
    page = _get(client_for(world.users["district"]), url)
    assert 'id="participation-table"' in page
    chart = _chart(page, "participation-data")
    took, workers = selectors.participation(world.ent_a, 2026)
    assert took == 1
    names = chart["names"]
    assert "甲企业工会" in names and "乙企业工会" in names
    assert chart["series"][0]["name"] == "参与率"
    assert chart["series"][0]["data"][names.index("甲企业工会")] == round(100 * took / workers, 1)
    assert chart["unit"] == "%" and chart["target"] == round(float(conf.get("PARTICIPATION_TARGET")) * 100, 1)
    officer_chart = _chart(_get(client_for(world.users["officer"]), url), "participation-data")
    assert officer_chart["names"] == ["甲企业工会"]


# --- hardship: counts by category and by stage ---------------------------------------------------


def test_the_campaign_page_counts_applications_by_category_and_stage_in_scope(world, client_for):
    from tests.hardship.factories import application_in, campaign_for

    campaign = campaign_for(world.district)
    application_in(campaign, world.worker_a1, "submitted", category=2)
    application_in(campaign, world.worker_a2, "on_notice", category=2) if hasattr(
        world, "worker_a2"
    ) else None
    application_in(campaign, world.worker_b1, "approved", category=4)
    url = reverse("hardship:campaign_detail", args=[campaign.pk])
    page = _get(client_for(world.user("officer")), url)
    assert 'id="by-category"' in page and 'id="by-state"' in page  # the tables stay
    category = _chart(page, "category-data")
    assert category["names"] == ["第1类", "第2类", "第3类", "第4类"]
    assert category["series"] == [{"name": "申请", "data": [0, 2, 0, 0]}]  # not 乙's category 4
    stages = _chart(page, "state-data")
    assert stages["names"] == ["已提交", "公示中"], stages["names"]  # in the workflow's order
    assert stages["series"] == [{"name": "申请", "data": [1, 1]}]
    table = page.split('id="by-state"')[1].split("</table>")[0]
    assert '<tr data-stage="on_notice"><td>公示中</td><td class="num">1</td></tr>' in table
    # the other enterprise's officer counts only its own application
    other = _chart(_get(client_for(world.user("officer_b")), url), "category-data")
    assert other["series"][0]["data"] == [0, 0, 0, 1]


def test_the_campaign_page_has_no_chart_without_applications(world, client_for):
    from tests.hardship.factories import campaign_for

    page = _get(
        client_for(world.user("district")),
        reverse("hardship:campaign_detail", args=[campaign_for(world.district).pk]),
    )
    assert "data-chart=" not in page and "echarts" not in page
