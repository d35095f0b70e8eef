"""A campaign at a chosen federation: a city reviewer runs it for the city or for one of its
districts; balancing and approval happen at the campaign's level; the words name no district."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hardship import services
from hardship.exceptions import PermissionRefused
from hardship.models import Application, Campaign
from tests.branches.federation import build_city
from tests.hardship.factories import application_in, campaign_for
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_city()


def _post(name="2027年元旦春节送温暖", **extra):
    data = {"name": name, "year": "2027", "line": "780", "deadline": "2027-12-30T17:30", "notice_days": "5"}
    data.update(extra)
    return data


def test_the_city_reviewer_chooses_among_the_federations_of_its_scope(city, client_for):
    client = client_for(city.users["city"])
    form = client.get(reverse("hardship:campaign_create")).context["form"]
    assert set(form.fields["district"].queryset) == {city.city, city.d1, city.d2, city.industry}
    assert form.fields["district"].initial == city.city
    response = client.post(reverse("hardship:campaign_create"), _post(district=city.d1.pk))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.branch == city.d1
    event = AuditEvent.objects.get(action="hardship.campaign.create")
    assert event.object_id == str(campaign.pk)


def test_a_district_reviewer_is_offered_only_its_own_district(city, client_for):
    form = client_for(city.users["d1"]).get(reverse("hardship:campaign_create")).context["form"]
    assert list(form.fields["district"].queryset) == [city.d1]


@pytest.mark.parametrize(
    ("user", "unit"),
    [("d1", "d2"), ("d1", "city"), ("city", "e1"), ("city", "e1b")],
    ids=["sibling-district", "federation-above", "enterprise", "branch"],
)
def test_a_campaign_outside_scope_or_at_a_non_federation_is_refused(city, client_for, user, unit):
    response = client_for(city.users[user]).post(
        reverse("hardship:campaign_create"), _post(district=getattr(city, unit).pk)
    )
    assert response.status_code == 200 and "district" in response.context["form"].errors
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(action="hardship.campaign.create").exists()


@pytest.mark.parametrize(("user", "unit"), [("d1", "d2"), ("d1", "city"), ("city", "e1")])
def test_the_service_refuses_the_same_units(city, user, unit):
    with pytest.raises(PermissionRefused):
        services.campaign_create(
            actor=city.users[user],
            district=getattr(city, unit),
            name="送温暖",
            year=2026,
            line=Decimal("780"),
            deadline=timezone.now() + dt.timedelta(days=30),
        )
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_district_campaign_is_balanced_and_decided_by_the_district_and_the_city(city, client_for):
    campaign = campaign_for(city.d1)
    for user in ("d1", "city"):
        assert (
            client_for(city.users[user]).get(reverse("hardship:balance", args=[campaign.pk])).status_code
            == 200
        )
    assert (
        client_for(city.users["d2"]).get(reverse("hardship:balance", args=[campaign.pk])).status_code == 404
    )
    application = application_in(campaign, city.w1, "reported")
    response = client_for(city.users["d1"]).post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [application.pk], "decision": "approve", "reason": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.DISTRICT_APPROVED


def test_a_city_campaign_is_balanced_and_decided_at_the_city_only(city, client_for):
    campaign = campaign_for(city.city)
    application = application_in(campaign, city.w1, "reported")
    d1 = client_for(city.users["d1"])
    assert d1.get(reverse("hardship:balance", args=[campaign.pk])).status_code == 403
    refused = d1.post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [application.pk], "decision": "approve", "reason": ""},
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionRefused):
        services.district_decide(actor=city.users["d1"], applications=[application], approve=True, reason="")
    application.refresh_from_db()
    assert application.state == Application.State.REPORTED
    assert not AuditEvent.objects.filter(action__startswith="hardship.application").exists()
    response = client_for(city.users["city"]).post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [application.pk], "decision": "approve", "reason": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == Application.State.DISTRICT_APPROVED


def test_the_city_reviewers_pages_name_no_district_for_a_step_of_any_level(city, client_for):
    campaign = campaign_for(city.city)
    reported = application_in(campaign, city.w1, "reported")
    application_in(campaign, city.w2, "district_approved")
    client = client_for(city.users["city"])
    # page → a level-neutral word it must show
    pages = {
        reverse("hardship:index"): "",
        reverse("hardship:campaign_create"): "",
        reverse("hardship:campaign_detail", args=[campaign.pk]): "前上报上级工会",
        reverse("hardship:balance", args=[campaign.pk]): "上级工会已批准",
        reverse("hardship:application_detail", args=[reported.pk]): "已上报上级工会",
        reverse("assessment:assessment_create"): "上级工会每年检查验收",
    }
    names = {b.name for b in (city.city, city.d1, city.d2, city.industry, city.e1, city.e1b, city.e1g)}
    with translation.override("zh-hans"):
        for url, word in pages.items():
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            assert response.status_code == 200, url
            text = response.content.decode()
            for name in names:
                text = text.replace(name, "")
            assert "区总工会" not in text, (url, re.findall(".{0,20}区总工会.{0,20}", text))
            assert word in text, url


def test_a_form_without_a_unit_creates_the_campaign_of_the_highest_federation(city, client_for):
    response = client_for(city.users["city"]).post(reverse("hardship:campaign_create"), _post())
    assert response.status_code == 302
    assert Campaign.objects.get().branch == city.city


def test_a_campaign_page_lists_the_enterprises_with_applications_and_the_officers_own(city, client_for):
    campaign = campaign_for(city.city)
    application_in(campaign, city.w2, "reported")  # 西区二厂
    page = client_for(city.users["city"]).get(reverse("hardship:campaign_detail", args=[campaign.pk]))
    assert [e.pk for e in page.context["enterprises"]] == [city.e2.pk]
    page = client_for(city.users["e1"]).get(reverse("hardship:campaign_detail", args=[campaign.pk]))
    assert [e.pk for e in page.context["enterprises"]] == [city.e1.pk]  # no application yet
    page = client_for(city.users["d1"]).get(reverse("hardship:campaign_detail", args=[campaign.pk]))
    assert list(page.context["enterprises"]) == []  # 西区二厂 is outside the district


def test_a_campaign_pages_its_enterprises_by_keyset(city, client_for, monkeypatch):
    from hardship.views import campaigns as views

    monkeypatch.setattr(views, "ENTERPRISES_PAGE", 1)
    campaign = campaign_for(city.city)
    for worker in (city.w1, city.w2, city.w3):
        application_in(campaign, worker, "reported")
    client = client_for(city.users["city"])
    url = reverse("hardship:campaign_detail", args=[campaign.pk])
    response, seen = client.get(url), []
    while True:
        page = response.context["enterprises"]
        seen += [e.pk for e in page]
        assert response.context["page"].param == "cursor"  # the applications keep their own cursor
        if not page.has_next:
            break
        assert "enterprises=" in page.next_url
        response = client.get(url + page.next_url)
    assert seen == [city.e1.pk, city.e2.pk, city.e3.pk]  # in the order of the tree, once each
    back = client.get(url + page.previous_url).context["enterprises"]
    assert [e.pk for e in back] == [city.e2.pk]
    assert client.get(url, {"enterprises": "forged"}).status_code == 400
    replayed = client_for(city.users["d1"]).get(url, {"enterprises": page.previous_cursor})
    assert replayed.status_code == 200 and city.e2.pk not in [e.pk for e in replayed.context["enterprises"]]
