"""The roster's unit filter over a federation's scope is a search, not a list of every unit."""

import re

import pytest
from django.urls import reverse

from branches.forms import roster as roster_forms
from tests.branches.federation import build_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(monkeypatch):
    monkeypatch.setattr(roster_forms, "UNIT_SELECT_MAX", 3)  # the city's scope holds 9 units
    return build_city()


def _unit_select(html: str) -> str:
    return re.search(r'<select name="branch".*?</select>', html, re.S).group(0)


def test_a_large_scope_gets_a_unit_search_and_no_option_per_unit(city, client_for):
    html = client_for(city.users["city"]).get(reverse("branches:roster")).content.decode()
    select = _unit_select(html)
    assert 'data-picker-url="/office/pick/branches.units/"' in select
    assert select.count("<option") == 1  # the empty choice only


def test_a_chosen_unit_filters_and_is_the_one_option_shown(city, client_for):
    response = client_for(city.users["city"]).get(reverse("branches:roster"), {"branch": city.d2.pk})
    assert [w.name for w in response.context["page"].object_list] == ["西二"]
    select = _unit_select(response.content.decode())
    assert select.count("<option") == 2 and city.d2.name in select and city.d1.name not in select


def test_a_small_scope_keeps_the_list(city, client_for):
    select = _unit_select(client_for(city.users["e1"]).get(reverse("branches:roster")).content.decode())
    assert "data-picker-url" not in select and city.e1b.name in select


def test_the_unit_search_answers_within_scope_only(city, client_for):
    url = reverse("pick", args=["branches.units"])
    found = client_for(city.users["city"]).get(url, {"q": "西区"}).json()["results"]
    assert {r["text"] for r in found} == {city.d2.name, city.e2.name}
    assert client_for(city.users["d1"]).get(url, {"q": "西区"}).json()["results"] == []
    assert client_for(None).get(url, {"q": "西区"}).status_code in (302, 403)


def test_a_unit_outside_scope_selects_nothing(city, client_for):
    response = client_for(city.users["d1"]).get(reverse("branches:roster"), {"branch": city.d2.pk})
    assert list(response.context["page"].object_list) == []
