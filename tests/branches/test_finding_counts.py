"""The findings' counts per federation (``FindingCount``): written by the refresh with the table's
rows, they give a large scope's groups in one small read whatever the size of the tree below, equal
to the grouped COUNT of the table's rows they replace, scoped, and kept when a refresh fails."""

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from branches import services
from branches.models import FindingCount, FindingRecord, FindingRun
from branches.selectors import federation
from tests.branches.federation import build_city
from tests.factories import AppointmentFactory, WorkerFactory, make_branch
from unionhome.models import User

pytestmark = pytest.mark.django_db

FINDINGS_TABLE = FindingRecord._meta.db_table


@pytest.fixture
def city():
    return build_city()


def _grouped(user) -> dict[str, tuple[int, int]]:
    """The grouped COUNT of the table's rows in the user's scope (what the counts replace)."""
    rows = (
        federation.table_findings(user)
        .order_by()
        .values("code")
        .annotate(n=Count("pk"), danger=Count("pk", filter=Q(severity="danger")))
    )
    return {r["code"]: (r["n"], r["danger"]) for r in rows}


def _counts(user) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """``table_counts`` of the user, and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        counts = federation.table_counts(user)
    return counts, [q["sql"] for q in queries]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["city", "district", "officer"])
def test_the_counts_equal_the_grouped_count_of_the_tables_rows_in_both_languages(
    demo_data, username, language
):
    services.refresh_findings()
    user = User.objects.get(username=username)
    with translation.override(language):
        counts, sql = _counts(user)
        grouped = _grouped(user)
    assert grouped and counts == grouped
    if username != "officer":  # a federation: its counted rows, never the findings table
        assert not any(FINDINGS_TABLE in s for s in sql)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_federation_is_counted_in_every_language(city, language):
    services.refresh_findings()
    for unit in (city.city, city.d1, city.d2, city.industry):
        reviewer = AppointmentFactory(branch=unit, role="district_reviewer").user
        with translation.override(language):
            counts, sql = _counts(reviewer)
            assert counts == _grouped(reviewer)
        assert not any(FINDINGS_TABLE in s for s in sql)
    assert not FindingCount.objects.filter(branch=city.e1).exists()  # an enterprise is not counted


def test_a_district_reviewer_counts_only_the_districts_findings(city):
    WorkerFactory.create_batch(3, branch=city.e2, is_member=False)  # D2's enterprise below target
    services.refresh_findings()
    d1, d2 = city.users["d1"], city.users["d2"]
    assert federation.table_counts(d1) == _grouped(d1)
    assert federation.table_counts(d2) == _grouped(d2)
    total = federation.table_counts(city.users["city"])
    assert total == _grouped(city.users["city"])
    in_d2 = FindingRecord.objects.filter(language=federation.table_language(), branch=city.e2).count()
    assert in_d2 and sum(n for n, _d in total.values()) > sum(
        n for n, _d in federation.table_counts(d1).values()
    )
    assert sum(n for n, _d in federation.table_counts(d2).values()) >= in_d2


def test_a_user_without_scope_counts_nothing(city):
    services.refresh_findings()
    nobody = User.objects.create_user("nobody", password="x")
    assert federation.table_counts(nobody) == {}


def test_an_administrator_counts_the_whole_tree(city):
    services.refresh_findings()
    admin = User.objects.create_superuser("root", password="x")
    assert federation.table_counts(admin) == _grouped(admin)


def test_a_root_the_refresh_did_not_count_falls_back_to_its_rows(city):
    services.refresh_findings()
    officer = city.users["e1"]  # an enterprise: not counted
    assert federation.table_counts(officer) == _grouped(officer)
    # A federation created since the computation has no counted row: its (empty) rows are counted.
    new = make_branch(city.city, "D3", "district", "新区总工会")
    reviewer = AppointmentFactory(branch=new, role="district_reviewer").user
    assert federation.table_counts(reviewer) == {} == _grouped(reviewer)


def test_a_root_moved_since_the_computation_is_not_read_from_its_old_counts(city):
    services.refresh_findings()
    d1 = city.users["d1"]
    expected = federation.table_counts(d1)
    # The counted row's copied path no longer is the unit's path: the rows are counted instead.
    FindingCount.objects.filter(branch=city.d1).update(path=city.d2.path)
    counts, sql = _counts(d1)
    assert counts == expected == _grouped(d1)
    assert any(FINDINGS_TABLE in s for s in sql)


def test_the_queries_stay_the_same_as_the_tree_grows(city):
    services.refresh_findings()
    user = city.users["city"]
    _counts(user)  # the user's appointments, cached
    small, small_sql = _counts(user)
    for i in range(6):
        district = make_branch(city.city, f"DX{i}", "district", f"扩区{i}")
        for j in range(3):
            enterprise = make_branch(district, f"EX{i}{j}", "enterprise", f"扩厂{i}{j}")
            WorkerFactory.create_batch(2, branch=enterprise, is_member=False)
    services.refresh_findings()
    big, big_sql = _counts(user)
    assert big == _grouped(user)
    assert sum(n for n, _d in big.values()) > sum(n for n, _d in small.values())
    assert len(big_sql) == len(small_sql) == 1


def test_a_failed_refresh_keeps_the_previous_counts(city, monkeypatch):
    services.refresh_findings()
    before = sorted(
        FindingCount.objects.values_list("language", "branch_id", "path", "code", "count", "danger")
    )
    assert before

    def broken(user, root=None, **kwargs):
        raise RuntimeError("provider down")

    monkeypatch.setattr(federation, "all_findings", broken)
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED
    after = sorted(
        FindingCount.objects.values_list("language", "branch_id", "path", "code", "count", "danger")
    )
    assert after == before


def test_a_hook_that_fails_keeps_the_previous_counts(city, monkeypatch):
    services.refresh_findings()
    before = sorted(FindingCount.objects.values_list("language", "branch_id", "code", "count", "danger"))
    WorkerFactory.create_batch(3, branch=city.e2, is_member=False)
    monkeypatch.setattr("ledgers.tallies.refresh", lambda: 1 / 0)  # a hook of UNIONHOME_REFRESH_TABLES
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED
    after = sorted(FindingCount.objects.values_list("language", "branch_id", "code", "count", "danger"))
    assert after == before
    monkeypatch.undo()
    services.refresh_findings()  # the same refresh without the failure changes them
    assert (
        sorted(FindingCount.objects.values_list("language", "branch_id", "code", "count", "danger")) != before
    )
