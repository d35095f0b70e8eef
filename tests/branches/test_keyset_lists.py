"""The federation's lists page by keyset cursors (docs/SCALING.md, "Keyset pages of the federation"):
the findings list (the table's rows in SQL, a small scope's computed findings in Python), a level
of the dashboard in every sort, and the units below a unit. Paging forward and back returns every
row once, in order; a forged cursor is a bad request that changes nothing; a cursor replayed by a
user of another subtree lists that user's rows only; a page's queries do not grow with the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import services
from branches.models import Branch, FindingRecord, FindingRun
from tests.branches.federation import build_city
from tests.factories import WorkerFactory, make_branch
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db

FINDINGS = reverse("branches:findings_list")
KIND = "enrolment_below"


@pytest.fixture
def city():
    return build_city()


@pytest.fixture
def large(settings):
    """Every scope of more than two units reads the table."""
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 2}


def _walk(client, url: str, context: str = "page", key=lambda row: row.pk) -> tuple[list, list]:
    """Every row of the list, following the "next" links to the end, then the "previous" links
    back to the start (each page's rows in the order shown)."""
    base = url.split("?")[0]
    response = client.get(url)
    forward = []
    while True:
        assert response.status_code == 200
        page = response.context[context]
        forward.append([key(row) for row in page.object_list])
        if not page.has_next:
            break
        response = client.get(base + page.next_url)
    backward = []
    while True:
        page = response.context[context]
        backward.insert(0, [key(row) for row in page.object_list])
        if not page.has_previous:
            break
        response = client.get(base + page.previous_url)
        assert response.status_code == 200
    return forward, backward


def _flat(pages: list[list]) -> list:
    return [row for page in pages for row in page]


def _table_rows(units: list[Branch], per_unit: int) -> None:
    """``per_unit`` findings of the kind for each unit, in every language (ties of the path)."""
    run = FindingRun.objects.filter(status=FindingRun.Status.DONE).first()
    assert run is not None
    FindingRecord.objects.bulk_create(
        FindingRecord(
            language=language,
            branch=unit,
            path=unit.path,
            position=10_000 + n,
            code=KIND,
            severity="warning",
            message=f"{unit.code}-{n}",
            url=unit.get_absolute_url(),
        )
        for language, _name in django_settings.LANGUAGES
        for unit in units
        for n in range(per_unit)
    )


def _expected(user_paths: list[str]) -> list[int]:
    from branches.selectors.federation import table_language

    qs = FindingRecord.objects.filter(code=KIND, language=table_language(), branch__is_active=True)
    rows = qs.order_by("path", "position", "id").values_list("pk", "path")
    return [pk for pk, path in rows if any(path.startswith(p) for p in user_paths)]


def test_the_findings_table_pages_forward_and_back_in_the_order_of_the_tree(city, large, client_for):
    services.refresh_findings()
    _table_rows([city.e1, city.e2, city.d1, city.e3], 37)  # ties of the path across page boundaries
    client = client_for(city.users["city"])
    forward, backward = _walk(client, f"{FINDINGS}?kind={KIND}")
    expected = _expected([city.city.path])
    assert len(expected) >= 148 and len(forward) == (len(expected) + 49) // 50
    assert all(len(p) == 50 for p in forward[:-1]) and forward == backward
    assert _flat(forward) == expected  # every row once, in order


def test_a_small_scopes_computed_findings_page_forward_and_back(city, client_for):
    for i in range(60):
        make_branch(city.d2, f"Z{i:03d}", "enterprise", f"西区企业{i}")
    client = client_for(city.users["city"])
    key = lambda f: (f.branch.pk, str(f.message))  # noqa: E731
    forward, backward = _walk(client, f"{FINDINGS}?kind=leadership_missing", key=key)
    assert forward == backward and len(forward) == 2
    units = [pk for pk, _message in _flat(forward)]
    assert len(units) == len(set(units)) == 63  # the 60 new enterprises and E1, E2, E3
    paths = dict(Branch.objects.values_list("pk", "path"))
    assert [paths[pk] for pk in units] == sorted(paths[pk] for pk in units)


def test_a_forged_cursor_is_refused_and_changes_nothing(city, large, client_for):
    services.refresh_findings()
    _table_rows([city.e1, city.e2], 30)
    client = client_for(city.users["city"])
    first = client.get(f"{FINDINGS}?kind={KIND}").context["page"]
    before = (FindingRun.objects.count(), FindingRecord.objects.count(), AuditEvent.objects.count())
    cursor = first.next_cursor
    forged = [
        "nonsense",
        cursor[:-3] + ("aaa" if not cursor.endswith("aaa") else "bbb"),
        "x" * 3000,
    ]
    for bad in forged:
        assert client.get(FINDINGS, {"kind": KIND, "cursor": bad}).status_code == 400
    # a cursor of another list (the leadership findings, a level of the tree) is refused too
    assert client.get(FINDINGS, {"kind": "leadership_missing", "cursor": cursor}).status_code == 400
    assert client.get(reverse("branches:dashboard"), {"cursor": cursor}).status_code == 400
    assert (
        client.get(reverse("branches:branch_detail", args=[city.d2.pk]), {"cursor": cursor}).status_code
        == 400
    )
    assert (FindingRun.objects.count(), FindingRecord.objects.count(), AuditEvent.objects.count()) == before


def test_a_cursor_replayed_in_another_subtree_shows_none_of_the_first_users_rows(city, large, client_for):
    services.refresh_findings()
    e12 = make_branch(city.d1, "E12", "enterprise", "东区十二厂工会")
    e22 = make_branch(city.d2, "E22", "enterprise", "西区二十二厂工会")
    _table_rows([city.e1, e12, city.e2, e22], 30)
    east = client_for(city.users["d1"]).get(f"{FINDINGS}?kind={KIND}").context["page"]
    assert east.has_next and {r.branch_id for r in east} <= {city.d1.pk, city.e1.pk, e12.pk}
    west = client_for(city.users["d2"]).get(f"{FINDINGS}?kind={KIND}&cursor={east.next_cursor}")
    assert west.status_code == 200
    rows = list(west.context["page"])
    assert all(r.path.startswith(city.d2.path) for r in rows)
    assert not {r.branch_id for r in rows} & {city.d1.pk, city.e1.pk, e12.pk}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_findings_pages_queries_do_not_grow_with_the_rows(city, large, client_for):
    services.refresh_findings()
    client = client_for(city.users["city"])
    _table_rows([city.e1, city.e2], 60)
    first = client.get(f"{FINDINGS}?kind={KIND}").context["page"]
    second_url = FINDINGS + first.next_url
    few = _queries(client, second_url)
    _table_rows([city.e1, city.e2, city.e3, city.d1, city.d2], 200)
    assert _queries(client, second_url) == few


def test_a_failed_computation_tells_reviewers_why_with_its_numbers_masked(city, large, client_for):
    services.refresh_findings()
    before = FindingRecord.objects.count()
    FindingRun.objects.create(
        status=FindingRun.Status.FAILED,
        finished_at=FindingRun.objects.get().finished_at + dt.timedelta(minutes=1),
        reason="ValueError: worker 110101199003071234 phone 13800138000 unreadable",
    )
    for url in (reverse("branches:dashboard"), f"{FINDINGS}?kind={KIND}"):
        page = client_for(city.users["city"]).get(url).content.decode()
        assert 'id="findings-failed-reason"' in page and "ValueError" in page
        assert "110101199003071234" not in page and "13800138000" not in page
        assert "1101**********1234" in page and "138****8000" in page
        assert 'id="findings-refresh"' in page  # the button to compute again, there
        officer = client_for(city.users["e1"]).get(url).content.decode()
        assert "ValueError" not in officer and 'id="findings-refresh"' not in officer
    assert FindingRecord.objects.count() == before


def test_a_failed_first_computation_is_shown_with_its_button(city, large, client_for, monkeypatch):
    from branches.selectors import federation

    monkeypatch.setattr(federation, "all_findings", lambda *a, **k: 1 / 0)
    services.refresh_findings()
    monkeypatch.undo()
    assert federation.findings_run() is None
    page = client_for(city.users["city"]).get(reverse("branches:dashboard")).content.decode()
    assert 'id="findings-failed-reason"' in page and "ZeroDivisionError" in page
    assert 'id="findings-refresh"' in page


# --- levels of the tree -----------------------------------------------------------------------------------


@pytest.fixture
def wide(city):
    """Sixty enterprises under D2, of 0 to 59 workers, some with the same name."""
    units = []
    for i in range(60):
        unit = make_branch(city.d2, f"Z{i:03d}", "enterprise", f"西区企业{i % 7}")
        WorkerFactory.create_batch(i % 5, branch=unit)
        units.append(unit)
    return units


@pytest.mark.parametrize("sort", ["code", "-code", "name", "-name", "workers", "-workers", "-enrolment"])
def test_a_level_pages_forward_and_back_in_every_sort(city, wide, client_for, sort):
    client = client_for(city.users["city"])
    url = reverse("branches:dashboard") + f"?node={city.d2.pk}&sort={sort}"
    forward, backward = _walk(client, url, key=lambda r: r.branch.pk)
    assert forward == backward and [len(p) for p in forward] == [25, 25, 11]
    # the same order as the whole level sorted at once, ties by the order of the tree
    from branches.selectors import federation, tree_stats

    level = [r for r in tree_stats(city.users["city"], city.d2) if r.branch.depth == city.d2.depth + 1]
    expected = federation.sort_rows(sorted(level, key=lambda r: r.branch.path), sort)
    if sort.lstrip("-") in ("code", "name"):  # read in SQL: ties by the primary key
        column = sort.lstrip("-")
        expected = sorted(level, key=lambda r: r.branch.pk, reverse=sort.startswith("-"))
        expected = sorted(expected, key=lambda r: getattr(r.branch, column), reverse=sort.startswith("-"))
    assert _flat(forward) == [r.branch.pk for r in expected]


def test_a_units_children_page_forward_and_back_with_the_closed_ones(city, wide, client_for):
    Branch.objects.filter(pk=wide[3].pk).update(is_active=False, closed_on="2026-01-01")
    client = client_for(city.users["city"])
    url = reverse("branches:branch_detail", args=[city.d2.pk])
    forward, backward = _walk(client, url, context="children", key=lambda r: r.branch.pk)
    assert forward == backward and [len(p) for p in forward] == [50, 11]
    assert _flat(forward) == list(
        Branch.objects.filter(path__startswith=city.d2.path, depth=city.d2.depth + 1)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    rows = {r.branch.pk: r for r in client.get(url).context["children"]}
    assert rows[wide[4].pk].total.workers == 4


def test_a_level_cursor_replayed_at_another_unit_lists_that_units_children(city, wide, client_for):
    client = client_for(city.users["city"])
    first = client.get(reverse("branches:dashboard") + f"?node={city.d2.pk}").context["page"]
    other = client.get(reverse("branches:dashboard") + f"?node={city.d1.pk}&cursor={first.next_cursor}")
    assert other.status_code == 200
    assert {r.branch.pk for r in other.context["page"]} <= {city.e1.pk}
    mine = client_for(city.users["d1"]).get(
        reverse("branches:dashboard_units", args=[city.d1.pk]) + f"?cursor={first.next_cursor}"
    )
    assert mine.status_code == 200 and not {r.branch.pk for r in mine.context["page"]} & {u.pk for u in wide}
