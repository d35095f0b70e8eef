"""Two imports into the same unit at the same time do not interleave (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from branches import roster_io, services
from branches.exceptions import RosterError
from branches.models import RosterJob, Worker
from tests.branches.roster_files import row, xlsx
from tests.conftest import build_world

pytestmark = [
    pytest.mark.usefixtures("chinese"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


def in_threads(*targets):
    barrier = threading.Barrier(len(targets))
    outcomes = [None] * len(targets)

    def wrap(i, fn):
        try:
            barrier.wait()
            outcomes[i] = ("ok", fn())
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, fn)) for i, fn in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_simultaneous_imports_of_one_file_create_each_worker_once():
    world = build_world()
    data = xlsx([row(n) for n in range(1, 41)])

    def run():
        sheet = roster_io.open_roster(data)
        return services.roster_import(actor=world.users["officer"], unit=world.ent_a, rows=sheet.rows())

    outcomes = in_threads(run, run)
    assert [o[0] for o in outcomes] == ["ok", "ok"]
    assert sorted((o[1].created, o[1].unchanged) for o in outcomes) == [(0, 40), (40, 0)]
    assert Worker.objects.filter(name__startswith="新职工").count() == 40


def test_two_simultaneous_confirms_into_one_unit_start_exactly_one_import():
    world = build_world()
    officer = world.users["officer"]
    jobs = [
        RosterJob.objects.create(kind="import", unit=world.ent_a, created_by=officer, status="ready")
        for _ in range(2)
    ]

    def confirm(job):
        return lambda: services.roster_job_confirm(actor=officer, job=job, mark_missing_as_left=False)

    outcomes = in_threads(confirm(jobs[0]), confirm(jobs[1]))
    assert sorted(o[0] for o in outcomes) == ["error", "ok"]
    loser = next(o[1] for o in outcomes if o[0] == "error")
    assert isinstance(loser, RosterError) and loser.code == "busy"
    assert sorted(RosterJob.objects.values_list("status", flat=True)) == ["queued", "ready"]
