"""Ledger indicators per unit and subtree ("no data" distinct from zero), the findings, the facts
given to the assessment, and the demo's story."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from branches.models import Branch
from democracy.models import Petition
from ledgers import rules, selectors
from tests.factories import WorkerFactory
from tests.ledgers.factories import entry_at

YEAR = 2026
TODAY = dt.date(2026, 7, 15)  # Q1 and Q2 have ended


def _by_key(items):
    return {i.key: i for i in items}


def test_no_ledger_means_no_data_not_zero(world):
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))
    assert {k: i.value for k, i in found.items()} == {
        "ledger_inspections_per_quarter": None,
        "ledger_dangers_closed_in_time": None,
        "ledger_training_hours_per_representative": None,
        "ledger_pairings_visited": None,
        "ledger_culture_participation": None,
        "ledger_cadre_satisfaction": None,
        "ledger_books_match": None,
        "ledger_independent_account": None,
        "ledger_information_items": None,
        "ledger_letters_answered_in_time": None,
    }
    assert all(i.ok is None for i in found.values())


def test_inspections_per_quarter_per_workshop(world):
    # The enterprise keeps a safety ledger: both its workshops owe a round each ended quarter.
    entry_at(
        world.branch_a1, "safety_inspection", date=dt.date(YEAR, 2, 1), data={"workshop": world.branch_a1.pk}
    )
    entry_at(
        world.branch_a1, "safety_inspection", date=dt.date(YEAR, 5, 1), data={"workshop": world.branch_a1.pk}
    )
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_inspections_per_quarter"]
    assert found.value == Decimal("0.5")  # branch_a2 had none in Q1 and Q2
    assert found.ok is False
    missed = selectors.missed_inspections(world.ent_a, YEAR, TODAY)
    assert [(b.code, q) for b, q, _n in missed] == [("A2", 1), ("A2", 2)]
    # A unit that keeps no safety ledger owes nothing here: no data.
    other = _by_key(selectors.indicators(world.ent_b, YEAR, today=TODAY))["ledger_inspections_per_quarter"]
    assert other.value is None


def test_hidden_dangers_and_zero_versus_no_data(world):
    entry_at(world.branch_a1, "hidden_danger", date=dt.date(YEAR, 3, 1), status="open",
             data={"deadline": "2026-03-10"})  # fmt: skip
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_dangers_closed_in_time"]
    assert found.value == Decimal("0")  # counted, none in time: zero, not "no data"
    entry_at(world.branch_a1, "hidden_danger", date=dt.date(YEAR, 3, 1), status="rectified",
             data={"deadline": "2026-03-10", "closed_on": "2026-03-10"})  # fmt: skip
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_dangers_closed_in_time"]
    assert found.value == Decimal("0.5")
    # The other enterprise's subtree sees none of it.
    assert (
        _by_key(selectors.indicators(world.ent_b, YEAR, today=TODAY))["ledger_dangers_closed_in_time"].value
        is None
    )


def test_culture_participation_and_pairings(world):
    entry_at(world.ent_a, "culture_sports", date=dt.date(YEAR, 4, 1), data={"form": "sports"},
             participants=[(world.worker_a1, None)])  # fmt: skip
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))
    assert found["ledger_culture_participation"].value == Decimal("0.5")  # 1 of the 2 workers of A
    assert found["ledger_pairings_visited"].value is None
    entry_at(world.ent_a, "cadre_pairing", data={"cadre": world.worker_a1.pk, "family": world.worker_a2.pk})
    assert _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_pairings_visited"].value == 0
    entry_at(
        world.ent_a,
        "home_visit",
        date=dt.date(YEAR, 6, 1),
        data={"occasion": "pairing", "family": world.worker_a2.pk},
    )
    assert _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_pairings_visited"].value == 1


def test_letters_answered_in_time_read_from_democracy_in_scope(world):
    common = {"kind": "letter", "petitioner": "甲", "subject": "工资"}
    Petition.objects.create(
        enterprise=world.ent_a, received_on=dt.date(YEAR, 5, 1), answered_on=dt.date(YEAR, 5, 10), **common
    )
    Petition.objects.create(
        enterprise=world.ent_a, received_on=dt.date(YEAR, 5, 1), answered_on=dt.date(YEAR, 6, 10), **common
    )
    Petition.objects.create(
        enterprise=world.ent_a, received_on=dt.date(YEAR, 7, 10), **common
    )  # within the limit
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY, user=world.users["officer"]))
    assert found["ledger_letters_answered_in_time"].value == Decimal("0.5")
    outsider = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY, user=world.users["officer_b"]))
    assert outsider["ledger_letters_answered_in_time"].value is None
    # the unit's own assessment facts read its enterprise's letters, with no user (W5)
    # (read at the year's end or today, whichever is earlier: by now the third is overdue too)
    fact = selectors.assessment_facts(branch=world.ent_a, year=YEAR)["ledger_letters_answered_in_time"]
    assert fact.value == Decimal("0.3333") and fact.detail
    assert (
        selectors.assessment_facts(branch=world.ent_b, year=YEAR)["ledger_letters_answered_in_time"].value
        is None
    )


def test_training_hours_per_representative(world):
    from democracy.models import Representative, Term

    term = Term.objects.create(enterprise=world.ent_a, number=1, elected_on=dt.date(YEAR, 1, 5))
    for worker in (world.worker_a1, world.worker_a2):
        Representative.objects.create(term=term, worker=worker, constituency=worker.branch)
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))[
        "ledger_training_hours_per_representative"
    ]
    assert found.value == Decimal("0.0")  # representatives, no training: zero hours
    entry_at(world.ent_a, "representative_training", date=dt.date(YEAR, 2, 1),
             data={"term": term.pk, "occasion": "after_election", "hours": "8"},
             participants=[(world.worker_a1, Decimal("8"))])  # fmt: skip
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))[
        "ledger_training_hours_per_representative"
    ]
    assert found.value == Decimal("4.0")
    facts = selectors.assessment_facts(branch=world.ent_a, year=YEAR)
    assert facts["ledger_training_hours_per_representative"].value == Decimal("4.0")


def test_assessment_facts_have_the_providers_shape(world):
    facts = selectors.assessment_facts(branch=world.ent_a, year=YEAR)
    assert set(facts) == {
        "ledger_inspections_per_quarter",
        "ledger_dangers_closed_in_time",
        "ledger_training_hours_per_representative",
        "ledger_pairings_visited",
        "ledger_culture_participation",
        "ledger_cadre_satisfaction",
        "ledger_books_match",
        "ledger_independent_account",
        "ledger_information_items",
        "ledger_letters_answered_in_time",
    }
    assert all(f.value is None and f.source for f in facts.values())


def test_findings_show_what_is_due(world):
    entry_at(
        world.branch_a1, "safety_inspection", date=dt.date(YEAR, 2, 1), data={"workshop": world.branch_a1.pk}
    )
    entry_at(world.branch_a1, "hidden_danger", date=dt.date(YEAR, 3, 1), title="顶板", status="open",
             data={"deadline": "2026-03-10"})  # fmt: skip
    found = selectors.findings(world.users["officer"], today=TODAY)
    codes = {(f.branch.code, f.code) for f in found}
    assert ("A2", "ledger_inspection_missed") in codes
    assert ("A1", "ledger_inspection_missed") in codes  # Q2
    assert ("A1", "ledger_danger_overdue") in codes
    assert ("A", "ledger_congress_due") in codes and ("A", "ledger_plan_due") in codes
    assert not any(f.branch.code.startswith("B") for f in found)
    entry_at(world.ent_a, "yearly_plan", data={"year": YEAR}, status="adopted")
    entry_at(world.ent_a, "members_congress", data={"attendance": 30})
    codes = {(f.branch.code, f.code) for f in selectors.findings(world.users["officer"], today=TODAY)}
    assert ("A", "ledger_plan_due") not in codes and ("A", "ledger_congress_due") not in codes


def test_demo_power_company_misses_its_inspections_in_one_workshop(demo_data, client):
    from unionhome.models import User

    findings = selectors.findings(User.objects.get(username="district"))
    missed = {f.branch.code for f in findings if f.code == "ledger_inspection_missed"}
    assert missed == {"E02-B04"}
    mine = Branch.objects.get(code="E01")
    today = dt.date.today()
    found = _by_key(selectors.indicators(mine, today.year))
    value = found["ledger_inspections_per_quarter"].value
    assert value == (Decimal("1") if rules.ended_quarters(today.year, today) else None)
    # the mine keeps its training ledger: its representatives are trained this year, to the target
    assert found["ledger_training_hours_per_representative"].ok is True, found[
        "ledger_training_hours_per_representative"
    ]
    client.force_login(User.objects.get(username="officer_b"))
    page = client.get(reverse("branches:dashboard")).content.decode()
    assert "调度控制分会" in page and "ledger_inspection_missed" in page


def test_a_new_worker_counts_in_the_participation_rate(world):
    entry_at(world.ent_a, "culture_sports", date=dt.date(YEAR, 4, 1), data={"form": "sports"},
             participants=[(world.worker_a1, None)])  # fmt: skip
    WorkerFactory(branch=world.branch_a2)
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=TODAY))["ledger_culture_participation"]
    assert found.value == Decimal("0.3333")
