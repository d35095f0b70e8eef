"""Many requests at once on PostgreSQL: exactly one outcome, no deadlock.

Real threads, each with its own database connection (closed at the thread's end), released
together by a barrier. Every thread must finish within the timeout: a deadlock or a lock wait
that never ends fails the test instead of hanging it.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django.utils import translation

from branches import roster_io
from branches import services as branch_services
from branches.models import Worker
from democracy import services as democracy_services
from democracy.models import Survey, SurveyAnswer, SurveyParticipation
from hardship import services as hardship_services
from hardship.models import Application, Transition
from tests.branches.roster_files import row, xlsx
from tests.conftest import build_world
from tests.factories import AppointmentFactory
from tests.hardship.factories import application_in, campaign_for
from unionhome.exceptions import Conflict
from unionhome.models import AuditEvent, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60  # seconds for every thread together


def race(*targets) -> list[tuple[str, object]]:
    """Run the callables at the same instant; ("ok", result) or ("error", exception) for each."""
    barrier = threading.Barrier(len(targets), timeout=TIMEOUT)
    outcomes: list = [None] * len(targets)

    def wrap(i, fn):
        try:
            barrier.wait()
            with translation.override("zh-hans"):
                outcomes[i] = ("ok", fn())
        except Exception as exc:  # the outcome is what the test asserts
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(i, fn), daemon=True) for i, fn in enumerate(targets)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + TIMEOUT
    for t in threads:
        t.join(max(deadline - time.monotonic(), 0))
    assert not any(t.is_alive() for t in threads), "threads still waiting: a deadlock or an endless lock wait"
    return outcomes


def test_fifty_union_officers_approving_one_application_at_once_give_exactly_one_transition():
    world = build_world()
    application = application_in(campaign_for(world.district), world.worker_a1, "submitted")
    officers = [
        AppointmentFactory(branch=world.ent_a, role="union_officer", user__username=f"officer{n:02d}").user
        for n in range(50)
    ]

    def approver(officer_id):
        def approve():
            officer = User.objects.get(pk=officer_id)
            return hardship_services.transition(
                actor=officer, application=application, action="approve"
            ).state

        return approve

    started = time.monotonic()
    outcomes = race(*[approver(o.pk) for o in officers])
    assert time.monotonic() - started < TIMEOUT
    wins = [o for o in outcomes if o[0] == "ok"]
    losses = [o[1] for o in outcomes if o[0] == "error"]
    assert wins == [("ok", "approved")]
    assert len(losses) == 49
    assert all(isinstance(exc, Conflict) for exc in losses), {type(e).__name__ for e in losses}
    assert all("无法“审核通过”（可能有人刚刚已处理）" in str(exc) for exc in losses)  # the loser is told why
    assert Transition.objects.filter(application=application).count() == 1
    assert Application.objects.get(pk=application.pk).state == "approved"
    assert (
        AuditEvent.objects.filter(
            action="hardship.application.approve", object_id=str(application.pk)
        ).count()
        == 1
    )


def test_one_worker_answering_a_survey_from_ten_tabs_at_once_stores_exactly_one_answer():
    world = build_world()
    survey = Survey.objects.create(enterprise=world.ent_a, year=2026, title="职代会工作满意度测评")

    def answer():
        worker = User.objects.select_related("worker__branch").get(username="worker")
        return democracy_services.survey_answer(
            actor=worker, survey=survey, knows=True, satisfaction="satisfied"
        )

    outcomes = race(*[answer] * 10)
    assert [o[0] for o in outcomes].count("ok") == 1
    losses = [o[1] for o in outcomes if o[0] == "error"]
    assert len(losses) == 9 and all(isinstance(exc, Conflict) for exc in losses)
    assert all(str(exc) == "您已经回答过本次测评。" for exc in losses)
    assert SurveyAnswer.objects.filter(survey=survey).count() == 1
    assert SurveyParticipation.objects.filter(survey=survey).count() == 1


def test_two_overlapping_imports_into_one_unit_are_serialised_to_one_consistent_roster():
    world = build_world()
    officer_id = world.users["officer"].pk
    first = xlsx([row(n) for n in range(1, 31)])  # workers 1–30
    second = xlsx([row(n, 手机号="13900139000") for n in range(21, 51)])  # 21–50, 21–30 with a new phone

    def importer(data):
        def run():
            officer = User.objects.get(pk=officer_id)
            sheet = roster_io.open_roster(data)
            plan = branch_services.roster_import(actor=officer, unit=world.ent_a, rows=sheet.rows())
            return (plan.created, plan.updated, plan.unchanged)

        return run

    outcomes = race(importer(first), importer(second))
    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    # whichever ran second saw everything the first had committed: it created 20 and updated 10
    assert sorted(o[1] for o in outcomes) == [(20, 10, 0), (30, 0, 0)]
    second_was_first_file = outcomes[0][1] == (20, 10, 0)
    imported = Worker.objects.filter(name__startswith="新职工")
    assert imported.count() == 50
    assert imported.values("id_number").distinct().count() == 50
    phones = dict(imported.values_list("name", "phone"))
    assert all(phones[f"新职工{n}"] == "13800138000" for n in range(1, 21))
    assert all(phones[f"新职工{n}"] == "13900139000" for n in range(31, 51))
    later_phone = "13800138000" if second_was_first_file else "13900139000"
    assert {phones[f"新职工{n}"] for n in range(21, 31)} == {later_phone}  # the later import's values
