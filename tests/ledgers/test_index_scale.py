"""The ledgers list over a federation's scope: its unit filter is a search, not one option per unit,
and the page reads no more rows nor queries with 2,000 more units in scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from branches.models import Branch
from ledgers import views as ledger_views
from ledgers.models import LedgerEntry
from tests.branches.federation import build_city
from tests.federation_tree import grow, loads
from unionhome.models import User

pytestmark = pytest.mark.django_db


def _unit_select(html: str) -> str:
    return re.search(r'<select[^>]*name="unit".*?</select>', html, re.S).group(0)


def _index(client, **query):
    with loads(Branch, LedgerEntry) as counts:
        response = client.get(reverse("ledgers:index"), query)
    assert response.status_code == 200
    return counts, response.content.decode()


def test_the_index_of_a_federation_reads_no_more_with_2000_more_units(demo_data, client):
    client.force_login(User.objects.get(username="city"))
    before, _html = _index(client)
    root = Branch.objects.get(depth=1)  # the demo city
    assert grow(root) == 2001
    after, html = _index(client)
    assert after["queries"] <= before["queries"]
    assert after["Branch"] <= before["Branch"]
    assert after["Branch"] <= after["LedgerEntry"] + 1  # the units of the entries shown, and the chosen one
    # a keyset page reads one row past the page to know whether there is a next one
    assert after["LedgerEntry"] == before["LedgerEntry"] <= ledger_views.PAGE_SIZE + 1
    select = _unit_select(html)
    assert 'data-picker-url="/office/pick/ledgers.units/"' in select and select.count("<option") == 1


@pytest.fixture
def city(monkeypatch):
    monkeypatch.setattr(ledger_views, "UNIT_SELECT_MAX", 3)  # the city's scope holds 9 units
    return build_city()


def test_a_chosen_unit_filters_and_is_the_one_option_shown(city, client_for):
    LedgerEntry.objects.create(branch=city.d2, kind="information_work", date="2026-03-01", title="西区通讯")
    LedgerEntry.objects.create(branch=city.e1, kind="information_work", date="2026-03-01", title="东区通讯")
    client = client_for(city.users["city"])
    _counts, html = _index(client, unit=city.d2.pk)
    assert "西区通讯" in html and "东区通讯" not in html
    select = _unit_select(html)
    assert select.count("<option") == 2 and city.d2.name in select and city.d1.name not in select


def test_a_small_scope_keeps_the_list(city, client_for):
    select = _unit_select(_index(client_for(city.users["e1"]))[1])
    assert "data-picker-url" not in select and city.e1b.name in select


def test_the_unit_search_answers_within_scope_and_active_units_only(city, client_for):
    Branch.objects.filter(pk=city.e2.pk).update(is_active=False, closed_on="2026-01-01")
    url = reverse("pick", args=["ledgers.units"])
    found = client_for(city.users["city"]).get(url, {"q": "西区"}).json()["results"]
    assert [r["text"] for r in found] == [city.d2.name]  # 西区二厂 is closed: the filter refuses it
    assert client_for(city.users["d1"]).get(url, {"q": "西区"}).json()["results"] == []
    assert client_for(None).get(url, {"q": "西区"}).status_code in (302, 403)


def test_a_unit_outside_scope_selects_nothing(city, client_for):
    LedgerEntry.objects.create(branch=city.d2, kind="information_work", date="2026-03-01", title="西区通讯")
    _counts, html = _index(client_for(city.users["d1"]), unit=city.d2.pk)
    assert "西区通讯" not in html
