import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from democracy import rules


@pytest.mark.parametrize(
    ("present", "total", "expected"),
    [
        (20, 30, True),
        (19, 30, False),
        (30, 30, True),
        (0, 0, False),
        (2, 3, True),
        (1, 3, False),
        (67, 100, True),
        (66, 100, False),
    ],
)
def test_session_opens_only_with_two_thirds_of_all_representatives(present, total, expected):
    assert rules.has_quorum(present, total) is expected


def test_quorum_is_configurable_and_needed_count_rounds_up():
    assert rules.has_quorum(15, 30, Fraction(1, 2)) is True
    assert rules.quorum_needed(30) == 20
    assert rules.quorum_needed(100) == 67


@pytest.mark.parametrize(
    ("votes_for", "total", "expected"),
    [(15, 30, False), (16, 30, True), (50, 101, False), (51, 101, True), (0, 0, False)],
)
def test_resolution_needs_more_than_half_of_all_representatives(votes_for, total, expected):
    assert rules.resolution_passes(votes_for, total) is expected


@pytest.mark.parametrize(
    ("f", "a", "ab", "present", "ok"), [(10, 5, 5, 20, True), (10, 5, 6, 20, False), (0, 0, 0, 0, True)]
)
def test_tellers_count_cannot_exceed_those_present(f, a, ab, present, ok):
    assert rules.count_is_consistent(f, a, ab, present) is ok


@pytest.mark.parametrize(
    ("managers", "women", "women_workers", "expected"),
    [
        (20, 30, 30, []),
        (21, 30, 30, ["managers"]),
        (10, 25, 30, []),  # within the 5-point tolerance
        (10, 24, 30, ["women"]),
        (21, 10, 30, ["managers", "women"]),
    ],
)
def test_composition_warnings(managers, women, women_workers, expected):
    c = rules.Composition(
        representatives=100, managers=managers, women=women, workers=100, women_workers=women_workers
    )
    assert rules.composition_warnings(c) == expected


def test_composition_of_an_empty_term_gives_no_warning():
    assert rules.composition_warnings(rules.Composition(0, 0, 0, 0, 0)) == []


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (Decimal("0.899"), rules.KNOWLEDGE_TARGET, False),
        (Decimal("0.90"), rules.KNOWLEDGE_TARGET, True),
        (Decimal("0.849"), rules.SATISFACTION_TARGET, False),
        (Decimal("0.85"), rules.SATISFACTION_TARGET, True),
        (Decimal("0.949"), rules.satisfaction_target(model_small_home=True), False),
        (Decimal("0.95"), rules.satisfaction_target(model_small_home=True), True),
        (Decimal("0.749"), rules.PARTICIPATION_TARGET, False),
        (Decimal("0.75"), rules.PARTICIPATION_TARGET, True),
        (None, rules.KNOWLEDGE_TARGET, None),
    ],
)
def test_rates_meet_their_targets_at_the_boundary(value, target, expected):
    assert rules.meets(value, target) is expected


def test_knowledge_rate_of_899_in_1000_misses_and_900_meets():
    assert rules.meets(rules.rate(899, 1000), rules.KNOWLEDGE_TARGET) is False
    assert rules.meets(rules.rate(900, 1000), rules.KNOWLEDGE_TARGET) is True
    assert rules.rate(1, 0) is None


@pytest.mark.parametrize(
    ("fulfilled", "partly", "checked", "expected_rate", "meets"),
    [
        (899, 0, 1000, Decimal("0.899"), False),
        (900, 0, 1000, Decimal("0.9"), True),
        (8, 2, 10, Decimal("0.9"), True),  # a partly fulfilled clause counts as half
        (8, 1, 10, Decimal("0.85"), False),
    ],
)
def test_contract_fulfilment_rate_at_ninety_percent(fulfilled, partly, checked, expected_rate, meets):
    value = rules.fulfilment_rate(fulfilled, partly, checked)
    assert value == expected_rate
    assert rules.meets(value, rules.FULFILMENT_TARGET) is meets


def test_no_clause_checked_is_no_data():
    assert rules.fulfilment_rate(0, 0, 0) is None


