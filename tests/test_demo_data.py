"""The ``demo_data`` fixture: a copy of what ``seed_demo`` makes, seen only by the tests that ask for it."""

from django.core.management import call_command
from django.db import connection

from branches.models import Branch, Worker
from unionhome.models import User


def _row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_copy_is_the_whole_demo_so_seeding_again_changes_no_table(demo_data):
    counts = _row_counts()
    assert counts["branches_worker"] > 2900 and counts["unionhome_auditevent"] > 0
    call_command("seed_demo", verbosity=0)
    assert _row_counts() == counts
    worker = User.objects.get(username="worker")
    assert worker.check_password("unionhome-demo") and worker.worker.branch.code == "E01-B01"


def test_a_test_without_the_demo_sees_the_empty_database(db, demo_snapshot):
    assert "branches_worker" in demo_snapshot.tables  # this process has seeded and kept the demo
    assert not Worker.objects.exists() and not Branch.objects.exists() and not User.objects.exists()
