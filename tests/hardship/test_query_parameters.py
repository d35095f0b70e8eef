"""Query parameters of the hardship pages are parsed strictly: a bad value is a 400, never a 500
and never a wider list than asked for."""

import pytest
from django.urls import reverse

from hardship.models import Application
from tests.hardship.factories import application_in, open_file_for
from tests.hardship.permissions import _upload


def _campaign_url(campaign):
    return reverse("hardship:campaign_detail", args=[campaign.pk])


@pytest.mark.parametrize(
    "query",
    ["?state=bogus", "?state=DRAFT", "?state=draft&state=submitted", "?cursor=abc", "?cursor=0",
     "?cursor=１", "?cursor=a&cursor=b", "?state=submitted&cursor=" + "9" * 3000],
)  # fmt: skip
def test_a_bad_filter_or_cursor_of_a_campaign_is_a_bad_request(world, campaign, client_for, query):
    application_in(campaign, world.worker_a1, "submitted")
    response = client_for(world.user("officer")).get(_campaign_url(campaign) + query)
    assert response.status_code == 400
    assert "张三" not in response.content.decode()  # no list at all, let alone a wider one


@pytest.mark.parametrize("query", ["", "?state=", "?state=submitted", "?cursor=", "?state=draft&cursor="])
def test_good_values_still_filter_the_campaign(world, campaign, client_for, query):
    application_in(campaign, world.worker_a1, "submitted")
    application_in(campaign, world.worker_a2, "draft")
    page = client_for(world.user("officer")).get(_campaign_url(campaign) + query)
    assert page.status_code == 200
    shown = {state for state in Application.State.values if f'data-state="{state}"' in page.content.decode()}
    assert shown == (
        {"draft"} if "draft" in query else {"submitted"} if "submitted" in query else {"draft", "submitted"}
    )


@pytest.mark.parametrize("query", ["?status=bogus", "?status=open&status=closed", "?cursor=x"])
def test_a_bad_status_of_the_files_list_is_a_bad_request(world, client_for, query):
    open_file_for(world.worker_a1)
    response = client_for(world.user("officer")).get(reverse("hardship:files") + query)
    assert response.status_code == 400 and "张三" not in response.content.decode()


def test_the_files_list_shows_open_closed_or_all_as_asked(world, client_for):
    open_file_for(world.worker_a1)
    client = client_for(world.user("officer"))
    assert "张三" in client.get(reverse("hardship:files") + "?status=open").content.decode()
    assert "张三" not in client.get(reverse("hardship:files") + "?status=closed").content.decode()
    assert "张三" in client.get(reverse("hardship:files") + "?status=all").content.decode()


def test_a_bad_cursor_of_the_access_log_is_a_bad_request(world, client_for):
    assert (
        client_for(world.user("officer")).get(reverse("hardship:access_log") + "?cursor=abc").status_code
        == 400
    )


@pytest.mark.parametrize(
    ("query", "expected"), [("", 200), ("?inline=1", 200), ("?inline=0", 200), ("?inline=yes", 400)]
)
def test_a_download_takes_only_inline_one_or_zero(world, campaign, client_for, query, expected):
    kwargs = _upload(world)
    response = client_for(world.user("officer")).get(
        reverse("hardship:upload_download", kwargs=kwargs) + query
    )
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("inline" if query == "?inline=1" else "attachment")


@pytest.mark.parametrize("ids", [["²"], ["١"], ["99999999999999999999999"], ["-1"], ["1.5"]])
def test_odd_ids_in_the_district_decision_are_refused_with_a_message(world, campaign, client_for, ids):
    application = application_in(campaign, world.worker_a1, "reported")
    response = client_for(world.user("district")).post(
        reverse("hardship:balance_decide", args=[campaign.pk]), {"ids": ids, "decision": "approve"}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).state == "reported"
