"""Per-unit counters: every write of the roster keeps them equal to a recount, roll-ups read them,
and ``reconcile_counters`` reports and fixes drift."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from branches import counters, roster_io, selectors, services
from branches.models import UnitCounter, Worker
from tests.branches.roster_files import row, xlsx
from tests.factories import WorkerFactory, id_number

pytestmark = pytest.mark.django_db


def assert_counters_equal_the_roster():
    assert counters.drift() == []
    assert counters.subtree_drift() == []  # and every subtree's, folded or pending


def test_the_world_starts_counted(world):
    assert_counters_equal_the_roster()
    assert UnitCounter.objects.get(branch=world.branch_a1).values() == {
        "workers": 1,
        "members": 1,
        "cards": 0,
        "women": 0,
        "regular": 1,
        "dispatched": 0,
        "migrant": 0,
    }


def test_create_update_and_leave_keep_the_counters(world):
    officer = world.users["officer"]
    worker = services.worker_create(
        actor=officer,
        branch=world.branch_a2,
        name="赵六",
        gender="F",
        id_number="11010519491231002X",
        employment_type="migrant",
        is_member=False,
    )
    assert UnitCounter.objects.get(branch=world.branch_a2).values()["women"] == 1
    assert UnitCounter.objects.get(branch=world.branch_a2).values()["migrant"] == 1
    assert_counters_equal_the_roster()
    services.worker_update(
        actor=officer, worker=worker, branch=world.branch_a1, is_member=True, member_since=dt.date(2024, 1, 1)
    )
    assert UnitCounter.objects.get(branch=world.branch_a1).members == 2
    assert UnitCounter.objects.get(branch=world.branch_a2).workers == 1
    assert_counters_equal_the_roster()
    services.worker_leave(actor=officer, worker=worker)
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 1
    assert_counters_equal_the_roster()


def test_a_refused_write_changes_no_counter(world):
    before = list(UnitCounter.objects.order_by("pk").values())
    with pytest.raises(Exception):  # noqa: B017, PT011 - the duplicate ID number is refused
        services.worker_create(
            actor=world.users["officer"],
            branch=world.branch_a2,
            name="重复",
            gender="M",
            id_number=world.worker_a1.id_number,
        )
    assert list(UnitCounter.objects.order_by("pk").values()) == before


def test_a_transfer_moves_the_count_to_the_receiving_unit(world):
    transfer = services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a1, to_unit=world.ent_b, reason="工作调动"
    )
    services.transfer_apply(
        actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_b1
    )
    assert UnitCounter.objects.get(branch=world.branch_b1).workers == 2
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 0
    assert_counters_equal_the_roster()


def test_the_bulk_import_keeps_the_counters(world):
    officer = world.users["officer"]
    rows = [row(n) for n in range(1, 6)] + [
        row(6, 组织编码="A2", 性别="女", 用工性质="派遣", 身份证号=id_number(6, "F", dt.date(1985, 5, 5)))
    ]
    services.roster_import(actor=officer, unit=world.ent_a, rows=roster_io.open_roster(xlsx(rows)).rows())
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 6
    assert UnitCounter.objects.get(branch=world.branch_a2).dispatched == 1
    assert_counters_equal_the_roster()
    # the same file again, marking everyone missing from it as left (a bulk update)
    services.roster_import(
        actor=officer,
        unit=world.ent_a,
        rows=roster_io.open_roster(xlsx(rows[:2])).rows(),
        mark_missing_as_left=True,
    )
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 2
    assert UnitCounter.objects.get(branch=world.branch_a2).workers == 0
    assert_counters_equal_the_roster()


def test_a_refused_import_changes_no_counter(world):
    before = list(UnitCounter.objects.order_by("pk").values())
    with pytest.raises(Exception):  # noqa: B017, PT011 - a row with an unknown unit code
        services.roster_import(
            actor=world.users["officer"],
            unit=world.ent_a,
            rows=roster_io.open_roster(xlsx([row(1), row(2, 组织编码="NOPE")])).rows(),
        )
    assert list(UnitCounter.objects.order_by("pk").values()) == before


def test_deleting_a_roster_row_counts_it_out(world):
    extra = WorkerFactory(branch=world.branch_b1)
    assert UnitCounter.objects.get(branch=world.branch_b1).workers == 2
    extra.delete()
    assert UnitCounter.objects.get(branch=world.branch_b1).workers == 1


def test_subtree_totals_add_counters_along_the_path_without_reading_the_roster(world):
    WorkerFactory.create_batch(3, branch=world.group_a1, gender="F")
    with CaptureQueriesContext(connection) as queries:
        totals = counters.subtree_totals(world.ent_a.path)
        children = counters.child_totals(world.district)
    assert len(queries.captured_queries) == 2
    assert not any('"branches_worker"' in q["sql"] for q in queries.captured_queries)
    assert (totals["workers"], totals["women"]) == (5, 3)
    assert children == {
        world.ent_a.path: counters.subtree_totals(world.ent_a.path),
        world.ent_b.path: counters.subtree_totals(world.ent_b.path),
    }
    assert selectors.stats_of(world.users["district"], world.ent_a).total.workers == 5


def _reconcile(*args) -> str:
    out = io.StringIO()
    call_command("reconcile_counters", *args, stdout=out)
    return out.getvalue()


def test_reconcile_reports_a_planted_drift_and_fixes_it_only_when_asked(world):
    assert "No drift" in _reconcile()
    UnitCounter.objects.filter(branch=world.branch_a1).update(workers=40, women=7)
    with connection.cursor() as cursor:  # behind the model's back: raw SQL
        cursor.execute(f"UPDATE {Worker._meta.db_table} SET gender = 'F' WHERE id = %s", [world.worker_b1.pk])
    report = _reconcile()
    assert "A1: workers 40 → 1, women 7 → 0" in report and "B1: women 0 → 1" in report
    assert "2 units drifted" in report
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 40  # reported, not fixed
    fixed = _reconcile("--fix")
    assert "corrected" in fixed
    assert_counters_equal_the_roster()
    assert "No drift" in _reconcile()


def test_a_queryset_update_of_counted_fields_recounts_the_units_it_touched(world):
    Worker.objects.filter(branch=world.branch_a1).update(card_issued=True, card_number="A1-0001")
    assert UnitCounter.objects.get(branch=world.branch_a1).cards == 1
    Worker.objects.filter(pk=world.worker_a1.pk).update(branch=world.branch_a2)
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 0
    assert UnitCounter.objects.get(branch=world.branch_a2).workers >= 1
    assert_counters_equal_the_roster()
    Worker.objects.filter(pk=world.worker_a1.pk).update(status=Worker.Status.LEFT)
    assert_counters_equal_the_roster()


def test_a_queryset_update_moving_rows_by_expression_recounts_both_units(world):
    Worker.objects.filter(pk=world.worker_a1.pk).update(branch_id=Value(world.branch_a2.pk))
    assert UnitCounter.objects.get(branch=world.branch_a1).workers == 0
    assert_counters_equal_the_roster()


def test_a_queryset_update_of_other_fields_touches_no_counter(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        Worker.objects.filter(branch=world.branch_a1).update(phone="13800000000")
    assert_counters_equal_the_roster()
