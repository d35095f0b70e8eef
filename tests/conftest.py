"""Shared fixtures: a small district with two enterprises and one user per role, and the demo data.

Tests that need PostgreSQL, Redis or the browser are skipped on a developer's machine without
them, but fail (never skip) when CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from branches.models import Appointment, Branch, Worker
from tests.factories import AppointmentFactory, UserFactory, WorkerFactory, make_branch
from unionhome.models import User

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _need(condition: bool, what: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but is not available", pytrace=False)
    pytest.skip(f"{what} not available")


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres"):
        _need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    if request.node.get_closest_marker("redis"):
        _need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    if request.node.get_closest_marker("replica"):
        _need(bool(os.environ.get("DATABASE_REPLICA_URL")), "the PostgreSQL standby (DATABASE_REPLICA_URL)")


@pytest.fixture(autouse=True)
def _eager_tasks_and_local_cache(request, settings):
    """Celery runs tasks in the test and the cache is per process, unless a test is marked redis.

    CI exports REDIS_URL for the whole run; without this a task would wait in the broker for a
    worker that the test never starts, and parallel test processes would share one cache.
    """
    if request.node.get_closest_marker("redis"):
        yield
        return
    settings.CACHES = LOCAL_CACHES
    with _eager_tasks():
        yield


# A fast hasher: the default one costs ~0.3 s per user, which the suite does not need to test.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOCAL_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@contextmanager
def _eager_tasks() -> Iterator[None]:
    from unionhome.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = FAST_HASHERS
    # Login throttling is tested on its own (tests/test_accounts.py); elsewhere tests log in freely.
    settings.AXES_ENABLED = False
    # Every test starts and ends in the site's language: a request that switched it (setlang, an
    # Accept-Language header) leaves it active in this thread, and the next test would write its
    # data in English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    _need(bool(path), "Chromium")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@dataclass
class World:
    """Two enterprises under one district, a sibling pair of branches, and a user per role."""

    district: Branch
    ent_a: Branch
    ent_b: Branch
    branch_a1: Branch
    branch_a2: Branch
    group_a1: Branch
    branch_b1: Branch
    worker_a1: Worker
    worker_a2: Worker
    worker_b1: Worker
    users: dict[str, User]

    def user(self, role: str) -> User | None:
        return self.users.get(role)


def build_world() -> World:
    district = make_branch(None, "D", "district", "测试区总工会")
    ent_a = make_branch(district, "A", "enterprise", "甲企业工会")
    ent_b = make_branch(district, "B", "enterprise", "乙企业工会")
    branch_a1 = make_branch(ent_a, "A1", "branch", "甲一分会")
    branch_a2 = make_branch(ent_a, "A2", "branch", "甲二分会")
    group_a1 = make_branch(branch_a1, "A1G", "group", "甲一小组")
    branch_b1 = make_branch(ent_b, "B1", "branch", "乙一分会")
    worker_a1 = WorkerFactory(branch=branch_a1, name="张三")
    worker_a2 = WorkerFactory(branch=branch_a2, name="李四")
    worker_b1 = WorkerFactory(branch=branch_b1, name="王五")
    users = {
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "district": AppointmentFactory(
            branch=district, role=Appointment.Role.DISTRICT_REVIEWER, user__username="district"
        ).user,
        "officer": AppointmentFactory(
            branch=ent_a, role=Appointment.Role.UNION_OFFICER, user__username="officer"
        ).user,
        "officer_b": AppointmentFactory(
            branch=ent_b, role=Appointment.Role.UNION_OFFICER, user__username="officer_b"
        ).user,
        "branch": AppointmentFactory(
            branch=branch_a1, role=Appointment.Role.BRANCH_OFFICER, user__username="branch"
        ).user,
        "worker": UserFactory(username="worker", worker=worker_a1),
    }
    return World(
        district,
        ent_a,
        ent_b,
        branch_a1,
        branch_a2,
        group_a1,
        branch_b1,
        worker_a1,
        worker_a2,
        worker_b1,
        users,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(client):
    """A logged-in test client for a user (None = anonymous)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@dataclass
class DemoSnapshot:
    """The rows ``seed_demo`` adds to a freshly migrated database, table by table, and its files."""

    tables: dict[str, tuple[list[str], list[tuple]]]
    media: Path


def _table_rows(cursor, table: str) -> tuple[list[str], list[tuple]]:
    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
    return [column[0] for column in cursor.description], cursor.fetchall()


def _insert_rows(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    per_statement = max(1, (connection.features.max_query_params or 10_000) // len(columns))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        cursor.execute(head + ", ".join([row_marks] * len(chunk)), [value for row in chunk for value in row])


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoSnapshot:
    """Runs ``seed_demo`` once per test process, keeps the rows it added and rolls them back.

    The test database stays as migrated: only tests that ask for ``demo_data`` see the demo.
    """
    media = tmp_path_factory.mktemp("demo-media")
    hold = override_settings(
        MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS, CACHES=LOCAL_CACHES, AXES_ENABLED=False
    )
    language = translation.override(django_settings.LANGUAGE_CODE)  # the demo is seeded in Chinese
    with django_db_blocker.unblock(), hold, language, _eager_tasks(), transaction.atomic():
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            before = {table: set(_table_rows(cursor, table)[1]) for table in tables}
        call_command("seed_demo", verbosity=0)
        added = {}
        with connection.cursor() as cursor:
            for table in tables:
                columns, rows = _table_rows(cursor, table)
                rows = [row for row in rows if row not in before[table]] if before[table] else rows
                if rows:
                    added[table] = (columns, rows)
        transaction.set_rollback(True)
    return DemoSnapshot(added, media)


@pytest.fixture
def demo_data(db, demo_snapshot, settings) -> None:
    """The demo data of ``seed_demo``, copied into this test's transaction (rolled back after it)."""
    models = [
        m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in demo_snapshot.tables
    ]
    # One transaction, so that foreign keys are checked at its end (the tables are copied in no
    # particular order); inside a test's own transaction this is a savepoint.
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in demo_snapshot.tables.items():
            _insert_rows(cursor, table, columns, rows)
        # As loaddata does: id sequences past the copied ids (PostgreSQL; SQLite keeps them itself).
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        # The copied rows are rolled back after each test, but their pages stay until a vacuum and
        # autovacuum finds the tables empty: planned on those statistics, a join of the demo's
        # rows can loop over every dead page of every earlier test's copy (minutes). ANALYZE in
        # this transaction counts the rows as the test sees them (PostgreSQL).
        if connection.vendor == "postgresql":
            quote = connection.ops.quote_name
            cursor.execute("ANALYZE " + ", ".join(quote(table) for table in demo_snapshot.tables))
    if any(demo_snapshot.media.iterdir()):
        shutil.copytree(demo_snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
