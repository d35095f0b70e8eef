"""The roster and picker searches use the index of each kind of term; on PostgreSQL the plans show it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import selectors
from branches.models import Worker
from tests.factories import WorkerFactory


def _names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_a_whole_id_number_is_an_equality_and_a_part_of_one_finds_nothing(world):
    workers = Worker.objects.all()
    assert _names(selectors.search_workers(workers, world.worker_a1.id_number)) == {"张三"}
    assert _names(selectors.search_workers(workers, world.worker_a1.id_number.lower())) == {"张三"}
    assert _names(selectors.search_workers(workers, world.worker_a1.id_number[:12])) == set()
    query = str(selectors.search_workers(workers, world.worker_a1.id_number).query)
    assert "LIKE" not in query.upper() and "id_number" in query


def test_digits_are_a_card_or_phone_number_and_words_a_name(world):
    WorkerFactory(
        branch=world.branch_a1, name="赵六", phone="13800138000", card_number="88001", card_issued=True
    )
    workers = Worker.objects.all()
    assert _names(selectors.search_workers(workers, "13800138000")) == {"赵六"}
    assert _names(selectors.search_workers(workers, "８８００１")) == {"赵六"}  # full-width digits
    assert _names(selectors.search_workers(workers, "1380013")) == set()  # no part of a number
    assert _names(selectors.search_workers(workers, "赵")) == {"赵六"}
    assert _names(selectors.search_workers(workers, "13800138000", numbers=False)) == set()


def test_the_roster_page_searches_the_same_way(world, client_for):
    client = client_for(world.users["officer"])
    names = lambda q: [w.name for w in client.get(reverse("branches:roster"), {"q": q}).context["page"]]  # noqa: E731
    assert names(world.worker_a2.id_number) == ["李四"]
    assert names(world.worker_a2.id_number[:10]) == []
    assert names("李") == ["李四"]


def _plan(qs) -> str:
    with connection.cursor() as cursor:
        # what the planner can use, not what it prefers on a tiny table: only scans by an index
        # condition are left (a bitmap scan needs one), so a predicate no index serves shows
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
    return qs.explain()


@pytest.mark.postgres
def test_postgresql_serves_a_name_search_by_the_trigram_index(world):
    WorkerFactory.create_batch(20, branch=world.branch_a1)
    plan = _plan(selectors.search_workers(Worker.objects.all(), "张三丰"))
    assert "worker_name_trgm" in plan


@pytest.mark.postgres
def test_postgresql_serves_an_id_search_and_a_number_search_by_unique_indexes(world):
    plan = _plan(selectors.search_workers(Worker.objects.all(), world.worker_a1.id_number))
    assert "id_number" in plan and "Index" in plan and "trgm" not in plan
    plan = _plan(selectors.search_workers(Worker.objects.all(), "13800138000"))
    assert "worker_phone" in plan


@pytest.mark.postgres
def test_postgresql_reads_a_roster_page_by_an_index_without_counting_the_roster(world, client_for):
    WorkerFactory.create_batch(60, branch=world.branch_a1)
    client = client_for(world.users["officer"])
    next_url = client.get(reverse("branches:roster")).context["page"].next_url
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("branches:roster") + next_url)
    roster = [q["sql"] for q in ctx.captured_queries if 'FROM "branches_worker"' in q["sql"]]
    assert not any("COUNT(" in sql.upper() and "LIMIT" not in sql.upper() for sql in roster)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + next(sql for sql in roster if "ORDER BY" in sql))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on branches_worker" not in plan and "worker_branch_name_id" in plan


@pytest.mark.postgres
def test_the_trigram_extension_and_index_exist_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'worker_name_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition.lower()
