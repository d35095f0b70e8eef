"""The roster import's PostgreSQL path (COPY into staging tables, one merge) writes exactly what the
batch path writes, and nothing at all when the merge fails."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import transaction

from branches import roster_io, services
from branches.exceptions import RosterError, RosterImportRefused
from branches.models import Worker
from branches.services import imports
from tests.branches.roster_files import real_name_row, row, xlsx, xlsx_real_name
from tests.factories import WorkerFactory, id_number
from unionhome import bulkaudit, bulkcopy
from unionhome.models import AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("chinese")]

WORKER_COLUMNS = [
    f.attname for f in Worker._meta.concrete_fields if f.attname not in ("id", "created_at", "updated_at")
]
EVENT_COLUMNS = ["actor_id", "actor_name", "actor_username", "action", "object_type", "object_repr", "branch_path",
                 "before", "after"]  # fmt: skip


def _file(world) -> bytes:
    """Twelve hundred rows (two chunks): new workers, two changed ones, one unchanged."""
    WorkerFactory(branch=world.branch_a1, name="旧甲", id_number=id_number(7001, "M", dt.date(1980, 1, 1)))
    WorkerFactory(branch=world.branch_a2, name="旧乙", id_number=id_number(7002, "F", dt.date(1981, 1, 1)))
    rows = [
        row(
            n,
            组织编码="A1G" if n % 3 else "A1",
            身份证号=id_number(n % 400, "M", dt.date(1985, 5, 5 + n // 400)),
        )
        for n in range(1, 1200)
    ]
    rows.append(row(9001, 姓名="旧甲(改)", 身份证号=id_number(7001, "M", dt.date(1980, 1, 1)), 会员证号="",
                    是否发证="否"))  # fmt: skip
    rows.append(row(9002, 姓名="旧乙", 性别="女", 身份证号=id_number(7002, "F", dt.date(1981, 1, 1)),
                    组织编码="A2", 手机号="13900139000", 会员证号="", 是否发证="否"))  # fmt: skip
    return xlsx(rows)


def _outcome(world, data: bytes, *, copy: bool, monkeypatch):
    """Import the file with one path, read what it wrote, and roll it back."""
    monkeypatch.setattr(imports, "USE_COPY", copy)
    first_event = (AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic():
        plan = services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(data).rows()
        )
        workers = sorted(Worker.objects.values_list(*WORKER_COLUMNS))
        events = list(
            AuditEvent.objects.filter(pk__gte=first_event).order_by("pk").values_list(*EVENT_COLUMNS)
        )
        # each worker event names the worker it wrote, by id
        names = dict(Worker.objects.values_list("pk", "name"))
        linked = sum(
            1
            for object_id, after in AuditEvent.objects.filter(
                pk__gte=first_event, action__startswith="worker.import"
            ).values_list("object_id", "after")
            if names.get(int(object_id)) == after.get("name")
        )
        transaction.set_rollback(True)
    counters = (plan.total, plan.created, plan.updated, plan.unchanged, plan.missing_active, plan.problems)
    return workers, events, counters, linked


def test_the_copy_path_writes_the_rows_events_and_counters_of_the_batch_path(world, monkeypatch):
    data = _file(world)
    batch = _outcome(world, data, copy=False, monkeypatch=monkeypatch)
    copied = _outcome(world, data, copy=True, monkeypatch=monkeypatch)
    assert batch[2] == copied[2] == (1201, 1199, 2, 0, 2, [])  # 张三 and 李四 are not in the file
    assert copied[0] == batch[0]
    assert copied[1] == batch[1] and len(copied[1]) == 1199 + 2 + 1  # a row each, and the import's own
    assert copied[3] == batch[3] == 1201  # every worker event names the worker it wrote


def test_the_copy_path_keeps_the_real_name_columns(world, monkeypatch):
    data = xlsx_real_name([real_name_row(n) for n in range(1, 30)])
    batch = _outcome(world, data, copy=False, monkeypatch=monkeypatch)
    copied = _outcome(world, data, copy=True, monkeypatch=monkeypatch)
    assert copied[:3] == batch[:3]


def test_each_audit_event_of_the_copy_path_names_the_worker_it_wrote(world, monkeypatch):
    monkeypatch.setattr(imports, "USE_COPY", True)
    services.roster_import(
        actor=world.users["officer"],
        unit=world.ent_a,
        rows=roster_io.open_roster(xlsx([row(1), row(2)])).rows(),
    )
    for worker in Worker.objects.filter(name__startswith="新职工"):
        event = AuditEvent.objects.get(action="worker.import_create", object_id=str(worker.pk))
        assert event.object_repr == "新职工" + worker.name[-1] and event.branch_path == worker.branch.path
    # the sequence moved past the reserved ids: the next worker gets a fresh one
    assert WorkerFactory(branch=world.branch_a1).pk > max(Worker.objects.values_list("pk", flat=True)[:3])


FAIL_AFTER = "; DO $$ BEGIN RAISE unique_violation USING MESSAGE = 'simulated failure of a merge'; END $$"


def _failing_merge(monkeypatch, *, on_merge: int):
    """The audit events' statement of the ``on_merge``-th merge inserts its events, then fails in
    the database (a unique violation, as a concurrent write would raise)."""
    build, made = bulkaudit.insert_events_sql, []

    def insert_then_fail(*selects):
        sql, params = build(*selects)
        made.append(sql)
        return (sql + FAIL_AFTER if len(made) == on_merge else sql), params

    monkeypatch.setattr(bulkaudit, "insert_events_sql", insert_then_fail)


def _writers() -> list:
    return [t for t in threading.enumerate() if t.name == "bulkcopy-writer"]


def test_a_failure_in_the_middle_of_the_merge_leaves_nothing(world, monkeypatch):
    monkeypatch.setattr(imports, "USE_COPY", True)
    _failing_merge(monkeypatch, on_merge=1)
    data = _file(world)
    workers = sorted(Worker.objects.values_list("pk", *WORKER_COLUMNS, "updated_at"))
    events = AuditEvent.objects.count()
    with pytest.raises(RosterError):
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(data).rows()
        )
    assert (
        sorted(Worker.objects.values_list("pk", *WORKER_COLUMNS, "updated_at")) == workers
    )  # 旧甲 unchanged too
    assert AuditEvent.objects.count() == events
    assert not _writers()


def test_a_merge_that_fails_while_later_rows_are_checked_leaves_nothing(world, monkeypatch):
    """Parts of 100 rows merged as the file is read: the second merge fails while the writer's
    caller is checking later chunks; the import stops with the merge's error, nothing stays and the
    writer thread has ended."""
    monkeypatch.setattr(imports, "USE_COPY", True)
    monkeypatch.setattr(imports, "IMPORT_CHUNK", 50)
    monkeypatch.setattr(imports, "MERGE_ROWS", 100)
    _failing_merge(monkeypatch, on_merge=2)
    data = _file(world)
    workers = sorted(Worker.objects.values_list("pk", *WORKER_COLUMNS, "updated_at"))
    events = AuditEvent.objects.count()
    with pytest.raises(RosterError) as raised:
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(data).rows()
        )
    assert raised.value.code == "conflict"
    assert sorted(Worker.objects.values_list("pk", *WORKER_COLUMNS, "updated_at")) == workers
    assert AuditEvent.objects.count() == events
    assert not _writers()


def test_parts_merged_as_the_file_is_read_write_what_one_merge_writes(world, monkeypatch):
    monkeypatch.setattr(imports, "IMPORT_CHUNK", 40)
    data = _file(world)
    monkeypatch.setattr(imports, "MERGE_ROWS", 10**9)  # one merge at the end
    once = _outcome(world, data, copy=True, monkeypatch=monkeypatch)
    monkeypatch.setattr(imports, "MERGE_ROWS", 100)
    parts = _outcome(world, data, copy=True, monkeypatch=monkeypatch)
    assert parts[2] == once[2] and parts[2][:2] == (1201, 1199)
    assert parts[0] == once[0] and parts[1] == once[1] and parts[3] == once[3]
    assert not _writers()


def test_a_refused_file_leaves_nothing_on_the_copy_path(world, monkeypatch):
    monkeypatch.setattr(imports, "USE_COPY", True)
    before = (Worker.objects.count(), AuditEvent.objects.count())
    rows = [row(n) for n in range(1, 1000)] + [row(2000, 身份证号="110101199001011234")]  # a bad ID, chunk 2
    with pytest.raises(RosterImportRefused):
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(xlsx(rows)).rows()
        )
    assert (Worker.objects.count(), AuditEvent.objects.count()) == before
    assert not _writers()  # the first chunk's merge was sent; the writer ended before the rollback


def test_events_of_new_and_changed_workers_keep_the_batch_path_s_order_across_chunks(world, monkeypatch):
    """Chunks of four rows mixing changed and new workers: the events built by the database and
    those built in Python are written in the order the rows were checked, as the batch path does."""
    monkeypatch.setattr(imports, "IMPORT_CHUNK", 4)
    old = [
        WorkerFactory(
            branch=world.branch_a1, name=f"旧{n}", id_number=id_number(7100 + n, "M", dt.date(1980, 1, 1))
        )
        for n in range(3)
    ]
    rows = []
    for n in range(10):
        if n in (1, 5, 9):
            worker = old[(n - 1) // 4]
            rows.append(
                row(n, 姓名=worker.name + "改", 身份证号=worker.id_number, 会员证号="", 是否发证="否")
            )
        else:
            rows.append(row(n, 身份证号=id_number(n, "F", dt.date(1986, 6, 6)), 性别="女"))
    data = xlsx(rows)
    batch = _outcome(world, data, copy=False, monkeypatch=monkeypatch)
    copied = _outcome(world, data, copy=True, monkeypatch=monkeypatch)
    assert copied[2] == batch[2] and batch[2][:3] == (10, 7, 3)
    assert copied[0] == batch[0]
    actions = [event[3] for event in copied[1]]
    # each chunk: its new workers, then its changed one
    assert actions[:8] == ["worker.import_create"] * 3 + ["worker.import_update"] + [
        "worker.import_create"
    ] * 3 + ["worker.import_update"]
    assert copied[1] == batch[1]


@pytest.mark.parametrize("copy", [True, False], ids=["writer's probe", "batch path"])
def test_the_card_look_up_of_a_chunk_can_use_the_card_numbers_index(world, monkeypatch, copy):
    """A chunk looks up its card numbers (hundreds of them) through the cards' partial unique
    index, not by scanning the whole roster: the look-up names the index's condition (the
    writer's probe on the COPY path, the ORM query on the batch path)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(imports, "USE_COPY", copy)
    sent = []
    query = bulkcopy.Writer.query

    def recording(writer, statement, params=()):
        sent.append((statement, list(params)))
        return query(writer, statement, params)

    monkeypatch.setattr(bulkcopy.Writer, "query", recording)
    rows = [row(n, 身份证号=id_number(n % 400, "M", dt.date(1985, 5, 5 + n // 400))) for n in range(1, 300)]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(xlsx(rows)).rows()
        )
        transaction.set_rollback(True)
    if copy:
        look_up, params = next((sql, p) for sql, p in sent if sql.startswith('SELECT "card_number"'))
        assert len(params[0]) == 299  # every card number of the chunk, in one array
    else:
        look_up, params = (
            next(
                q["sql"]
                for q in queries
                if q["sql"].startswith('SELECT "branches_worker"."card_number"')
                and '"card_number" IN (' in q["sql"]
            ),
            None,
        )
        assert not sent
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute("SET LOCAL enable_seqscan = off")  # the index whenever the query allows it
        cursor.execute("EXPLAIN " + look_up, params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "worker_card_number_unique" in plan
