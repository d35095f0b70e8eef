"""Union funds pages show money as people read it: 1,206,000.00 元, right-aligned, dates YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from branches.models import FundsPayment, FundsRemittance

pytestmark = pytest.mark.django_db


@pytest.fixture
def remittance(world):
    remittance = FundsRemittance.objects.create(
        branch=world.ent_a, year=2026, amount_due=Decimal("1206000"), due_on=dt.date(2026, 6, 30)
    )
    FundsPayment.objects.create(
        remittance=remittance, amount=Decimal("603000.5"), paid_on=dt.date(2026, 7, 2)
    )
    return remittance


def test_the_funds_overview_shows_money_with_separators_and_yuan(world, client_for, remittance):
    page = (
        client_for(world.users["district"])
        .get(reverse("branches:funds_overview") + "?year=2026")
        .content.decode()
    )
    table = page.split('id="funds-table"')[1].split("</table>")[0]
    assert '<td class="num">1,206,000.00 元</td>' in table
    assert '<td class="num">603,000.50 元</td>' in table
    assert "<td>2026-06-30</td>" in table
    assert "1206000" not in table


def test_a_unit_s_funds_page_shows_money_with_separators_and_yuan(world, client_for, remittance):
    page = (
        client_for(world.users["officer"])
        .get(reverse("branches:unit_funds", args=[world.ent_a.pk]))
        .content.decode()
    )
    assert "1,206,000.00 元" in page and '<td class="num">603,000.50 元</td>' in page
    assert "<td>2026-07-02</td>" in page and "1206000" not in page


def test_the_funds_overview_charts_due_and_paid_from_the_rows_of_its_table(world, client_for, remittance):
    import json

    page = (
        client_for(world.users["district"])
        .get(reverse("branches:funds_overview") + "?year=2026")
        .content.decode()
    )
    assert 'data-chart="funds-data"' in page and 'id="funds-table"' in page
    body = page.split('<script id="funds-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    chart = json.loads(body)
    assert chart["names"] == ["甲企业工会"] and chart["unit"] == "元"
    assert chart["series"] == [
        {"name": "应上解金额", "data": [1206000.0]},
        {"name": "已上解", "data": [603000.5]},
    ]


def test_an_officer_s_funds_chart_shows_only_the_units_in_scope(world, client_for, remittance):
    import json

    FundsRemittance.objects.create(
        branch=world.ent_b, year=2026, amount_due=Decimal(5), due_on=dt.date(2026, 6, 30)
    )
    page = (
        client_for(world.users["officer"])
        .get(reverse("branches:funds_overview") + "?year=2026")
        .content.decode()
    )
    body = page.split('<script id="funds-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(body)["names"] == ["甲企业工会"] and "乙企业工会" not in page
