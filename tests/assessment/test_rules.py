import datetime as dt
from decimal import Decimal as D

import pytest

from assessment import rules
from assessment.rules import Finding, VetoFinding

IND = rules.INDICATORS


@pytest.mark.parametrize(
    ("points", "error"),
    [
        ([D(50), D(50)], None),
        ([D("33.4"), D("33.3"), D("33.3")], None),
        ([D(50), D("49.9")], D("99.9")),
        ([D(50), D("50.1")], D("100.1")),
        ([], D(0)),
    ],
)
def test_points_must_sum_to_exactly_one_hundred(points, error):
    assert rules.points_error(points) == error


@pytest.mark.parametrize(
    ("score", "points", "checklist", "error"),
    [
        (None, D(10), False, None),
        (D(0), D(10), False, None),
        (D(10), D(10), False, None),
        (D("10.1"), D(10), False, "above_points"),
        (D("-0.1"), D(10), False, "negative"),
        (D(5), D(10), True, "checklist_all_or_nothing"),
        (D(10), D(10), True, None),
        (D(0), D(10), True, None),
    ],
)
def test_a_score_lies_between_zero_and_the_items_points(score, points, checklist, error):
    assert rules.score_error(score, points, checklist=checklist) == error


@pytest.mark.parametrize(
    ("value", "finding"),
    [
        (D("0.9499"), VetoFinding.VETOED),
        (D("0.9500"), VetoFinding.CLEAR),
        (D("0.9501"), VetoFinding.CLEAR),
        (D("0"), VetoFinding.VETOED),  # zero members is data, and a veto
        (None, VetoFinding.NO_DATA),  # no workers on the roster: no data, never a pass
    ],
)
def test_enrolment_below_95_percent_is_a_veto(value, finding):
    assert rules.veto_finding(IND["enrolment_rate"], value) == finding


@pytest.mark.parametrize(
    ("below", "branches", "finding"),
    [
        (3, 5, VetoFinding.VETOED),  # 60 %
        (59, 100, VetoFinding.CLEAR),  # 59 %
        (60, 100, VetoFinding.VETOED),
        (5999, 10000, VetoFinding.CLEAR),  # 59.99 % does not round up to 60 %
        (0, 4, VetoFinding.CLEAR),
        (0, 0, VetoFinding.NO_DATA),  # no branches at all
    ],
)
def test_sixty_percent_of_branches_below_the_small_home_standard_is_a_veto(below, branches, finding):
    ratings = [False] * below + [True] * (branches - below)
    value = rules.branches_below_share(ratings, branches)
    assert rules.veto_finding(IND["branches_below_small_home_share"], value) == finding


def test_a_branch_without_an_accepted_assessment_counts_as_below_the_standard():
    assert rules.branches_below_share([True, True], 5) == D("0.6")


@pytest.mark.parametrize(
    ("key", "value", "finding"),
    [
        ("congress_held", True, VetoFinding.CLEAR),
        ("congress_held", False, VetoFinding.VETOED),
        ("disclosure_in_place", False, VetoFinding.VETOED),
        ("collective_contract_in_force", False, VetoFinding.VETOED),
        ("funds_remitted", False, VetoFinding.VETOED),
        ("funds_remitted", True, VetoFinding.CLEAR),
        ("funds_withheld", True, VetoFinding.VETOED),
        ("funds_withheld", False, VetoFinding.CLEAR),
        ("abnormal_petitions", 0, VetoFinding.CLEAR),
        ("abnormal_petitions", 1, VetoFinding.VETOED),
        ("abnormal_petitions", None, VetoFinding.NO_DATA),
    ],
)
def test_each_veto_condition_of_seed_two(key, value, finding):
    assert rules.veto_finding(IND[key], value) == finding


@pytest.mark.parametrize(
    ("value", "confirmed", "finding"),
    [
        (None, None, VetoFinding.NO_DATA),
        (None, True, VetoFinding.VETOED),
        (None, False, VetoFinding.CLEAR),
        (False, False, VetoFinding.VETOED),  # live data wins over a recorded finding
    ],
)
def test_a_reviewers_finding_decides_a_veto_only_without_live_data(value, confirmed, finding):
    assert rules.veto_finding(IND["congress_held"], value, confirmed) == finding


def test_an_unknown_indicator_has_no_data():
    assert rules.veto_finding(None, D("0.5")) == VetoFinding.NO_DATA


