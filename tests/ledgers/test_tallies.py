"""The ledger tallies: the pieces of the indicators of every unit, computed for the whole tree by the
findings refresh, read by the panels of large subtrees; equal to the live indicators of every unit,
scoped, swapped whole with the findings, kept when a refresh fails (docs/SCALING.md)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from branches import services
from branches.models import Branch, FindingRecord, FindingRun
from democracy.models import Petition, Representative, Term
from ledgers import selectors
from ledgers import tallies as tally_refresh
from ledgers.models import LedgerTally
from ledgers.selectors import figures, tallies
from tests.branches.federation import build_city
from tests.factories import WorkerFactory, make_branch
from tests.ledgers.factories import entry_at
from unionhome.models import User

pytestmark = pytest.mark.django_db

YEAR = 2026
TODAY = dt.date(2026, 7, 15)  # Q1 and Q2 have ended


@pytest.fixture
def large(settings):
    """Every subtree of more than two open units reads the table."""
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 2}


def _shown(items) -> list[tuple]:
    return [(i.key, str(i.label), i.value, i.target, i.unit, str(i.detail)) for i in items]


def _refresh(today=TODAY):
    with transaction.atomic():
        tally_refresh.refresh(today=today)


def _assert_every_unit_matches(year, today, language):
    units = list(Branch.objects.order_by("path"))
    with translation.override(language):
        for unit in units:
            live = _shown(figures.indicators(unit, year, today=today))
            assert _shown(tallies.indicators(unit, year)) == live, unit.code
    return units


# --- the sums equal the live indicators -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tallies_of_every_demo_unit_equal_its_live_indicators(demo_data, language):
    today = timezone.localdate()
    _refresh(today)
    units = _assert_every_unit_matches(today.year, today, language)
    kinds = {u.kind for u in units}
    assert {"city", "district", "enterprise"} <= kinds
    # the demo records enough to compare figures, not only "no data"
    demo_city = next(u for u in units if u.kind == "city")
    assert sum(i.value is not None for i in tallies.indicators(demo_city, today.year)) >= 5


def _generated_tree():
    """A city with entries of every kind, some counted once across units (a worker at two events
    of two districts, a family paired in one unit and visited in another, a representative who
    moved to another enterprise)."""
    c = build_city()
    e2b = make_branch(c.e2, "E2B", "branch", "二厂一车间分会")
    e1b2 = make_branch(c.e1, "E1B2", "branch", "一厂二车间分会")
    w4 = WorkerFactory(branch=e1b2, name="东四")
    day = dt.date(YEAR, 2, 1)
    entry_at(c.e1, "inspector_network", date=dt.date(2024, 5, 1), data={})
    entry_at(c.e1, "safety_inspection", date=day, data={"workshop": c.e1b.pk})
    entry_at(c.e1b, "safety_inspection", date=dt.date(YEAR, 5, 2), data={"workshop": c.e1b.pk})
    entry_at(e1b2, "safety_inspection", date=dt.date(YEAR, 5, 3), data={"workshop": e1b2.pk})
    entry_at(e2b, "safety_inspection", date=day, data={"workshop": e2b.pk})
    entry_at(c.e1b, "hidden_danger", date=day, data={"deadline": "2026-03-01", "closed_on": "2026-02-20"})
    entry_at(c.e2, "hidden_danger", date=day, data={"deadline": "2026-03-01"})
    entry_at(c.e3, "hidden_danger", date=dt.date(YEAR, 7, 1), data={"deadline": "2026-08-01"})
    Term.objects.create(enterprise=c.e1, number=1, elected_on=dt.date(2021, 1, 5))
    term = Term.objects.create(enterprise=c.e1, number=2, elected_on=dt.date(YEAR, 1, 5))
    term3 = Term.objects.create(enterprise=c.e3, number=1, elected_on=dt.date(2025, 1, 5))
    for worker, t in ((c.w1, term), (c.w2, term), (w4, term), (c.w3, term3)):  # w2 has moved to E2
        Representative.objects.create(term=t, worker=worker, constituency=c.e1b)
    entry_at(c.e1, "representative_training", date=day, data={"term": term.pk, "hours": "4"},
             participants=[(c.w1, Decimal("4")), (c.w2, Decimal("3.5"))])  # fmt: skip
    entry_at(c.e3, "representative_training", date=day, data={"term": term3.pk, "hours": "2"},
             participants=[(c.w3, Decimal("2"))])  # fmt: skip
    entry_at(c.e1, "cadre_pairing", date=dt.date(2025, 3, 1), data={"family": c.w1.pk})
    entry_at(c.e2, "cadre_pairing", date=day, data={"family": c.w1.pk})
    entry_at(c.e2, "cadre_pairing", date=day, data={"family": c.w2.pk})
    entry_at(c.e1b, "home_visit", date=day, data={"family": c.w1.pk})
    entry_at(c.d2, "home_visit", date=day, data={"family": c.w2.pk})
    entry_at(c.e3, "home_visit", date=day, data={"family": c.w3.pk})  # not paired
    entry_at(c.e1, "culture_sports", date=day, data={}, participants=[(c.w1, None), (w4, None)])
    entry_at(c.e2, "culture_sports", date=day, data={}, participants=[(c.w1, None), (c.w2, None)])
    entry_at(c.city, "culture_sports", date=day, data={}, participants=[(c.w1, None)])
    entry_at(c.e1, "cadre_evaluation", date=day, data={"year": YEAR, "voters": 10, "satisfied": 9})
    entry_at(c.e3, "cadre_evaluation", date=day, data={"year": YEAR, "voters": 5, "satisfied": 2})
    entry_at(c.e1, "union_finance", date=day, data={"year": YEAR, "difference": "-1.00"})
    entry_at(c.e1, "union_finance", date=dt.date(YEAR, 6, 1),
             data={"year": YEAR, "difference": "0.00", "independent_account": True})  # fmt: skip
    entry_at(c.e2, "union_finance", date=day, data={"year": YEAR, "difference": "-5.00"})
    entry_at(c.e1, "information_work", date=day, data={"items": 3})
    entry_at(c.d1, "information_work", date=day, data={"items": 2})
    common = {"kind": "letter", "petitioner": "甲", "subject": "工资"}
    Petition.objects.create(enterprise=c.e1, received_on=day, answered_on=dt.date(YEAR, 2, 5), **common)
    Petition.objects.create(enterprise=c.e2, received_on=day, **common)  # overdue
    Petition.objects.create(enterprise=c.e3, received_on=dt.date(YEAR, 7, 10), **common)  # not yet due
    return c


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tallies_of_every_unit_of_a_generated_tree_equal_its_live_indicators(language):
    c = _generated_tree()
    _refresh()
    _assert_every_unit_matches(YEAR, TODAY, language)
    assert tallies.sums(c.city, YEAR)["culture_participants"] == 3  # w1 at three events, once
    city = {i.key: i for i in tallies.indicators(c.city, YEAR)}
    assert city["ledger_pairings_visited"].value == Decimal("1")  # two families, both visited in the city
    e1 = {i.key: i for i in tallies.indicators(c.e1, YEAR)}
    assert e1["ledger_pairings_visited"].value == Decimal("1")  # w1's family: paired and visited in E1
    d2 = {i.key: i for i in tallies.indicators(c.d2, YEAR)}
    assert d2["ledger_pairings_visited"].value == Decimal("0.5")  # both paired in E2, w1's visited in D1
    # a unit inside an enterprise counts its enterprise's letters, as the live figures do
    e1g = {i.key: i for i in tallies.indicators(c.e1g, YEAR)}
    assert e1g["ledger_letters_answered_in_time"].value == 1


def test_a_spread_piece_holds_corrections_that_sum_to_each_subtree():
    c = _generated_tree()
    _refresh()
    rows = LedgerTally.objects.filter(year=YEAR)
    assert rows.get(branch=c.city).culture_participants == -1  # w1 took part in three units
    assert sum(r.culture_participants for r in rows) == 3  # w1, w2, w4 once each
    assert tallies.sums(c.d1, YEAR)["culture_participants"] == 2  # w1 and w4 at E1


def test_the_letters_of_the_table_are_the_reviewers_own_for_units_in_scope():
    c = _generated_tree()
    _refresh()
    for username, unit in (("d1", c.d1), ("d1", c.e1), ("e1", c.e1), ("e1b", c.e1b), ("city", c.city)):
        user = User.objects.get(username=username)
        live = {i.key: i for i in figures.indicators(unit, YEAR, today=TODAY, user=user)}
        table = {i.key: i for i in tallies.indicators(unit, YEAR)}
        key = "ledger_letters_answered_in_time"
        assert (table[key].value, table[key].detail) == (live[key].value, live[key].detail)


# --- who reads the table, and what they see -------------------------------------------------------------


def _rows(html: str, marker: str) -> dict[str, str]:
    part = html.split(marker, 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<tr data-key="([^"]+)" data-value="([^"]*)"', part))


def test_a_small_subtree_is_computed_on_the_request(client_for):
    c = build_city()
    services.refresh_findings()
    assert LedgerTally.objects.exists()
    panel = selectors.panel(c.city, timezone.localdate().year)
    assert panel.run is None  # 9 units at most: live, as before
    html = client_for(c.users["city"]).get(reverse("branches:dashboard")).content.decode()
    assert 'data-tallied="no"' in html and 'id="ledger-tallies-state"' not in html


def test_a_large_subtree_reads_the_table_until_the_next_refresh(client_for, large):
    c = build_city()
    today = timezone.localdate()
    client = client_for(c.users["city"])
    url = reverse("branches:dashboard")
    # No refresh finished yet: computed on the request.
    assert selectors.panel(c.city, today.year).run is None
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.DONE
    html = client.get(url).content.decode()
    assert 'data-unit="C" data-tallied="yes"' in html and 'id="ledger-tallies-state"' in html
    assert _rows(html, 'data-unit="C"')["ledger_information_items"] == "none"
    # An entry recorded after the refresh shows at the next one, not before.
    entry_at(c.e1, "information_work", date=today, data={"items": 5})
    assert _rows(client.get(url).content.decode(), 'data-unit="C"')["ledger_information_items"] == "none"
    unit_page = client.get(reverse("branches:branch_detail", args=[c.city.pk])).content.decode()
    assert _rows(unit_page, 'id="ledger-indicators"')["ledger_information_items"] == "none"
    assert 'id="ledger-tallies-state"' in unit_page
    services.refresh_findings()
    assert _rows(client.get(url).content.decode(), 'data-unit="C"')["ledger_information_items"] == "5"
    # An enterprise's page (a subtree of one unit) is computed on the request.
    e2_page = client.get(reverse("branches:branch_detail", args=[c.e2.pk])).content.decode()
    assert 'id="ledger-indicators"' in e2_page and 'id="ledger-tallies-state"' not in e2_page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _panel_queries(user, year) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        panels = selectors.dashboard_panels(user, year)
    return len(captured.captured_queries), panels


def test_the_panels_queries_do_not_grow_with_the_tree(client_for, large):
    """The dashboard's ledger panels and a unit page of a large subtree (the rest of the dashboard
    has its own tests: its findings groups take one query per kind present)."""
    c = build_city()
    services.refresh_findings()
    client, user = client_for(c.users["city"]), c.users["city"]
    year = timezone.localdate().year
    unit = reverse("branches:branch_detail", args=[c.d1.pk])
    _queries(client, unit), _panel_queries(user, year)  # warm the caches (the user's appointments)
    before = _panel_queries(user, year)[0], _queries(client, unit)
    today = timezone.localdate()
    for i in range(6):
        enterprise = make_branch(c.d1, f"N{i}", "enterprise", f"新厂{i}工会")
        shop = make_branch(enterprise, f"N{i}B", "branch", f"新厂{i}车间")
        worker = WorkerFactory(branch=shop)
        entry_at(enterprise, "safety_inspection", date=today, data={"workshop": shop.pk})
        entry_at(enterprise, "culture_sports", date=today, data={}, participants=[(worker, None)])
        entry_at(shop, "hidden_danger", date=today, data={"deadline": today.isoformat()})
    services.refresh_findings()
    count, panels = _panel_queries(user, year)
    assert panels[0].run is not None
    assert (count, _queries(client, unit)) == before


def test_a_reviewer_never_sees_another_subtrees_sums(client_for, large):
    c = build_city()
    today = timezone.localdate()
    entry_at(c.e2, "information_work", date=today, data={"items": 7})
    entry_at(c.e1, "information_work", date=today, data={"items": 2})
    make_branch(c.d1, "E9", "enterprise", "东区九厂工会")  # D1: more than two open units
    services.refresh_findings()
    html = client_for(c.users["d1"]).get(reverse("branches:dashboard")).content.decode()
    assert 'data-unit="D1" data-tallied="yes"' in html and 'data-unit="C"' not in html
    assert _rows(html, 'data-unit="D1"')["ledger_information_items"] == "2"  # not E2's 7
    assert tallies.sums(c.d1, today.year)["information_items"] == 2
    assert tallies.sums(c.d2, today.year)["information_items"] == 7
    assert client_for(c.users["d1"]).get(reverse("branches:branch_detail", args=[c.d2.pk])).status_code == 404


def test_a_failed_refresh_keeps_the_previous_tallies_and_findings(monkeypatch, client_for, large):
    c = build_city()
    today = timezone.localdate()
    entry_at(c.e1, "information_work", date=today, data={"items": 3})
    services.refresh_findings()
    tallies_before = sorted(LedgerTally.objects.values_list("path", "information_items", "workers"))
    findings_before = FindingRecord.objects.count()
    entry_at(c.e1, "information_work", date=today, data={"items": 4})

    def broken(year, today):
        raise RuntimeError("the tallies could not be computed")

    monkeypatch.setattr(tallies, "compute", broken)
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED and "the tallies could not be computed" in run.reason
    assert sorted(LedgerTally.objects.values_list("path", "information_items", "workers")) == tallies_before
    assert FindingRecord.objects.count() == findings_before
    html = client_for(c.users["city"]).get(reverse("branches:dashboard")).content.decode()
    assert 'id="ledger-tallies-failed"' in html
    assert _rows(html, 'data-unit="C"')["ledger_information_items"] == "3"


def test_assessment_facts_stay_live(large):
    c = build_city()
    services.refresh_findings()
    today = timezone.localdate()
    entry_at(c.city, "information_work", date=today, data={"items": 6})
    facts = selectors.assessment_facts(branch=c.city, year=today.year)
    assert facts["ledger_information_items"].value == Decimal("6")


@pytest.mark.postgres
def test_postgresql_reads_a_subtrees_tallies_by_an_index_range_of_the_path():
    c = _generated_tree()
    _refresh()
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")  # what the planner can use on a tiny table
    plan = LedgerTally.objects.filter(year=YEAR, path__startswith=c.d1.path).explain()
    assert "ledger_tally_year_path" in plan and "~>=~" in plan  # the prefix as an index range
