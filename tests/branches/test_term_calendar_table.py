"""The term calendar's committees of a large scope, read from the table the findings refresh keeps:
equal to the live calendar, keyset-paged (every committee once, in order, both ways), scoped,
overdue decided on the day it is read, a fixed number of queries, kept when a refresh fails."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches import selectors, services
from branches.models import Committee, CommitteeTermRecord, FindingRun, Term
from branches.views import committees as views
from tests.branches.federation import build_city
from tests.factories import make_branch
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = reverse("branches:term_calendar")


def _elect(branch, kind: str, *ends: dt.date) -> Committee:
    """A committee with a term ending on each of ``ends`` (each 1,000 days long)."""
    committee = Committee.objects.create(branch=branch, kind=kind)
    for number, end in enumerate(ends, start=1):
        start = end - dt.timedelta(days=1000)
        Term.objects.create(committee=committee, number=number, elected_on=start, start=start, end=end)
    return committee


@pytest.fixture
def city():
    """The city of tests/branches/federation.py with committees in every unit: overdue ones, ones
    ending soon and later, ties on the day of the end, one of a closed unit."""
    world = build_city()
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    units = [world.city, world.d1, world.d2, world.industry, world.e1, world.e1b, world.e2, world.e3]
    for i, unit in enumerate(units):
        _elect(unit, "union", today - (i % 3 + 1) * day)  # overdue
        _elect(unit, "funds_review", today - 1100 * day, today + 20 * (i % 4) * day)  # ends soon or later
        _elect(unit, "women", today + 400 * day)  # a tie with the other units' women's committees
    _elect(world.e1g, "women_group", today + 10 * day, today + 1500 * day)  # two terms, the first in force
    closed = make_branch(world.d2, "X1", "enterprise", "已撤销厂工会")
    _elect(closed, "union", today - 5 * day)
    closed.is_active, closed.closed_on = False, today
    closed.save(update_fields=["is_active", "closed_on"])
    return world


@pytest.fixture
def large(settings):
    """Every scope of more than two units reads the table."""
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 2}


def _get(client, url=URL):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def _shown(response) -> tuple[list, list, list]:
    """The page's overdue and upcoming committees (committee, term shown, state) and chart."""
    overdue = [(e.committee.pk, e.term.pk, e.status.state) for e in response.context["overdue"]]
    upcoming = [
        (e.committee.pk, e.term.pk, e.status.state) for _m, month in response.context["months"] for e in month
    ]
    return overdue, upcoming, response.context["chart"]["option"]["series"][0]["data"]


@pytest.mark.parametrize("username", ["city", "d1", "e1"])
def test_the_table_shows_what_the_live_calendar_shows(city, large, settings, client_for, username):
    services.refresh_findings()
    client = client_for(city.users[username])
    _q, response = _get(client)
    assert response.context["run"] is not None
    assert 'id="term-calendar-state"' in response.content.decode()
    table = _shown(response)
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 10_000}
    _q, response = _get(client)
    assert response.context["run"] is None
    assert 'id="term-calendar-state"' not in response.content.decode()
    live = _shown(response)
    assert table == live
    overdue, upcoming, chart = table
    assert overdue and upcoming and sum(chart)
    assert {state for _c, _t, state in overdue} == {"overdue"}
    assert response.context["overdue_page"].total == len(overdue)
    assert response.context["upcoming_page"].total == len(upcoming)


def test_a_closed_unit_or_a_committee_without_a_term_is_not_written(city):
    Committee.objects.create(branch=city.e1g, kind="union")
    services.refresh_findings()
    assert not CommitteeTermRecord.objects.filter(branch__is_active=False).exists()
    assert not CommitteeTermRecord.objects.filter(committee__terms__isnull=True).exists()
    assert (
        CommitteeTermRecord.objects.count()
        == Committee.objects.filter(branch__is_active=True, terms__isnull=False).distinct().count()
    )


def _walk(client, param: str, first_url: str = URL) -> tuple[list, str]:
    """Every committee of one list, following its "next" links; and the last page's URL."""
    seen, url = [], first_url
    while True:
        _q, response = _get(client, url)
        page = response.context[f"{param}_page"]
        seen += [c.pk for c in page.object_list]
        if not page.has_next:
            return seen, url
        url = URL + page.next_url


def _walk_back(client, param: str, url: str) -> list:
    seen = []
    while True:
        _q, response = _get(client, url)
        page = response.context[f"{param}_page"]
        seen = [c.pk for c in page.object_list] + seen
        if not page.has_previous:
            return seen
        url = URL + page.previous_url


def _table_order(user, **filters) -> list:
    rows = selectors.table_committees(user).filter(**filters).order_by(*selectors.TABLE_ORDER)
    return list(rows.values_list("committee_id", flat=True))


@pytest.mark.parametrize("param", ["overdue", "upcoming"])
def test_each_list_pages_forward_and_back_every_committee_once_in_order(
    city, large, client_for, monkeypatch, param
):
    services.refresh_findings()
    monkeypatch.setattr(views, "TERM_CALENDAR_PAGE", 3)
    user = city.users["city"]
    client = client_for(user)
    today = timezone.localdate()
    if param == "overdue":
        expected = _table_order(user, latest_end__lt=today)
    else:
        expected = _table_order(user, current_end__gte=today.replace(day=1))
    assert len(expected) > 6
    forward, last = _walk(client, param)
    assert forward == expected
    assert _walk_back(client, param, last) == expected
    # The other list's cursor is kept while this one moves.
    _q, response = _get(client)
    other = "upcoming" if param == "overdue" else "overdue"
    other_next = response.context[f"{other}_page"].next_url
    _q, response = _get(client, URL + other_next)
    assert f"{other}=" in response.context[f"{param}_page"].next_url