@pytest.mark.parametrize(
    ("key", "value", "finding"),
    [
        ("contract_fulfilment_rate", D("0.8999"), Finding.NOT_MET),
        ("contract_fulfilment_rate", D("0.9000"), Finding.MET),
        ("disclosure_knowledge_rate", D("0.9"), Finding.MET),
        ("disclosure_satisfaction_rate", D("0.8499"), Finding.NOT_MET),
        ("disclosure_satisfaction_rate", D("0.85"), Finding.MET),
        ("card_issuance_rate", D("0.9999"), Finding.NOT_MET),
        ("card_issuance_rate", D("1"), Finding.MET),
        ("participation_rate", D("0.75"), Finding.MET),
        ("participation_rate", D("0.7499"), Finding.NOT_MET),
        ("members_satisfaction_rate", D("0.95"), Finding.MET),
        ("members_satisfaction_rate", D("0.9499"), Finding.NOT_MET),
        ("members_satisfaction_rate", D("0"), Finding.NOT_MET),
        ("members_satisfaction_rate", None, Finding.NO_DATA),
        ("hardship_files_kept", True, Finding.MET),
        ("hardship_files_kept", False, Finding.NOT_MET),
        ("committees_in_term", None, Finding.NO_DATA),
    ],
)
def test_indicators_at_their_thresholds(key, value, finding):
    assert rules.evaluate(IND[key], value) == finding


@pytest.mark.parametrize(
    ("verdicts", "rate"),
    [
        ({}, None),
        ({"unsatisfied": 3}, D(0)),
        ({"very_satisfied": 19, "unsatisfied": 1}, D("0.95")),
        ({"satisfied": 1, "basically": 1, "unsatisfied": 1}, D("0.6666")),
    ],
)
def test_members_satisfaction_rate_counts_basically_satisfied_as_satisfied(verdicts, rate):
    assert rules.satisfaction_rate(verdicts) == rate


@pytest.mark.parametrize(
    ("total", "vetoes", "rating"),
    [
        (D(85), [VetoFinding.CLEAR], rules.Rating.MEETS),
        (D("84.9"), [VetoFinding.CLEAR], rules.Rating.DOES_NOT_MEET),
        (D(100), [VetoFinding.CLEAR, VetoFinding.VETOED], rules.Rating.DOES_NOT_MEET),
        (D(100), [VetoFinding.NO_DATA], rules.Rating.UNDECIDED),
        (D(100), [VetoFinding.NO_DATA, VetoFinding.VETOED], rules.Rating.DOES_NOT_MEET),
        (D(90), [], rules.Rating.MEETS),
    ],
)
def test_rating_a_veto_beats_any_total(total, vetoes, rating):
    assert rules.rating(total, D(85), vetoes) == rating


def test_the_reviewers_score_counts_once_given():
    assert rules.item_score(D(8), None) == D(8)
    assert rules.item_score(D(8), D(6)) == D(6)
    assert rules.item_score(None, None) is None
    assert rules.total([D(8), None, D("2.5")]) == D("10.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("  ", None), ("58", D(58)), (" 7.5 ", D("7.5")), ("0", D(0)), ("100.0", D(100))],
)
def test_a_typed_score_is_a_plain_decimal_number(text, expected):
    assert rules.parse_score(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        "nan",
        "sNaN",
        "inf",
        "-Infinity",
        "1e400",
        "1E2",
        "-3",
        "+3",
        "5,5",
        "很多",
        "0x10",
        "١٢",
        "1_0",
    ],
)
def test_special_values_exponents_signs_and_words_are_not_scores(text):
    with pytest.raises(ValueError):
        rules.parse_score(text)


@pytest.mark.parametrize(
    ("score", "error"),
    [(D("NaN"), "not_a_number"), (D("Infinity"), "not_a_number"), (D("7.25"), "step"), (D("7.50"), None)],
)
def test_a_score_that_is_not_finite_or_finer_than_a_tenth_is_refused(score, error):
    assert rules.score_error(score, D(10), checklist=False) == error


@pytest.mark.parametrize(
    ("kind", "number", "start", "end"),
    [
        ("quarterly", 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("quarterly", 4, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("half_year", 2, dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("annual", 1, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_bounds(kind, number, start, end):
    assert rules.period_bounds(kind, 2026, number) == (start, end)


def test_a_period_number_outside_the_year_is_refused():
    with pytest.raises(ValueError):
        rules.period_bounds("quarterly", 2026, 5)


def test_next_due_is_this_quarter_then_the_next():
    today = dt.date(2026, 11, 26)
    assert rules.next_due("branch", today, []).number == 4
    due = rules.next_due("branch", today, [("quarterly", 2026, 4)])
    assert (due.year, due.number, due.start) == (2027, 1, dt.date(2027, 1, 1))
    assert rules.next_due("enterprise", today, []).kind == "district"
    assert rules.next_due("district", today, []) is None


@pytest.mark.parametrize(("days", "overdue"), [(30, False), (31, True)])
def test_review_is_overdue_after_thirty_days(days, overdue):
    today = dt.date(2026, 11, 26)
    assert rules.review_overdue(today - dt.timedelta(days=days), today) is overdue
