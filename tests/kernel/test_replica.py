"""Reports and exports read from the streaming standby; writes never go there (docs/SCALING.md)."""

from __future__ import annotations

import io
import os
import time

import openpyxl
import pytest
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Worker
from tests.conftest import build_world
from unionhome import replica

# Without a standby the class below is skipped (failed in CI) by tests/conftest.py before it runs.
_DATABASES = (
    [DEFAULT_DB_ALIAS, replica.REPLICA] if os.environ.get("DATABASE_REPLICA_URL") else [DEFAULT_DB_ALIAS]
)
REPLICA_DB = pytest.mark.django_db(transaction=True, databases=_DATABASES)


def _replayed(model, **lookup) -> None:
    """Wait until the standby has replayed the rows the primary committed."""
    deadline = time.monotonic() + 20
    while not model.objects.using(replica.REPLICA).filter(**lookup).exists():
        assert time.monotonic() < deadline, "the standby did not replay the primary's commit in 20 s"
        time.sleep(0.1)


def _worker_reads(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "DECLARE"))
        and 'FROM "branches_worker"' in q["sql"]
    ]


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_REPLICA_URL")), reason="checks the set-up without a replica"
)
def test_without_a_replica_reports_read_the_primary(db):
    assert replica.reports_alias() == DEFAULT_DB_ALIAS
    assert replica.for_reports(Worker.objects.all()).db == DEFAULT_DB_ALIAS
    assert router.db_for_write(Worker) == DEFAULT_DB_ALIAS


@pytest.mark.postgres
@pytest.mark.replica
@REPLICA_DB
class TestStreamingStandby:
    def test_the_replica_is_a_standby_that_refuses_writes(self):
        with connections[replica.REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            assert cursor.fetchone()[0] is True
            with pytest.raises(DatabaseError):
                cursor.execute("CREATE TABLE replica_probe (id int)")
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            assert cursor.fetchone()[0] is False

    def test_the_roster_export_reads_its_rows_from_the_replica(self, client):
        world = build_world()
        _replayed(Worker, pk=world.worker_b1.pk)
        client.force_login(world.users["officer"])
        with (
            CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
            CaptureQueriesContext(connections[replica.REPLICA]) as standby,
        ):
            response = client.get(reverse("branches:roster_export"))
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        names = {row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
        assert names == {"张三", "李四"}  # the officer's enterprise, in scope, from the standby
        assert _worker_reads(standby.captured_queries), "the export did not read the standby"
        assert not _worker_reads(primary.captured_queries), "the export read the roster from the primary"

    def test_a_row_read_from_the_replica_is_saved_to_the_primary(self):
        world = build_world()
        _replayed(Worker, pk=world.worker_a1.pk)
        worker = replica.for_reports(Worker.objects.all()).get(pk=world.worker_a1.pk)
        assert worker._state.db == replica.REPLICA
        worker.name = "张三丰"
        worker.save(update_fields=["name"])
        assert Worker.objects.using(DEFAULT_DB_ALIAS).get(pk=worker.pk).name == "张三丰"
        _replayed(Worker, pk=worker.pk, name="张三丰")  # and the standby follows
