"""The ledger tallies summed per federation (``LedgerSubtotal``): written by the refresh with the
tallies, they give a federation's pieces in one row whatever the number of units below it, equal to
the SUM of the tallies they replace, and kept when a refresh fails."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from branches import services
from branches.models import Branch, FindingRun
from ledgers import tallies as tally_refresh
from ledgers.models import LedgerSubtotal, LedgerTally
from ledgers.selectors import tallies
from tests.branches.federation import build_city
from tests.factories import WorkerFactory, make_branch
from tests.ledgers.factories import entry_at
from tests.ledgers.test_tallies import TODAY, YEAR, _generated_tree

pytestmark = pytest.mark.django_db

TALLY_TABLE = LedgerTally._meta.db_table


def _refresh(today=TODAY):
    with transaction.atomic():
        tally_refresh.refresh(today=today)


def _summed(unit: Branch, year: int) -> dict:
    """The SUM of the tallies of the unit's subtree (what a federation's row replaces)."""
    row = LedgerTally.objects.filter(year=year, path__startswith=unit.path).aggregate(
        **{name: Sum(name) for name in tallies.PIECES}
    )
    return {name: row[name] or 0 for name in tallies.PIECES}


def _read(unit: Branch, year: int) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        pieces = tallies.sums(unit, year)
    return pieces, [q["sql"] for q in queries]


def test_every_federations_row_equals_the_sum_of_its_subtrees_tallies():
    _generated_tree()
    _refresh()
    federations = Branch.objects.filter(kind__in=Branch.FEDERATION_KINDS)
    assert federations.count() == LedgerSubtotal.objects.filter(year=YEAR).count() == 4
    for unit in federations:
        pieces, sql = _read(unit, YEAR)
        assert pieces == _summed(unit, YEAR), unit.code
        assert len(sql) == 1 and TALLY_TABLE not in sql[0]
    city = tallies.sums(federations.get(code="C"), YEAR)
    assert (
        city["culture_participants"] == 3
        and city["training_hours"] == _summed(federations.get(code="C"), YEAR)["training_hours"]
    )


def test_the_training_hours_keep_their_decimal_place():
    c = _generated_tree()
    _refresh()
    hours = tallies.sums(c.city, YEAR)["training_hours"]
    assert isinstance(hours, Decimal) and hours == _summed(c.city, YEAR)["training_hours"]


def test_a_unit_that_is_not_a_federation_sums_its_tallies():
    c = _generated_tree()
    _refresh()
    for unit in (c.e1, c.e1b, c.e2):
        pieces, sql = _read(unit, YEAR)
        assert pieces == _summed(unit, YEAR) and TALLY_TABLE in sql[0]
    assert not LedgerSubtotal.objects.filter(branch=c.e1).exists()


def test_a_federation_created_since_the_refresh_sums_its_tallies():
    c = _generated_tree()
    _refresh()
    new = make_branch(c.city, "Z9", "district", "新区总工会")  # sorted last: a path never counted
    pieces, sql = _read(new, YEAR)
    assert pieces == _summed(new, YEAR) and len(sql) == 2 and TALLY_TABLE in sql[1]


def test_another_year_than_the_refresh_s_reads_nothing_stored():
    c = _generated_tree()
    _refresh()
    assert tallies.sums(c.city, YEAR - 1) == _summed(c.city, YEAR - 1)


def test_the_read_stays_one_query_as_the_tree_grows():
    c = build_city()
    _refresh()
    _pieces, small = _read(c.city, YEAR)
    for i in range(4):
        district = make_branch(c.city, f"DX{i}", "district", f"扩区{i}")
        for j in range(3):
            enterprise = make_branch(district, f"EX{i}{j}", "enterprise", f"扩厂{i}{j}")
            WorkerFactory.create_batch(2, branch=enterprise)
    _refresh()
    pieces, big = _read(c.city, YEAR)
    assert len(small) == len(big) == 1
    assert pieces == _summed(c.city, YEAR) and pieces["workers"] == 3 + 4 * 3 * 2


def test_a_failed_refresh_keeps_the_previous_rows(monkeypatch):
    c = build_city()
    today = timezone.localdate()
    entry_at(c.e1, "information_work", date=today, data={"items": 3})
    services.refresh_findings()
    before = sorted(LedgerSubtotal.objects.values_list("year", "branch_id", "path", "pieces"))
    assert before and tallies.sums(c.city, today.year)["information_items"] == 3
    entry_at(c.e1, "information_work", date=today, data={"items": 4})

    def broken(year, today):
        raise RuntimeError("the tallies could not be computed")

    monkeypatch.setattr(tallies, "compute", broken)
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED
    assert sorted(LedgerSubtotal.objects.values_list("year", "branch_id", "path", "pieces")) == before
    assert tallies.sums(c.city, today.year)["information_items"] == 3
    monkeypatch.undo()
    services.refresh_findings()
    assert tallies.sums(c.city, today.year + 0)["information_items"] == 7
    assert tallies.sums(c.city, today.year) == _summed(c.city, today.year)


def test_an_entry_of_another_date_does_not_change_the_year_read():
    c = build_city()
    entry_at(c.e2, "information_work", date=dt.date(YEAR, 3, 1), data={"items": 2})
    _refresh()
    assert (
        tallies.sums(c.city, YEAR)["information_items"] == 2 == tallies.sums(c.d2, YEAR)["information_items"]
    )
    assert tallies.sums(c.d1, YEAR)["information_items"] == 0