@pytest.mark.parametrize("size", [None, 3])
def test_the_live_lists_page_by_keyset_too(city, client_for, monkeypatch, size):
    if size:
        monkeypatch.setattr(views, "TERM_CALENDAR_PAGE", size)
    client = client_for(city.users["city"])
    forward, last = _walk(client, "upcoming")
    assert len(forward) == len(set(forward)) > 6
    assert _walk_back(client, "upcoming", last) == forward


@pytest.mark.parametrize("cursor", ["garbage", "a" * 3000])
@pytest.mark.parametrize("param", ["overdue", "upcoming"])
def test_a_forged_cursor_is_refused_and_changes_nothing(city, large, client_for, param, cursor):
    services.refresh_findings()
    rows = list(CommitteeTermRecord.objects.order_by("pk").values_list())
    events = AuditEvent.objects.count()
    response = client_for(city.users["city"]).get(URL, {param: cursor})
    assert response.status_code == 400
    assert list(CommitteeTermRecord.objects.order_by("pk").values_list()) == rows
    assert AuditEvent.objects.count() == events


def test_a_cursor_of_the_live_list_is_refused_by_the_table(city, large, client_for, monkeypatch):
    monkeypatch.setattr(views, "TERM_CALENDAR_PAGE", 3)
    client = client_for(city.users["city"])
    _q, response = _get(client)  # no run yet: live
    assert response.context["run"] is None
    live_next = response.context["upcoming_page"].next_url
    services.refresh_findings()
    assert client.get(URL + live_next).status_code == 400


def test_another_subtrees_user_never_sees_the_rows(city, settings, client_for, monkeypatch):
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 1}  # both districts read the table
    services.refresh_findings()
    monkeypatch.setattr(views, "TERM_CALENDAR_PAGE", 2)
    d1_units = {city.d1.pk, city.e1.pk, city.e1b.pk, city.e1g.pk}
    _q, response = _get(client_for(city.users["d1"]))
    d1_next = response.context["upcoming_page"].next_url
    assert {c.branch_id for c in response.context["upcoming_page"].object_list} <= d1_units
    d2 = client_for(city.users["d2"])
    for url in (URL, URL + d1_next):  # the d1 reviewer's cursor replayed by the d2 reviewer
        _q, response = _get(d2, url)
        assert response.context["run"] is not None
        shown = response.context["overdue_page"].object_list + response.context["upcoming_page"].object_list
        assert shown and not {c.branch_id for c in shown} & d1_units
    # A row whose copied path is stale (its unit moved since the computation) is not shown there.
    CommitteeTermRecord.objects.filter(branch=city.e2).update(path=city.d1.path + "ZZZZ")
    assert not selectors.table_committees(city.users["d1"]).filter(branch=city.e2).exists()
    assert not selectors.table_committees(city.users["d2"]).filter(branch=city.e2).exists()
    assert selectors.table_committees(city.users["city"]).filter(branch=city.e2).exists()


def test_the_page_takes_as_many_queries_when_the_tree_grows(city, large, client_for):
    services.refresh_findings()
    client = client_for(city.users["city"])
    queries, _response = _get(client)
    today = timezone.localdate()
    for i in range(40):
        enterprise = make_branch(city.d1, f"N{i}", "enterprise", f"新厂{i}工会")
        _elect(enterprise, "union", today + dt.timedelta(days=i * 9))
        _elect(enterprise, "women", today - dt.timedelta(days=i + 1))
    services.refresh_findings()
    again, response = _get(client)
    assert again == queries
    assert (
        response.context["upcoming_page"].total
        == CommitteeTermRecord.objects.filter(
            branch__is_active=True, current_end__gte=today.replace(day=1)
        ).count()
    )


def _fail():
    raise RuntimeError("the tallies could not be computed")


def test_a_failed_refresh_keeps_the_previous_rows(city, settings):
    services.refresh_findings()
    rows = list(CommitteeTermRecord.objects.order_by("pk").values_list())
    assert rows
    _elect(city.e2, "women_group", timezone.localdate() + dt.timedelta(days=30))
    settings.UNIONHOME_REFRESH_TABLES = [f"{__name__}.{_fail.__name__}"]
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED
    assert list(CommitteeTermRecord.objects.order_by("pk").values_list()) == rows
    settings.UNIONHOME_REFRESH_TABLES = []
    assert services.refresh_findings().status == FindingRun.Status.DONE
    assert CommitteeTermRecord.objects.count() == len(rows) + 1


def test_overdue_flips_with_the_date_without_a_refresh(city, large, client_for, monkeypatch):
    today = timezone.localdate()
    ending = _elect(city.e3, "women_group", today + dt.timedelta(days=2))
    services.refresh_findings()
    client = client_for(city.users["city"])
    _q, response = _get(client)
    assert ending.pk not in [c.pk for c in response.context["overdue_page"].object_list]
    later = today + dt.timedelta(days=3)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    _q, response = _get(client)
    overdue = {e.committee.pk: e for e in response.context["overdue"]}
    assert ending.pk in overdue and overdue[ending.pk].status.state == "overdue"
    assert response.context["run"] is not None  # still the table, not a live computation
