"""The union's own accountability (篇三 4.1.5.4–4.1.5.6): members evaluate the union's cadres, the
yearly finance and property check, information work; their indicators and assessment facts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ledgers import kinds, rules, selectors, services
from ledgers.models import LedgerEntry
from tests.ledgers.factories import entry_at
from unionhome.models import AuditEvent

TODAY = timezone.localdate()
YEAR = 2026
IN_YEAR = dt.date(2026, 7, 15)


def _by_key(items):
    return {i.key: i for i in items}


def _create(world, kind, data, actor="officer", branch=None):
    return services.entry_create(
        actor=world.users[actor], branch=branch or world.ent_a, kind=kind, date=TODAY, title="记录", data=data
    )


def test_the_three_kinds_name_their_plan_sections():
    assert kinds.get("cadre_evaluation").plan.startswith("篇三 4.1.5.5")
    assert kinds.get("union_finance").plan.startswith("篇三 4.1.5.4")
    assert kinds.get("information_work").plan == "篇三 4.1.5.6"
    assert kinds.get("union_finance").field("independent_account").type == rules.BOOL


def test_rules_of_the_new_kinds():
    assert rules.cadre_evaluation_errors(voters=40, satisfied=41) == {"satisfied": "more_than_voters"}
    assert rules.cadre_evaluation_errors(voters=40, satisfied=40) == {}
    assert rules.finance_difference("1000.00", "990.50") == Decimal("-9.50")
    assert rules.finance_difference("1000", None) is None
    assert rules.all_true([]) is None
    assert rules.all_true([True, True]) == 1
    assert rules.all_true([True, False]) == 0
    # A computed field is never taken from the input.
    checked = rules.check_data(kinds.get("union_finance").fields, {"difference": "5", "year": "2026"})
    assert "difference" not in checked.data


def test_finance_check_computes_the_difference_and_keeps_the_account_fact(world):
    entry = _create(
        world,
        "union_finance",
        {"year": YEAR, "book_value": "120000.00", "counted_value": "119500", "difference": "0",
         "independent_account": True},
    )  # fmt: skip
    assert entry.data["difference"] == "-500.00"
    assert entry.data["independent_account"] is True
    event = AuditEvent.objects.get(action="ledgers.entry.create")
    assert event.after["difference"] == "-500.00" and event.after["independent_account"] is True


def test_cadre_evaluation_with_more_satisfied_than_voters_is_refused_and_nothing_written(world):
    with pytest.raises(services.LedgerError) as refused:
        _create(world, "cadre_evaluation", {"year": YEAR, "cadres": 5, "voters": 40, "satisfied": 41})
    assert "satisfied" in refused.value.errors
    assert not LedgerEntry.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="ledgers.").exists()


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("union_finance", {"year": YEAR, "counted_value": "1"}, "book_value"),
        ("union_finance", {"year": YEAR, "book_value": "-1", "counted_value": "1"}, "book_value"),
        ("information_work", {"form": "published", "items": 0}, "items"),
        ("information_work", {"form": "tweet", "items": 1}, "form"),
        ("cadre_evaluation", {"year": YEAR, "cadres": 0, "voters": 3, "satisfied": 1}, "cadres"),
    ],
)
def test_invalid_data_of_the_new_kinds_is_refused(world, kind, data, field):
    with pytest.raises(services.LedgerError) as refused:
        _create(world, kind, data)
    assert field in refused.value.errors
    assert not LedgerEntry.objects.exists()


def test_indicators_of_the_new_kinds_no_data_then_values(world):
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=IN_YEAR))
    for key in ("ledger_cadre_satisfaction", "ledger_books_match", "ledger_independent_account",
                "ledger_information_items"):  # fmt: skip
        assert found[key].value is None and found[key].ok is None
    entry_at(world.ent_a, "cadre_evaluation", date=dt.date(YEAR, 12, 20),
             data={"year": YEAR, "cadres": 5, "voters": 40, "satisfied": 30})  # fmt: skip
    entry_at(world.branch_a1, "cadre_evaluation", date=dt.date(YEAR, 12, 21),
             data={"year": YEAR, "cadres": 3, "voters": 10, "satisfied": 10})  # fmt: skip
    # An earlier check of the same unit is replaced by its later one; a branch keeps its own books.
    entry_at(world.ent_a, "union_finance", date=dt.date(YEAR, 6, 1),
             data={"year": YEAR, "difference": "-10.00", "independent_account": False})  # fmt: skip
    entry_at(world.ent_a, "union_finance", date=dt.date(YEAR + 1, 1, 10),
             data={"year": YEAR, "difference": "0.00", "independent_account": True})  # fmt: skip
    entry_at(world.branch_a1, "union_finance", date=dt.date(YEAR, 12, 1),
             data={"year": YEAR, "difference": "-3.00", "independent_account": True})  # fmt: skip
    entry_at(
        world.ent_a, "information_work", date=dt.date(YEAR, 3, 1), data={"form": "published", "items": 2}
    )
    entry_at(
        world.ent_a, "information_work", date=dt.date(YEAR, 5, 1), data={"form": "submitted", "items": 1}
    )
    entry_at(
        world.ent_a, "information_work", date=dt.date(YEAR - 1, 5, 1), data={"form": "submitted", "items": 9}
    )
    found = _by_key(selectors.indicators(world.ent_a, YEAR, today=IN_YEAR))
    assert found["ledger_cadre_satisfaction"].value == Decimal("0.8000")  # 40 of 50
    assert found["ledger_cadre_satisfaction"].ok is True
    assert found["ledger_books_match"].value == Decimal("0.5000") and found["ledger_books_match"].ok is False
    assert found["ledger_independent_account"].value == 1 and found["ledger_independent_account"].ok is True
    assert found["ledger_information_items"].value == 3 and found["ledger_information_items"].ok is False
    # The branch on its own: its own check only.
    own = _by_key(selectors.indicators(world.branch_a1, YEAR, today=IN_YEAR))
    assert own["ledger_books_match"].value == Decimal("0")  # counted, not matching: zero, not "no data"
    assert own["ledger_information_items"].value is None


def test_assessment_facts_give_every_indicator_under_its_key(world):
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
    assert facts["ledger_independent_account"].value is None
    entry_at(world.ent_a, "union_finance", date=dt.date(YEAR, 6, 1),
             data={"year": YEAR, "difference": "0.00", "independent_account": False})  # fmt: skip
    fact = selectors.assessment_facts(branch=world.ent_a, year=YEAR)["ledger_independent_account"]
    assert fact.value == 0 and type(fact.value) is int
    entry_at(world.ent_a, "union_finance", date=dt.date(YEAR, 7, 1),
             data={"year": YEAR, "difference": "0.00", "independent_account": True})  # fmt: skip
    fact = selectors.assessment_facts(branch=world.ent_a, year=YEAR)["ledger_independent_account"]
    assert fact.value == 1 and type(fact.value) is int
    assert (
        selectors.assessment_facts(branch=world.ent_b, year=YEAR)["ledger_independent_account"].value is None
    )


def test_demo_the_mine_and_the_power_company_keep_their_accounts(demo_data):
    from branches.models import Branch
    from ledgers.models import LedgerParticipant

    year = timezone.localdate().year
    mine = selectors.assessment_facts(branch=Branch.objects.get(code="E01"), year=year)
    assert mine["ledger_independent_account"].value == 1
    assert mine["ledger_books_match"].value == Decimal("1")
    assert mine["ledger_cadre_satisfaction"].value == Decimal("0.9250")
    assert mine["ledger_information_items"].value >= 2
    power = selectors.assessment_facts(branch=Branch.objects.get(code="E02"), year=year)
    assert (
        power["ledger_books_match"].value == Decimal("0") and power["ledger_independent_account"].value == 1
    )
    finance = LedgerEntry.objects.get(kind="union_finance", branch__code="E02")
    assert finance.data["difference"] == "-876.40"
    # The mine's drills: each participant with their own hours.
    hours = set(
        LedgerParticipant.objects.filter(entry__kind="training", entry__branch__code="E01").values_list(
            "hours", flat=True
        )
    )
    assert hours == {Decimal("2.0"), Decimal("4.0")}
