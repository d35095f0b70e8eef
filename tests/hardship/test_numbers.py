"""Hardship pages show money as people read it (1,206,000.00 元), right-aligned."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from hardship.models import Application
from tests.hardship.factories import application_in


def test_an_application_shows_incomes_in_yuan_with_separators(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    Application.objects.filter(pk=application.pk).update(per_capita=Decimal("1206000"))
    client = client_for(world.user("officer"))
    page = client.get(reverse("hardship:application_detail", args=[application.pk])).content.decode()
    assert "1,206,000.00 元/月" in page
    assert '<td class="num">1,500.00 元</td>' in page  # a member's monthly income
    listing = client.get(reverse("hardship:campaign_detail", args=[campaign.pk])).content.decode()
    assert '<td class="num">1,206,000.00 元</td>' in listing and "1206000" not in listing


def _chart_data(page: str, script_id: str) -> dict:
    import json

    start = page.index(f'<script id="{script_id}" type="application/json">')
    body = page[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(body)


def test_the_balancing_page_charts_families_per_category_beside_the_table(world, campaign, client_for):
    application_in(campaign, world.worker_a1, "reported")
    application_in(campaign, world.worker_b1, "reported", category=3)
    page = (
        client_for(world.user("district"))
        .get(reverse("hardship:balance", args=[campaign.pk]))
        .content.decode()
    )
    assert 'data-chart="balance-data"' in page and 'id="balance-summary"' in page  # the table stays
    chart = _chart_data(page, "balance-data")
    assert chart["names"] == ["第1类", "第2类", "第3类", "第4类"]
    assert chart["series"] == [{"name": "户数", "data": [1, 0, 1, 0]}]
    assert "vendor/echarts/echarts.min.js" in page


def test_the_balancing_page_has_no_chart_before_any_report(world, campaign, client_for):
    page = (
        client_for(world.user("district"))
        .get(reverse("hardship:balance", args=[campaign.pk]))
        .content.decode()
    )
    assert "data-chart=" not in page and "echarts" not in page
