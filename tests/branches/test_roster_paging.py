"""The roster list is read by keyset pages: every row once, filters and scope kept, bad cursors refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from branches.models import Worker
from tests.factories import WorkerFactory
from unionhome import paging

pytestmark = pytest.mark.usefixtures("chinese", "small_pages")

URL = reverse("branches:roster")


@pytest.fixture
def small_pages(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "ROSTER_PAGE_SIZE": 3}


def _ids(response) -> list[int]:
    return [w.pk for w in response.context["page"].object_list]


def _walk(client, url, direction="next"):
    """Every page from ``url`` following the ``direction`` links: the pages' ids, in order."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(_ids(response))
        page = response.context["page"]
        has_more = page.has_next if direction == "next" else page.has_previous
        url = URL + (page.next_url if direction == "next" else page.previous_url) if has_more else None
    return pages


def _last_page_url(client) -> str:
    url, page = URL, None
    while True:
        page = client.get(url).context["page"]
        if not page.has_next:
            return url
        url = URL + page.next_url


def _expected(user_scope_qs) -> list[int]:
    return list(user_scope_qs.order_by("branch__path", "name", "id").values_list("pk", flat=True))


def test_pages_list_every_worker_once_in_order_with_ties_in_the_name(world, client_for):
    for _ in range(4):  # four of the same name in one unit: only the id breaks the tie
        WorkerFactory(branch=world.branch_a1, name="张三")
    WorkerFactory.create_batch(3, branch=world.branch_a2, name="李四")
    client = client_for(world.users["district"])
    expected = _expected(Worker.objects.all())
    pages = _walk(client, URL)
    assert [pk for p in pages for pk in p] == expected
    assert all(len(p) == 3 for p in pages[:-1]) and 1 <= len(pages[-1]) <= 3
    # the last page: no next link; back from it, the same pages in reverse
    last = client.get(_last_page_url(client))
    assert not last.context["page"].has_next and 'rel="next"' not in last.content.decode()
    back = _walk(client, _last_page_url(client), direction="previous")
    assert back == list(reversed(pages))
    assert "第 1–3 条" in client.get(URL).content.decode()


def test_the_pager_shows_rows_and_a_total_only_when_cheap(world, client_for, settings):
    WorkerFactory.create_batch(5, branch=world.branch_a1)
    client = client_for(world.users["district"])
    first = client.get(URL)
    assert first.context["page"].total == Worker.objects.count()  # a small list: counted
    assert f"第 1–3 条，共 {Worker.objects.count()} 条" in first.content.decode()
    active = client.get(URL + "?status=active")  # the counters' total: no count of the roster
    assert active.context["page"].total == Worker.objects.filter(status="active").count()
    WorkerFactory(branch=world.branch_a1, status=Worker.Status.LEFT)
    capped = pytest.MonkeyPatch.context()
    with capped as mp:
        mp.setattr(paging, "COUNT_CAP", 4)
        big = client.get(URL)
    assert big.context["page"].total is None and big.context["page"].capped
    assert "第 1–3 条，共超过 4 条" in big.content.decode()


def test_filters_are_kept_across_pages_and_the_export_link_has_no_cursor(world, client_for):
    WorkerFactory.create_batch(5, branch=world.branch_a1, is_member=False, member_since=None)
    WorkerFactory.create_batch(4, branch=world.branch_a2)
    client = client_for(world.users["officer"])
    pages = _walk(client, URL + "?is_member=false")
    listed = [pk for p in pages for pk in p]
    assert listed == _expected(
        Worker.objects.filter(branch__path__startswith=world.ent_a.path, is_member=False)
    )
    second = client.get(URL + "?is_member=false")
    next_url = second.context["page"].next_url
    assert parse_qs(urlsplit(next_url).query)["is_member"] == ["false"]
    page_two = client.get(URL + next_url)
    assert "cursor" not in page_two.context["query"]
    assert 'id="export-link" href="/office/roster/export/?is_member=false"' in page_two.content.decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "x" * 3000,
        signing.dumps({"k": ["0001", "张三", 1], "b": 0, "n": 4}, salt="unionhome.paging:other:x"),
        signing.dumps({"k": ["0001", "张三"], "b": 0, "n": 4}, salt="unionhome.paging:branches.roster:"),
    ],
    ids=["garbled", "too long", "signed for another list", "another order"],
)
def test_a_forged_or_garbled_cursor_is_a_bad_request_listing_nothing(world, client_for, cursor):
    client = client_for(world.users["district"])
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 400
    text = response.content.decode()
    assert all(w.name not in text for w in Worker.objects.all())


def test_a_tampered_or_stale_cursor_is_a_bad_request(world, client_for, monkeypatch):
    WorkerFactory.create_batch(5, branch=world.branch_a1)
    client = client_for(world.users["district"])
    cursor = parse_qs(urlsplit(client.get(URL).context["page"].next_url).query)["cursor"][0]
    value, _, signature = cursor.rpartition(":")
    tampered = f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert client.get(URL, {"cursor": tampered}).status_code == 400
    assert client.get(URL, {"cursor": cursor}).status_code == 200
    monkeypatch.setattr(paging, "MAX_AGE", -1)  # every cursor is older than this
    response = client.get(URL, {"cursor": cursor})
    assert response.status_code == 400 and "张三" not in response.content.decode()


def test_a_cursor_replayed_by_a_user_of_another_scope_lists_only_their_own(world, client_for):
    WorkerFactory.create_batch(5, branch=world.branch_a1, name="甲")
    WorkerFactory.create_batch(5, branch=world.branch_b1, name="乙")
    client = client_for(world.users["officer"])
    cursor_url = client.get(URL).context["page"].next_url
    other = client_for(world.users["officer_b"])
    replayed = other.get(URL + cursor_url)
    assert replayed.status_code == 200
    scope_b = set(
        Worker.objects.filter(branch__path__startswith=world.ent_b.path).values_list("pk", flat=True)
    )
    assert set(_ids(replayed)) <= scope_b
    assert "甲" not in replayed.content.decode().split('id="roster-table"')[1]


def test_the_query_count_does_not_grow_with_the_rows(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users["district"])
    WorkerFactory.create_batch(6, branch=world.branch_a1)
    next_url = client.get(URL).context["page"].next_url
    with django_assert_max_num_queries(12) as few:
        client.get(URL + next_url)
    WorkerFactory.create_batch(200, branch=world.branch_a2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL + next_url)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
