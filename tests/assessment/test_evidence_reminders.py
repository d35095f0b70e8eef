"""The enterprise union's half-year initial and yearly overall evaluation (篇一 考评): due dates and
reminders (docs/DOMAIN.md, "Assessment")."""

from __future__ import annotations

import datetime as dt

from assessment import rules, services
from assessment.models import Reminder
from tests.assessment.conftest import YEAR, home_spec


def test_the_evaluations_fall_due_at_the_end_of_each_half_and_year():
    assert rules.evaluations_due(dt.date(YEAR, 3, 1)) == []
    assert [(d.kind, d.number, d.end) for d in rules.evaluations_due(dt.date(YEAR, 6, 10))] == [
        ("half_year", 1, dt.date(YEAR, 6, 30))
    ]
    assert [(d.kind, d.number) for d in rules.evaluations_due(dt.date(YEAR, 7, 20))] == [("half_year", 1)]
    assert [(d.kind, d.year, d.number) for d in rules.evaluations_due(dt.date(YEAR, 12, 5))] == [
        ("half_year", YEAR, 2),
        ("annual", YEAR, 1),
    ]
    assert [(d.kind, d.year) for d in rules.evaluations_due(dt.date(YEAR + 1, 1, 20))] == [
        ("half_year", YEAR),
        ("annual", YEAR),
    ]


def test_enterprise_officers_are_reminded_once_of_the_evaluation_due(
    world, make_assessment, mailoutbox, django_capture_on_commit_callbacks
):
    world.users["officer"].email = "officer@example.invalid"
    world.users["officer"].save()
    std = services.standard_save(actor=world.users["district"], spec=home_spec())
    make_assessment(world.ent_b, std, kind="half_year", number=1, state="self_scored")  # B has submitted
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=dt.date(YEAR, 6, 10))
    assert sent["half_year_due"] == 1 and sent["annual_due"] == 0
    reminder = Reminder.objects.get(kind="half_year_due")
    assert (reminder.branch, reminder.period_key, reminder.recipients) == (world.ent_a, f"{YEAR}H1", 1)
    assert any("officer@example.invalid" in m.to and "半年初评" in m.subject for m in mailoutbox)
    assert services.reminders_send(today=dt.date(YEAR, 6, 11))["half_year_due"] == 0  # once


def test_a_draft_does_not_count_as_the_evaluation_done(world, make_assessment):
    std = services.standard_save(actor=world.users["district"], spec=home_spec())
    make_assessment(world.ent_a, std, kind="annual", number=1)  # a draft
    sent = services.reminders_send(today=dt.date(YEAR, 12, 5))
    assert sent["annual_due"] == 2  # A (a draft only) and B
    assert sent["half_year_due"] == 2
