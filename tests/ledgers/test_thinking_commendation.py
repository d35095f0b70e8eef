"""The analysis of workers' thinking on its schedule (篇三 4.1.4.2 "定期分析职工的思想"; quarterly by
default) and the biennial commendation (篇二 §六.1 "每两年进行一次表彰与奖励"), as findings and in the
term calendar (docs/DOMAIN.md §9)."""

import datetime as dt

from django.urls import reverse

from ledgers import rules, selectors
from tests.ledgers.factories import entry_at

YEAR = 2026


def _findings(user, code, today):
    return sorted(
        (f.branch.code, f.severity, f.message)
        for f in selectors.findings(user, today=today)
        if f.code == code
    )


def _calendar(user, code, today):
    return {
        (d.unit.code, d.due_on): d.overdue for d in selectors.calendar(user, today=today) if d.code == code
    }


def test_the_schedule_of_the_analyses():
    owed = rules.thinking_analyses_owed(done={(YEAR, 1)}, today=dt.date(YEAR, 8, 1), months=3, current=True)
    assert [(d.year, d.quarter, d.date, d.overdue) for d in owed] == [
        (YEAR, 2, dt.date(YEAR, 6, 30), True),
        (YEAR, 3, dt.date(YEAR, 9, 30), False),
    ]
    early = rules.thinking_analyses_owed(done=set(), today=dt.date(YEAR, 2, 1), months=6, current=False)
    assert [(d.year, d.quarter, d.date) for d in early] == [(YEAR - 1, 2, dt.date(YEAR - 1, 12, 31))]
    assert rules.DEFAULTS["THINKING_ANALYSIS_MONTHS"] == 3


def test_the_commendation_falls_in_every_second_year():
    t = rules.DEFAULTS
    due = rules.commendation_owed(done_years=set(), today=dt.date(YEAR, 5, 1), thresholds=t)
    assert (due.year, due.date, due.overdue) == (YEAR, dt.date(YEAR, 12, 31), False)
    late = rules.commendation_owed(done_years=set(), today=dt.date(YEAR + 1, 5, 1), thresholds=t)
    assert (late.year, late.overdue) == (YEAR, True)  # the year between: last year's is overdue
    assert rules.commendation_owed(done_years={YEAR}, today=dt.date(YEAR + 1, 5, 1), thresholds=t) is None
    odd = {**t, "COMMENDATION_FIRST_YEAR": 2001}
    assert (
        rules.commendation_owed(done_years=set(), today=dt.date(YEAR, 5, 1), thresholds=odd).year == YEAR - 1
    )


def test_a_missed_analysis_is_a_finding_of_the_enterprise(world):
    entry_at(world.branch_a1, "thinking_analysis", date=dt.date(YEAR, 2, 10), data={"findings": "稳定"})
    found = _findings(world.users["officer"], "ledger_thinking_analysis_missed", dt.date(YEAR, 8, 1))
    assert [(code, severity) for code, severity, _m in found] == [("A", "danger")]  # Q2 missed, Q1 done
    assert "2026-06-30" in found[0][2]
    entry_at(world.ent_a, "thinking_analysis", date=dt.date(YEAR, 5, 3), data={"findings": "稳定"})
    assert _findings(world.users["officer"], "ledger_thinking_analysis_missed", dt.date(YEAR, 8, 1)) == []
    assert not any(c.startswith("B") for c, _s, _m in _findings(world.users["officer"], "ledger_thinking_analysis_missed", dt.date(YEAR, 8, 1)))  # fmt: skip


def test_half_yearly_analyses_when_the_settings_say_so(world, settings):
    settings.UNIONHOME_LEDGERS = {"THINKING_ANALYSIS_MONTHS": 6}
    entry_at(world.ent_a, "thinking_analysis", date=dt.date(YEAR, 2, 10), data={"findings": "稳定"})
    assert _findings(world.users["officer"], "ledger_thinking_analysis_missed", dt.date(YEAR, 8, 1)) == []
    assert _calendar(world.users["officer"], "thinking_analysis", dt.date(YEAR, 8, 1)) == {
        ("A", dt.date(YEAR, 12, 31)): False
    }


def test_the_analysis_in_the_term_calendar(world):
    dues = _calendar(world.users["officer"], "thinking_analysis", dt.date(YEAR, 8, 1))
    assert dues == {
        ("A", dt.date(YEAR, 3, 31)): True,
        ("A", dt.date(YEAR, 6, 30)): True,
        ("A", dt.date(YEAR, 9, 30)): False,
    }


def test_the_commendation_is_the_districts_finding_near_its_date_and_overdue_after(world):
    district = world.users["district"]
    assert _findings(district, "ledger_commendation_due", dt.date(YEAR, 5, 1)) == []  # months away
    soon = _findings(district, "ledger_commendation_due", dt.date(YEAR, 10, 15))
    assert [(c, s) for c, s, _m in soon] == [(world.district.code, "warning")]
    late = _findings(district, "ledger_commendation_due", dt.date(YEAR + 1, 2, 1))
    assert [(c, s) for c, s, _m in late] == [(world.district.code, "danger")]
    assert _findings(world.users["officer"], "ledger_commendation_due", dt.date(YEAR + 1, 2, 1)) == []
    finding = next(
        f
        for f in selectors.findings(district, today=dt.date(YEAR + 1, 2, 1))
        if f.code == "ledger_commendation_due"
    )
    assert finding.url == reverse("assessment:commendation") + f"?year={YEAR}"
    entry_at(
        world.district,
        "commendation",
        date=dt.date(YEAR, 12, 20),
        data={"year": YEAR, "decision": "区工发〔2026〕9号"},
    )
    assert _findings(district, "ledger_commendation_due", dt.date(YEAR + 1, 2, 1)) == []


def test_the_commendation_in_the_term_calendar(world, client_for):
    assert _calendar(world.users["district"], "commendation", dt.date(YEAR, 5, 1)) == {
        (world.district.code, dt.date(YEAR, 12, 31)): False
    }
    page = client_for(world.users["district"]).get(reverse("branches:term_calendar")).content.decode()
    assert 'data-code="commendation"' in page