@pytest.mark.parametrize(
    ("dates", "months", "today", "missed"),
    [
        # every ended quarter has a meeting
        ([dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 8, 1)], 3, dt.date(2026, 11, 26), []),
        # missing by one quarter
        ([dt.date(2026, 2, 1), dt.date(2026, 8, 1)], 3, dt.date(2026, 11, 26), ["2026Q2"]),
        # the running quarter is not yet missed
        ([dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 8, 1)], 3, dt.date(2026, 12, 31), []),
        ([dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 8, 1)], 3, dt.date(2027, 1, 1), ["2026Q4"]),
        # a meeting of last year does not count
        ([dt.date(2025, 5, 1)], 6, dt.date(2026, 11, 26), ["2026H1"]),
        ([dt.date(2026, 6, 30)], 6, dt.date(2026, 11, 26), []),
        ([], 12, dt.date(2027, 1, 1), ["2026"]),
    ],
)
def test_cadence_lists_the_ended_periods_without_a_meeting(dates, months, today, missed):
    assert rules.missed_periods(dates, year=2026, months=months, today=today) == missed


HANDLE, FOLLOW = "democracy.handle_proposal", "democracy.follow_own_proposal"


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("submitted", "accept", ("accepted", HANDLE)),
        ("submitted", "convert", ("converted", HANDLE)),
        ("submitted", "withdraw", ("withdrawn", FOLLOW)),
        ("accepted", "assign", ("assigned", HANDLE)),
        ("assigned", "assign", ("assigned", HANDLE)),
        ("assigned", "answer", ("answered", HANDLE)),
        ("answered", "satisfied", ("satisfied", FOLLOW)),
        ("answered", "not_satisfied", ("not_satisfied", FOLLOW)),
        ("not_satisfied", "reopen", ("reopened", HANDLE)),
        ("reopened", "assign", ("assigned", HANDLE)),
        ("reopened", "answer", ("answered", HANDLE)),
        ("submitted", "answer", None),
        ("converted", "accept", None),
        ("satisfied", "reopen", None),
    ],
)
def test_proposal_workflow_table(state, action, expected):
    from democracy.workflows import PROPOSAL

    step = PROPOSAL.steps.get((state, action))
    assert (None if step is None else (step.to, step.permission)) == expected
    assert step is None or not step.system  # no step is taken by the scheduler


def test_proposal_workflow_declaration_is_sound():
    from democracy.workflows import PROPOSAL

    assert PROPOSAL.problems() == []
    assert len(PROPOSAL.steps) == 11
    assert PROPOSAL.reason_required == frozenset({"convert"})
    assert PROPOSAL.final_states() == ["converted", "satisfied", "withdrawn"]
    assert set(PROPOSAL.all_states()) == {
        "submitted", "accepted", "converted", "assigned", "answered", "satisfied", "not_satisfied",
        "reopened", "withdrawn",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("state", "due", "expected"),
    [
        ("assigned", dt.date(2026, 11, 25), True),
        ("assigned", dt.date(2026, 11, 26), False),
        ("answered", dt.date(2026, 1, 1), False),
        ("reopened", dt.date(2026, 11, 1), True),
        ("assigned", None, False),
    ],
)
def test_overdue_is_past_the_due_date_while_work_is_open(state, due, expected):
    assert rules.is_overdue(state, due, dt.date(2026, 11, 26)) is expected


@pytest.mark.parametrize(
    ("ends", "expected"),
    [
        (dt.date(2027, 2, 24), True),
        (dt.date(2027, 2, 25), False),
        (dt.date(2026, 11, 25), False),
        (dt.date(2026, 11, 26), True),
    ],
)
def test_contract_flagged_ninety_days_ahead(ends, expected):
    assert rules.contract_expiring(ends, dt.date(2026, 11, 26)) is expected


@pytest.mark.parametrize(("count", "ok"), [(1, False), (2, True)])
def test_proposal_needs_two_cosigners(count, ok):
    assert rules.enough_cosigners(count) is ok


@pytest.mark.parametrize(
    ("value", "text"), [(Decimal("0.9"), "90.0%"), (Decimal("0.8995"), "89.9%"), (None, "—"), (1, "100.0%")]
)
def test_percentages_on_screen(value, text):
    from democracy.templatetags.democracy_tags import pct

    assert pct(value) == text
