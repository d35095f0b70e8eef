"""Ledger dues in the term calendar: quarterly inspections, the yearly members' congress, plan and
summary, and the representatives' training after an election, each with its due date."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from democracy.models import Term
from ledgers import rules, selectors
from tests.ledgers.factories import entry_at

YEAR = 2026
TODAY = dt.date(2026, 5, 20)  # the second quarter; the plan was due on 31 March


def _dues(user, today=TODAY):
    return {(d.unit.code, d.code, d.due_on): d.overdue for d in selectors.calendar(user, today=today)}


def test_due_dates_of_the_yearly_duties():
    assert rules.yearly_due_dates(YEAR, rules.DEFAULTS) == {
        "congress": dt.date(2026, 12, 31),
        "plan": dt.date(2026, 3, 31),
        "summary": dt.date(2026, 12, 31),
    }
    assert rules.month_end(2028, 2) == dt.date(2028, 2, 29)


def test_yearly_duties_with_their_due_dates_and_what_is_overdue(world):
    dues = _dues(world.users["officer"])
    assert dues[("A", "plan", dt.date(2026, 3, 31))] is True  # overdue
    assert dues[("A", "congress", dt.date(2026, 12, 31))] is False
    assert dues[("A", "summary", dt.date(2026, 12, 31))] is False
    assert not any(code == "B" for code, _c, _d in dues)  # another enterprise stays out of sight
    # Recorded duties leave the calendar.
    entry_at(world.ent_a, "yearly_plan", data={"year": YEAR}, status="adopted")
    entry_at(world.ent_a, "members_congress", date=dt.date(YEAR, 4, 1), data={"attendance": 30})
    dues = _dues(world.users["officer"])
    assert ("A", "plan", dt.date(2026, 3, 31)) not in dues
    assert ("A", "congress", dt.date(2026, 12, 31)) not in dues
    assert ("A", "summary", dt.date(2026, 12, 31)) in dues


def test_last_years_summary_until_the_plan_is_due(world):
    early = dt.date(2026, 2, 10)
    assert _dues(world.users["officer"], early)[("A", "summary", dt.date(2025, 12, 31))] is True
    entry_at(world.ent_a, "year_summary", date=dt.date(2026, 1, 5), data={"year": 2025}, status="done")
    assert ("A", "summary", dt.date(2025, 12, 31)) not in _dues(world.users["officer"], early)


def test_quarterly_inspections_of_each_workshop(world):
    # The enterprise keeps a safety ledger; A1 was inspected in Q1 only, A2 never.
    entry_at(
        world.branch_a1, "safety_inspection", date=dt.date(YEAR, 2, 1), data={"workshop": world.branch_a1.pk}
    )
    dues = {k: v for k, v in _dues(world.users["officer"]).items() if k[1] == "inspection"}
    assert dues == {
        ("A1", "inspection", dt.date(2026, 6, 30)): False,
        ("A2", "inspection", dt.date(2026, 3, 31)): True,
        ("A2", "inspection", dt.date(2026, 6, 30)): False,
    }
    # The branch officer of A1 sees their own workshop's due only, and no enterprise duty.
    assert set(_dues(world.users["branch"])) == {("A1", "inspection", dt.date(2026, 6, 30))}


def test_training_after_an_election(world):
    term = Term.objects.create(enterprise=world.ent_a, number=1, elected_on=dt.date(YEAR, 4, 1))
    dues = _dues(world.users["officer"])
    assert dues[("A", "training_after_election", dt.date(2026, 6, 30))] is False
    entry_at(world.ent_a, "representative_training", date=dt.date(YEAR, 4, 10),
             data={"term": term.pk, "occasion": "after_election", "hours": "8"})  # fmt: skip
    assert not any(k[1] == "training_after_election" for k in _dues(world.users["officer"]))


def test_the_term_calendar_page_lists_the_ledger_dues(world, client_for):
    today = timezone.localdate()
    html = client_for(world.users["officer"]).get(reverse("branches:term_calendar")).content.decode()
    assert 'id="ledger-calendar"' in html
    congress = rules.yearly_due_dates(today.year, rules.DEFAULTS)["congress"]
    assert f'data-code="congress" data-unit="A" data-due="{congress:%Y-%m-%d}"' in html
    assert 'data-unit="B"' not in html
    worker_page = client_for(world.users["worker"]).get(reverse("branches:term_calendar"))
    assert 'id="ledger-calendar"' not in worker_page.content.decode()


def test_the_term_calendar_lists_the_earliest_duties_and_counts_the_rest(world, client_for, monkeypatch):
    from ledgers.templatetags import ledgers as ledger_tags

    dues = selectors.calendar(world.users["officer"])  # by due date
    overdue = [d for d in dues if d.overdue]
    upcoming = [d for d in dues if not d.overdue]
    assert len(upcoming) >= 2
    monkeypatch.setattr(ledger_tags, "CALENDAR_SHOWN", 1)
    html = client_for(world.users["officer"]).get(reverse("branches:term_calendar")).content.decode()
    listed = re.findall(r'<li data-code="([^"]+)" data-unit="([^"]+)" data-due="([^"]+)"', html)
    shown = [*overdue[:1], upcoming[0]]
    assert listed == [(d.code, d.unit.code, f"{d.due_on:%Y-%m-%d}") for d in shown]
    if len(overdue) > 1:
        assert f"另有 {len(overdue) - 1} 项逾期事项未在此列出" in html
    else:
        assert 'id="ledger-calendar-overdue-more"' not in html
    assert f"另有 {len(upcoming) - 1} 项较晚到期的事项未在此列出" in html
