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
    assert "1206000" not in page


def test_a_unit_s_funds_page_shows_money_with_separators_and_yuan(world, client_for, remittance):
    page = (
        client_for(world.users["officer"])
        .get(reverse("branches:unit_funds", args=[world.ent_a.pk]))
        .content.decode()
    )
    assert "1,206,000.00 元" in page and '<td class="num">603,000.50 元</td>' in page
    assert "<td>2026-07-02</td>" in page and "1206000" not in page
