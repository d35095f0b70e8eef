"""``unionhome.bulkcopy.Staging`` on PostgreSQL: rows staged without their primary key are
numbered by the table's own sequence on insert, as ``bulk_create`` numbers them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from branches.models import Worker
from tests.factories import id_number
from unionhome import bulkcopy

pytestmark = pytest.mark.postgres


def test_rows_staged_without_their_key_get_the_sequence_s_numbers(world):
    before = set(Worker.objects.values_list("pk", flat=True))
    rows = [
        Worker(
            name=f"批量{i}",
            gender="M",
            id_number=id_number(400 + i, born=dt.date(1971, 3, 3)),
            branch=world.branch_a1,
        )
        for i in range(3)
    ]
    with transaction.atomic():
        staging = bulkcopy.Staging(Worker, with_pk=False)
        staging.copy(rows)
        assert staging.insert() == 3
        staging.drop()
    added = list(Worker.objects.exclude(pk__in=before).order_by("pk"))
    assert [w.name for w in added] == ["批量0", "批量1", "批量2"]
    assert all(w.pk > max(before) for w in added)
    later = Worker.objects.create(
        name="之后", gender="F", id_number=id_number(410, "F", dt.date(1971, 3, 3)), branch=world.branch_a1
    )
    assert later.pk > added[-1].pk  # the sequence moved past the copied rows


def _writer_threads() -> list:
    import threading

    return [t for t in threading.enumerate() if t.name == "bulkcopy-writer"]


def test_the_writer_runs_its_statements_in_order_inside_the_caller_s_transaction(world):
    """Statements and COPYs sent to the writer, and the caller's own queries between them, see one
    another in the order they were made, in the caller's transaction: rolled back with it."""
    before = Worker.objects.count()
    with transaction.atomic():
        staging = bulkcopy.Staging(Worker, ["name", "gender", "id_number", "branch"], new_pks=True)
        writer = bulkcopy.Writer()
        staging.copy_rows(
            [
                (f"线程{i}", "M", id_number(500 + i, born=dt.date(1972, 4, 4)), world.branch_a1.pk)
                for i in range(5)
            ],
            ["name", "gender", "id_number", "branch"],
            writer=writer,
        )
        writer.execute(*staging.insert_sql())
        count = writer.query("SELECT count(*) FROM branches_worker WHERE name LIKE %s", ["线程%"])
        assert Worker.objects.filter(name__startswith="线程").count() == 5  # waits for the writer's lock
        assert count() == [(5,)]
        writer.finish()
        assert not _writer_threads()
        transaction.set_rollback(True)
    assert Worker.objects.count() == before


def test_a_failed_statement_of_the_writer_is_raised_in_the_caller_as_django_s_error(world):
    from django.db import IntegrityError

    taken = Worker.objects.first().id_number
    with transaction.atomic():
        writer = bulkcopy.Writer()
        writer.execute(
            "INSERT INTO branches_worker (name, gender, id_number, branch_id, phone, employment_type, "
            "status, is_member, card_number, card_issued, created_at, updated_at, version) "
            "SELECT name, gender, %s, branch_id, phone, employment_type, status, is_member, '', false, "
            "now(), now(), 1 FROM branches_worker LIMIT 1",
            [taken],
        )
        later = writer.query("SELECT 1")
        writer.close()  # stops without raising
        assert not _writer_threads()
        with pytest.raises(IntegrityError):
            later()  # a query sent after the failure is not run: it raises the failure
        with pytest.raises(IntegrityError):
            writer.finish()
        transaction.set_rollback(True)
