"""The table of the term calendar's ledger duties: every duty of the tree written by the refresh of
the findings, read by a scope too large to compute its calendar on each request; equal to the live
calendar, scoped, overdue decided on the day it is read, kept when a refresh fails."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from branches import services
from branches.models import FindingRecord, FindingRun
from branches.selectors import federation
from ledgers import calendar_table, selectors
from ledgers.models import CalendarDueRecord
from ledgers.templatetags.ledgers import CALENDAR_SHOWN, ledger_calendar
from tests.branches.federation import build_city
from tests.factories import make_branch
from tests.ledgers.factories import entry_at
from unionhome.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_city()


@pytest.fixture
def large(settings):
    """Every scope of more than two units reads the table."""
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 2}


def _row(d) -> tuple:
    return (d.unit.pk, d.code, d.label, d.due_on, d.overdue, d.url)


def _table(user, today, shown=10_000):
    overdue, coming = selectors.table_calendar(user, today=today, shown=shown)
    return overdue, coming


def _rows():
    return list(
        CalendarDueRecord.objects.order_by("pk").values_list("pk", "branch_id", "code", "due_on", "url")
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["city", "district", "officer"])
def test_the_table_holds_the_live_calendar_of_every_scope_in_both_languages(demo_data, username, language):
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.DONE
    user = User.objects.get(username=username)
    today = timezone.localdate()
    with translation.override(language):
        live = selectors.calendar(user, today=today)
        overdue, coming = _table(user, today)
        assert live
        assert [_row(d) for d in overdue.first + coming.first] == [_row(d) for d in live]
        assert overdue.total == sum(d.overdue for d in live)
        assert coming.total == sum(not d.overdue for d in live)
        # the first few are the live calendar's first few of each part
        overdue, coming = _table(user, today, shown=3)
        assert [_row(d) for d in overdue.first] == [_row(d) for d in live if d.overdue][:3]
        assert [_row(d) for d in coming.first] == [_row(d) for d in live if not d.overdue][:3]


def test_seed_demo_fills_the_table(demo_data):
    assert CalendarDueRecord.objects.exists()


def _page(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("branches:term_calendar"))
    assert response.status_code == 200
    return len(captured), response


DUE = re.compile(r'<li data-code="([^"]+)" data-unit="([^"]+)" data-due="([^"]+)">')
MORE = re.compile(r'id="ledger-calendar-(overdue|upcoming)-more">\D*?(\d[\d,]*)')


def _section(response) -> tuple[list, list, dict]:
    """The ledger section's overdue and coming duties as (code, unit code, due date) and the
    counts of those not listed."""
    html = response.content.decode()
    section = html[html.index('id="ledger-calendar"') :]
    overdue, coming = section.split('id="ledger-calendar-upcoming"')
    more = {part: int(n.replace(",", "")) for part, n in MORE.findall(section)}
    return DUE.findall(overdue), DUE.findall(coming), more


def _live(user) -> tuple[list, list]:
    dues = selectors.calendar(user)
    rows = [(d.code, d.unit.code, d.due_on.isoformat(), d.overdue) for d in dues]
    return [r[:3] for r in rows if r[3]], [r[:3] for r in rows if not r[3]]


def test_a_large_scope_reads_the_table_in_a_fixed_number_of_queries(city, large, client_for):
    services.refresh_findings()
    client = client_for(city.users["city"])
    queries, response = _page(client)
    assert 'id="ledger-calendar-state"' in response.content.decode()
    overdue, coming, more = _section(response)
    assert (overdue, coming) == _live(city.users["city"]) and coming and not more
    # More units and entries, refreshed: as many queries.
    for i in range(30):
        enterprise = make_branch(city.d1, f"X{i}", "enterprise", f"新厂{i}工会")
        workshop = make_branch(enterprise, f"X{i}B", "branch", f"新厂{i}车间")
        entry_at(workshop, "safety_inspection", date=timezone.localdate(), data={"workshop": workshop.pk})
    services.refresh_findings()
    again, response = _page(client)
    assert again == queries
    overdue, coming, more = _section(response)
    live_overdue, live_coming = _live(city.users["city"])
    assert overdue == live_overdue[:CALENDAR_SHOWN] and coming == live_coming[:CALENDAR_SHOWN]
    assert len(overdue) + more.get("overdue", 0) == len(live_overdue)
    assert len(coming) + more.get("upcoming", 0) == len(live_coming) > CALENDAR_SHOWN


def test_a_large_scope_shows_what_the_refresh_wrote_until_the_next_one(city, large, client_for):
    services.refresh_findings()
    client = client_for(city.users["city"])
    year = timezone.localdate().year

    def plans(response):
        overdue, coming, _more = _section(response)
        return [unit for code, unit, _due in overdue + coming if code == "plan"]

    assert "E2" in plans(_page(client)[1])
    entry_at(city.e2, "yearly_plan", data={"year": year}, status="adopted")
    assert "E2" in plans(_page(client)[1])  # the table, as computed
    assert "E2" not in plans(_page(client_for(city.users["d2"]))[1])  # a small scope: live
    services.refresh_findings()
    assert "E2" not in plans(_page(client)[1])


def test_a_small_scope_computes_live_and_says_nothing_of_a_computation(city, client_for):
    services.refresh_findings()
    CalendarDueRecord.objects.all().delete()
    _queries, response = _page(client_for(city.users["city"]))
    assert 'id="ledger-calendar-state"' not in response.content.decode()
    overdue, coming, _more = _section(response)
    assert (overdue, coming) == _live(city.users["city"]) and coming


def test_the_section_shows_at_most_the_earliest_of_each_part_and_counts_the_rest(city, large):
    services.refresh_findings()
    today = timezone.localdate()
    live = selectors.calendar(city.users["city"], today=today)
    overdue, coming = _table(city.users["city"], today, shown=1)
    assert len(overdue.first) == min(1, overdue.total) and len(coming.first) == 1
    assert coming.total == sum(not d.overdue for d in live) > 1
    assert CALENDAR_SHOWN == 100


def test_overdue_is_decided_on_the_day_it_is_read_without_a_refresh(city):
    services.refresh_findings()
    user = city.users["city"]
    today = timezone.localdate()
    _overdue, coming = _table(user, today)
    due = coming.first[0]
    assert due.overdue is False
    later = due.due_on + dt.timedelta(days=1)
    overdue, coming = _table(user, later)
    flipped = [
        d for d in overdue.first if (d.unit.pk, d.code, d.due_on) == (due.unit.pk, due.code, due.due_on)
    ]
    assert flipped and flipped[0].overdue is True
    assert all(d.due_on < later for d in overdue.first) and all(d.due_on >= later for d in coming.first)


def test_a_district_reviewer_never_reads_another_districts_duties(city):
    services.refresh_findings()
    d1 = city.users["d1"]
    rows = list(selectors.table_dues(d1))
    assert rows and all(r.path.startswith(city.d1.path) for r in rows)
    assert not selectors.table_dues(d1).filter(branch=city.e2).exists()
    # A row whose copied path is stale (its unit moved since the computation) is not shown there.
    CalendarDueRecord.objects.filter(branch=city.e2).update(path=city.d1.path + "ZZZZ")
    assert not selectors.table_dues(d1).filter(branch=city.e2).exists()
    assert not selectors.table_dues(city.users["d2"]).filter(branch=city.e2).exists()
    assert selectors.table_dues(city.users["city"]).filter(branch=city.e2).exists()
    # A unit closed since the computation is not shown anywhere.
    city.e1.is_active, city.e1.closed_on = False, timezone.localdate()
    city.e1.save(update_fields=["is_active", "closed_on"])
    assert not selectors.table_dues(city.users["city"]).filter(branch=city.e1).exists()


def test_a_failed_refresh_keeps_the_previous_rows_and_fails_the_run(city, monkeypatch):
    services.refresh_findings()
    before, findings = _rows(), FindingRecord.objects.count()
    assert before
    done = federation.findings_run()

    def broken(user, **kwargs):
        raise RuntimeError("calendar down")

    monkeypatch.setattr(calendar_table.selectors, "calendar", broken)
    entry_at(city.e2, "yearly_plan", data={"year": timezone.localdate().year}, status="adopted")
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED and "calendar down" in run.reason
    assert _rows() == before
    assert FindingRecord.objects.count() == findings
    assert federation.findings_run() == done


def test_a_failed_findings_computation_keeps_the_previous_duties(city, monkeypatch):
    services.refresh_findings()
    before = _rows()

    def broken(user, root=None, **kwargs):
        raise RuntimeError("provider down")

    monkeypatch.setattr(federation, "all_findings", broken)
    assert services.refresh_findings().status == FindingRun.Status.FAILED
    assert _rows() == before


def test_the_refresh_replaces_every_row(city):
    calendar_table.refresh()
    first = _rows()
    calendar_table.refresh()
    again = _rows()
    assert [r[1:] for r in again] == [r[1:] for r in first]
    assert not {r[0] for r in again} & {r[0] for r in first}


def test_the_section_of_a_large_scope_takes_a_fixed_few_queries(city, large, rf):
    services.refresh_findings()
    request = rf.get("/")
    request.user = User.objects.get(pk=city.users["city"].pk)
    with CaptureQueriesContext(connection) as captured:
        section = ledger_calendar({"request": request})
    assert section["run"] is not None and section["months"]
    # the user's appointments, the bounded COUNT of the scope, the run, the counts, the two lists
    assert len(captured) == 6
