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
