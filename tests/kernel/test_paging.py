"""unionhome.paging: keyset pages over any order of non-null keys ending in the primary key."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Worker
from tests.factories import WorkerFactory
from unionhome import audit, paging
from unionhome.models import AuditEvent

ORDER = ("-hire_date", "name", "id")  # mixed directions, ties in both leading keys


def _get(url: str = "/list/", **params):
    return RequestFactory().get(url, params)


def _cursor(url: str) -> str:
    return parse_qs(urlsplit(url).query)["cursor"][0]


def _walk(qs, order, size, **params) -> list[list[int]]:
    pages, request = [], _get(**params)
    while True:
        page = paging.page(request, qs, order=order, name="test", size=size)
        pages.append([w.pk for w in page])
        if not page.has_next:
            return pages
        request = _get(**{**params, "cursor": _cursor(page.next_url)})


@pytest.fixture
def workers(world):
    for day, name in [(1, "甲"), (1, "甲"), (1, "乙"), (2, "甲"), (2, "丙"), (2, "丙"), (3, "甲")] * 2:
        WorkerFactory(branch=world.branch_a1, name=name, hire_date=dt.date(2015, 3, day))
    return Worker.objects.all()


def test_forward_pages_list_every_row_once_in_a_mixed_order(workers):
    expected = list(workers.order_by(*ORDER).values_list("pk", flat=True))
    for size in (1, 2, 4, 5, len(expected), len(expected) + 1):
        pages = _walk(workers, ORDER, size)
        assert [pk for p in pages for pk in p] == expected, size
        assert all(len(p) == size for p in pages[:-1])


def test_previous_pages_give_back_the_same_rows_and_the_first_has_no_previous(workers):
    size = 4
    forward = _walk(workers, ORDER, size)
    request = _get()
    page = paging.page(request, workers, order=ORDER, name="test", size=size)
    while page.has_next:
        page = paging.page(_get(cursor=_cursor(page.next_url)), workers, order=ORDER, name="test", size=size)
    back = [[w.pk for w in page]]
    while page.has_previous:
        page = paging.page(
            _get(cursor=_cursor(page.previous_url)), workers, order=ORDER, name="test", size=size
        )
        back.append([w.pk for w in page])
    assert back == list(reversed(forward))
    assert page.start == 1 and page.first_url == "?" and page.has_next


def test_rows_and_positions_count_from_the_start(workers):
    total = workers.count()
    first = paging.page(_get(), workers, order=ORDER, name="test", size=5)
    assert (first.start, first.end, first.total, first.capped) == (1, 5, total, False)
    second = paging.page(_get(cursor=_cursor(first.next_url)), workers, order=ORDER, name="test", size=5)
    assert (second.start, second.end) == (6, 10)


def test_the_count_is_bounded_and_an_exact_total_is_taken_as_given(workers, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 6)
    page = paging.page(_get(), workers, order=ORDER, name="test", size=5)
    assert page.total is None and page.capped
    given = paging.page(_get(), workers, order=ORDER, name="test", size=5, total=lambda: 123456)
    assert given.total == 123456 and not given.capped
    with CaptureQueriesContext(connection) as ctx:
        paging.page(_get(), workers, order=ORDER, name="test", size=5)
    count = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(count) == 1 and "LIMIT 7" in count[0]


def test_other_parameters_are_kept_and_the_old_page_number_dropped(workers):
    page = paging.page(_get(q="甲", page="3", status="active"), workers, order=ORDER, name="test", size=2)
    assert page.query == "q=%E7%94%B2&status=active"
    assert page.next_url.startswith("?q=%E7%94%B2&status=active&cursor=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",  # (empty: the first page, not an error)
        "not-a-cursor",
        "x" * 2001,
        signing.dumps(
            {"k": ["2015-03-01", "甲", 1], "b": 0, "n": 2}, salt="unionhome.paging:other:-hire_date,name,id"
        ),
        signing.dumps(
            {"k": ["2015-03-01", "甲"], "b": 0, "n": 2}, salt="unionhome.paging:test:-hire_date,name,id"
        ),
        signing.dumps(
            {"k": ["not a date", "甲", 1], "b": 0, "n": 2}, salt="unionhome.paging:test:-hire_date,name,id"
        ),
        signing.dumps(
            {"k": [None, "甲", 1], "b": 0, "n": 2}, salt="unionhome.paging:test:-hire_date,name,id"
        ),
        signing.dumps(
            {"k": ["2015-03-01", "甲", 1], "b": 2, "n": 2}, salt="unionhome.paging:test:-hire_date,name,id"
        ),
        signing.dumps(
            {"k": ["2015-03-01", "甲", 1], "b": 0, "n": 0}, salt="unionhome.paging:test:-hire_date,name,id"
        ),
        signing.dumps(["2015-03-01", "甲", 1], salt="unionhome.paging:test:-hire_date,name,id"),
    ],
    ids=["empty", "garbled", "too long", "another list", "too few keys", "not a date", "a null key",
         "bad direction", "position 0", "not a mapping"],
)  # fmt: skip
def test_a_cursor_this_list_did_not_sign_is_a_bad_request(workers, cursor):
    if not cursor:
        assert len(paging.page(_get(cursor=cursor), workers, order=ORDER, name="test", size=3)) == 3
        return
    with pytest.raises(paging.BadCursor):
        paging.page(_get(cursor=cursor), workers, order=ORDER, name="test", size=3)


@pytest.mark.parametrize("number", ["1", "2", "40"])
def test_a_page_number_of_an_old_bookmark_shows_the_first_page(workers, number):
    first = paging.page(_get(), workers, order=ORDER, name="test", size=3)
    page = paging.page(_get(cursor=number), workers, order=ORDER, name="test", size=3)
    assert [w.pk for w in page] == [w.pk for w in first] and page.start == 1
    rows = paging.page_list(
        _get(cursor=number), list(range(10)), key=lambda n: (n,), descending=(False,), name="t", size=3
    )
    assert list(rows) == [0, 1, 2]
    for near in (number + "x", "-" + number, "0" + number, number * 7):  # not a page number: refused
        with pytest.raises(paging.BadCursor):
            paging.page(_get(cursor=near), workers, order=ORDER, name="test", size=3)


def test_a_cursor_given_twice_or_for_another_order_is_a_bad_request(workers):
    page = paging.page(_get(), workers, order=ORDER, name="test", size=3)
    cursor = _cursor(page.next_url)
    with pytest.raises(paging.BadCursor):
        paging.page(_get(cursor=[cursor, cursor]), workers, order=ORDER, name="test", size=3)
    with pytest.raises(paging.BadCursor):
        paging.page(_get(cursor=cursor), workers, order=("name", "id"), name="test", size=3)


def test_an_order_must_end_in_the_primary_key(workers):
    with pytest.raises(ValueError, match="primary key"):
        paging.page(_get(), workers, order=("name",), name="test")


def test_a_cursor_positions_only_within_the_callers_queryset(world, workers):
    page = paging.page(_get(), workers, order=ORDER, name="test", size=3)
    elsewhere = Worker.objects.filter(branch=world.branch_b1)
    other = paging.page(_get(cursor=_cursor(page.next_url)), elsewhere, order=ORDER, name="test", size=50)
    assert {w.branch_id for w in other} <= {world.branch_b1.pk}


def test_the_audit_trail_pages_by_cursor_with_flat_queries(world, client_for, django_assert_max_num_queries):
    def events(n):
        for i in range(n):
            audit.record(actor=world.users["officer"], action="worker.update", obj=world.worker_a1,
                         before={"card_number": ""}, after={"card_number": f"C-{i}"})  # fmt: skip

    events(60)
    client = client_for(world.users["officer"])
    url = reverse("branches:audit_trail")
    first = client.get(url)
    next_url = first.context["page"].next_url
    with CaptureQueriesContext(connection) as few:
        assert client.get(url + next_url).status_code == 200
    events(300)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url + next_url)
    assert AuditEvent.objects.count() >= 360
    bad = client.get(url, {"cursor": "forged"})
    assert bad.status_code == 400 and "C-1" not in bad.content.decode()
