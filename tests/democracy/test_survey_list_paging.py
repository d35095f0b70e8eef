"""The survey list over a federation's scope: keyset pages, results computed for the page only,
the response rate's workers from the units' counters, queries flat in the number of surveys."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Worker
from democracy import selectors
from democracy.models import Survey
from democracy.views import affairs_disclosure

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return re.findall(r'<td><a href="/office/democracy/surveys/\d+/">([^<]+)</a>', html)


def test_the_survey_list_pages_by_cursor_and_reads_the_same_queries_for_more_surveys(
    world, client_for, monkeypatch
):
    monkeypatch.setattr(affairs_disclosure, "SURVEY_PAGE_SIZE", 3)
    for i in range(4):
        Survey.objects.create(enterprise=world.ent_a, year=2020 + i, title=f"测评{i}")
    client = client_for(world.users["district"])
    url = reverse("democracy:survey_list")
    with CaptureQueriesContext(connection) as few:
        first = client.get(url)
    assert first.status_code == 200
    assert _titles(first.content.decode()) == ["测评3", "测评2", "测评1"]
    following = first.context["page"].next_url
    second = client.get(url + following if following.startswith("?") else following)
    assert _titles(second.content.decode()) == ["测评0"]
    for i in range(30):
        Survey.objects.create(enterprise=world.ent_b, year=2010, title=f"旧测评{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_forged_survey_cursor_is_refused_and_lists_nothing(world, client_for):
    Survey.objects.create(enterprise=world.ent_a, year=2026, title="测评甲")
    response = client_for(world.users["district"]).get(reverse("democracy:survey_list") + "?cursor=forged")
    assert response.status_code == 400 and "测评甲" not in response.content.decode()


def test_the_response_rate_counts_the_enterprise_s_active_workers(world):
    survey = Survey.objects.create(enterprise=world.ent_a, year=2026, title="测评")
    [(_s, result)] = selectors.survey_results(
        world.users["district"], [selectors.survey_rows(world.users["district"]).get(pk=survey.pk)]
    )
    assert (
        result.workers
        == Worker.objects.filter(
            branch__path__startswith=world.ent_a.path, status=Worker.Status.ACTIVE
        ).count()
    )
