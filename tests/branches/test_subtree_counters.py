"""Subtree counters: a federation's totals are its folded subtree counter plus its pending deltas,
equal at every moment to its units' counters added up, whatever is folded, moved, renumbered or
closed; read in one query whatever the size; reconcile reports and rebuilds them."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from branches import counters, services
from branches.models import Branch, CounterDelta, SubtreeCounter, UnitCounter, Worker
from tests.branches.federation import build_city
from tests.factories import WorkerFactory, make_branch
from unionhome.exceptions import DomainError
from unionhome.models import User

pytestmark = pytest.mark.django_db


def added_up(path: str, *, include_closed: bool = False) -> dict[str, int]:
    """The slow truth: every unit counter of the subtree added up."""
    rows = UnitCounter.objects.filter(branch__path__startswith=path)
    if not include_closed:
        rows = rows.filter(branch__is_active=True)
    total = dict(counters.ZERO)
    for counter in rows:
        for field, n in counter.values().items():
            total[field] += n
    return total


def assert_every_total_right(*units: Branch) -> None:
    for unit in units:
        unit.refresh_from_db()
        for include_closed in (False, True):
            assert counters.subtree_totals(unit.path, include_closed=include_closed) == added_up(
                unit.path, include_closed=include_closed
            ), (unit.code, include_closed)
        children = counters.child_totals(unit, include_closed=True)
        for child in Branch.objects.filter(path__startswith=unit.path, depth=unit.depth + 1):
            assert children.get(child.path, counters.ZERO) == added_up(child.path, include_closed=True)
    assert counters.subtree_drift() == []


@pytest.fixture
def city():
    world = build_city()
    WorkerFactory.create_batch(3, branch=world.e1b, gender="F", is_member=True)
    WorkerFactory.create_batch(2, branch=world.e2, employment_type="dispatched")
    return world


def test_totals_are_right_pending_and_folded_and_folding_empties_the_deltas(city):
    assert CounterDelta.objects.exists()
    assert_every_total_right(city.city, city.d1, city.d2, city.e1)
    assert counters.subtree_totals(city.city.path)["workers"] == 8
    assert counters.subtree_totals(city.d1.path)["women"] == 4
    folded = counters.fold()
    assert folded > 0 and not CounterDelta.objects.exists()
    assert SubtreeCounter.objects.get(branch=city.city, include_closed=False).workers == 8
    assert_every_total_right(city.city, city.d1, city.d2, city.e1)
    assert counters.fold() == 0
    # writes after the fold are pending again, and counted with the folded totals
    worker = WorkerFactory(branch=city.e1g)
    leaver = Worker.objects.get(pk=city.w2.pk)
    leaver.status = Worker.Status.LEFT
    leaver.save()
    assert CounterDelta.objects.exists()
    assert counters.subtree_totals(city.city.path)["workers"] == 8
    assert_every_total_right(city.city, city.d1, city.d2)
    worker.delete()
    counters.fold()
    assert counters.subtree_totals(city.city.path)["workers"] == 7
    assert_every_total_right(city.city, city.d1, city.d2)


def test_a_fold_in_small_batches_counts_every_delta_once(city, monkeypatch):
    monkeypatch.setattr(counters, "FOLD_BATCH", 2)
    before = counters.subtree_totals(city.city.path)
    pending = CounterDelta.objects.count()
    assert counters.fold() == pending
    assert counters.subtree_totals(city.city.path) == before
    assert_every_total_right(city.city, city.d1, city.d2)


def test_totals_of_nested_and_repeated_paths_count_each_delta_in_every_top_above_it(city):
    paths = [city.city.path, city.d1.path, city.e1.path, city.d1.path]
    with CaptureQueriesContext(connection) as queries:
        totals = counters.totals_of(paths)
    assert len(queries) == 1
    assert set(totals) == {city.city.path, city.d1.path, city.e1.path}
    for path in totals:
        assert totals[path] == added_up(path)


@pytest.mark.parametrize("folded", [False, True])
def test_a_moved_unit_takes_its_totals_from_the_old_federation_to_the_new(city, folded):
    admin = User.objects.create_superuser("root", password=None)
    if folded:
        counters.fold()
    WorkerFactory(branch=city.e1g)  # pending in any case
    moved = services.branch_move(actor=admin, branch=city.e1, new_parent=city.d2)
    assert moved.path.startswith(Branch.objects.get(pk=city.d2.pk).path)
    assert counters.subtree_totals(Branch.objects.get(pk=city.d1.pk).path)["workers"] == 0
    assert counters.subtree_totals(Branch.objects.get(pk=city.d2.pk).path)["workers"] == 8
    assert_every_total_right(city.city, city.d1, city.d2, city.e1)
    counters.fold()
    assert_every_total_right(city.city, city.d1, city.d2, city.e1)
    assert counters.subtree_totals(Branch.objects.get(pk=city.d2.pk).path)["workers"] == 8


def test_a_new_unit_that_renumbers_its_siblings_paths_leaves_every_total_right(city):
    counters.fold()
    WorkerFactory(branch=city.e1)  # pending, under E1's path of now
    old_path = Branch.objects.get(pk=city.e1.pk).path
    make_branch(city.d1, "A0", "enterprise")  # sorted before E1: E1's subtree gets new paths
    assert Branch.objects.get(pk=city.e1.pk).path != old_path
    assert_every_total_right(city.city, city.d1, city.e1)
    counters.fold()
    assert_every_total_right(city.city, city.d1, city.e1)


def test_the_workers_of_a_closed_unit_count_only_in_the_totals_with_closed_units(city):
    admin = User.objects.create_superuser("root", password=None)
    empty = make_branch(city.d2, "E9", "enterprise")
    services.branch_close(actor=admin, branch=empty)
    WorkerFactory(branch=Branch.objects.get(pk=empty.pk))  # written behind the services' back
    d2 = Branch.objects.get(pk=city.d2.pk)
    assert counters.subtree_totals(d2.path)["workers"] == 3
    assert counters.subtree_totals(d2.path, include_closed=True)["workers"] == 4
    assert_every_total_right(city.city, d2)
    counters.fold()
    assert_every_total_right(city.city, d2)
    e2 = Branch.objects.get(pk=city.e2.pk)  # closed with its three workers (the admin's save)
    e2.is_active, e2.closed_on = False, "2026-01-01"
    e2.save()
    assert counters.subtree_totals(d2.path)["workers"] == 0
    assert counters.subtree_totals(d2.path, include_closed=True)["workers"] == 4
    assert_every_total_right(city.city, d2)
    e2.is_active, e2.closed_on = True, None
    e2.save()
    assert counters.subtree_totals(d2.path)["workers"] == 3
    counters.fold()
    assert_every_total_right(city.city, d2)


def test_a_refused_write_leaves_no_delta(city):
    officer = city.users["e1"]
    before = CounterDelta.objects.count()
    with pytest.raises(DomainError):  # the ID number is on the roster already
        services.worker_create(
            actor=officer,
            branch=city.e1,
            name="重",
            gender=city.w1.gender,
            id_number=city.w1.id_number,
            employment_type="regular",
            is_member=False,
        )
    assert CounterDelta.objects.count() == before
    assert_every_total_right(city.city)


def test_reading_a_federations_totals_takes_one_query_that_never_reads_its_units_counters(city):
    counters.fold()
    with CaptureQueriesContext(connection) as queries:
        counters.subtree_totals(city.city.path)
        counters.child_totals(city.city)
    assert len(queries) == 2
    assert not any(UnitCounter._meta.db_table in q["sql"] for q in queries.captured_queries)
    assert not any(Worker._meta.db_table in q["sql"] for q in queries.captured_queries)


def _reconcile(*args) -> str:
    out = io.StringIO()
    call_command("reconcile_counters", *args, stdout=out)
    return out.getvalue()


def test_reconcile_reports_a_drifted_subtree_counter_and_rebuilds_it_only_when_asked(city):
    counters.fold()
    assert "No drift" in _reconcile()
    SubtreeCounter.objects.filter(branch=city.d1, include_closed=False).update(workers=40)
    report = _reconcile()
    assert "D1 and below (open units): workers 40 → 4" in report
    assert "1 subtree counters drifted; run with --fix" in report
    assert SubtreeCounter.objects.get(branch=city.d1, include_closed=False).workers == 40  # not fixed
    assert "corrected" in _reconcile("--fix")
    assert_every_total_right(city.city, city.d1)
    assert "No drift" in _reconcile()


# --- PostgreSQL: writers never wait on a federation's row; a fold loses nothing committed meanwhile ----


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_under_one_federation_never_wait_for_each_other_nor_for_a_fold():
    world = build_city()
    counters.fold()
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def first_writer():
        try:
            with transaction.atomic():
                WorkerFactory(branch=world.e1g)  # its delta stays uncommitted until released
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            WorkerFactory(branch=world.e2)  # the same city, another unit: no wait
            outcome["folded"] = counters.fold()  # folds the committed deltas; the pending one stays
    finally:
        release.set()
        thread.join()
    city = Branch.objects.get(pk=world.city.pk)
    assert counters.subtree_totals(city.path)["workers"] == 5
    assert CounterDelta.objects.exists()  # the first writer's, committed after the fold began
    counters.fold()
    assert not CounterDelta.objects.exists()
    assert counters.subtree_totals(city.path)["workers"] == 5
    assert counters.subtree_drift() == []


def test_a_fold_that_fails_midway_leaves_the_deltas_and_the_totals_as_they_were(city, monkeypatch):
    counters.fold()
    WorkerFactory(branch=city.e2)  # pending again, beside folded counters
    pending = CounterDelta.objects.count()
    assert pending and SubtreeCounter.objects.exists()
    folded = {(c.branch_id, c.include_closed): c.values() for c in SubtreeCounter.objects.all()}
    before = counters.subtree_totals(city.city.path)

    def broken(sums):
        SubtreeCounter.objects.all().update(workers=999)  # written, then the fold fails
        raise RuntimeError("the database went away")

    monkeypatch.setattr(counters, "_add_to_subtrees", broken)
    with pytest.raises(RuntimeError):
        counters.fold()
    assert CounterDelta.objects.count() == pending
    assert {(c.branch_id, c.include_closed): c.values() for c in SubtreeCounter.objects.all()} == folded
    assert counters.subtree_totals(city.city.path) == before
