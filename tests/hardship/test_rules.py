import datetime as dt
from decimal import Decimal

import pytest

from hardship import rules
from hardship.rules import Member

L = Decimal("780")  # the line of 篇四: 1.5 L = 1170, 2 L = 1560, 3 L = 2340
D = Decimal


def test_limits_are_derived_from_the_line_as_in_the_seed():
    assert rules.limits(L) == {1: D("1170.00"), 2: D("1560.00"), 3: D("2340.00")}


def _met(p, special=False, illness=False, cost="0"):
    return rules.categories_met(
        per_capita_income=D(p),
        line=L,
        special_cause=special,
        major_illness_or_accident=illness,
        self_paid_or_loss_this_year=D(cost),
    )


@pytest.mark.parametrize(
    ("p", "expected"),
    [("0", True), ("1169.99", True), ("1170", False), ("1170.01", False)],
)
def test_category_1_is_strictly_below_one_and_a_half_lines(p, expected):
    assert (1 in _met(p)) is expected


@pytest.mark.parametrize(
    ("p", "special", "expected"),
    [
        ("1559.99", True, True),
        ("1560", True, True),  # 含: the limit itself qualifies
        ("1560.01", True, False),
        ("1200", False, False),  # without a special cause category 2 is not met
    ],
)
def test_category_2_is_at_most_two_lines_with_a_special_cause(p, special, expected):
    assert (2 in _met(p, special=special)) is expected


@pytest.mark.parametrize(
    ("p", "illness", "expected"),
    [
        ("2339.99", True, True),
        ("2340", True, True),  # 含
        ("2340.01", True, False),
        ("1000", False, False),
    ],
)
def test_category_3_is_at_most_three_lines_with_a_major_illness_or_accident(p, illness, expected):
    assert (3 in _met(p, illness=illness)) is expected


@pytest.mark.parametrize(
    ("cost", "illness", "expected"),
    [
        ("19999.99", True, False),
        ("20000", True, True),  # 以上 includes the number
        ("20000.01", True, True),
        ("50000", False, False),  # the cost must come from an illness or accident
    ],
)
def test_category_4_needs_twenty_thousand_self_paid_this_year(cost, illness, expected):
    # a high income does not matter for category 4
    assert (4 in _met("9000", illness=illness, cost=cost)) is expected


def test_a_family_can_meet_several_categories_and_is_filed_under_the_first():
    met = _met("1000", special=True, illness=True, cost="30000")
    assert met == {1, 2, 3, 4}
    assert rules.supported_category(met) == 1
    assert rules.supported_category(set()) is None


@pytest.mark.parametrize(
    ("total", "size", "expected"),
    [("3510", 3, "1170.00"), ("3509.99", 3, "1170.00"), ("3509.97", 3, "1169.99"), ("1000", 1, "1000.00")],
)
def test_per_capita_income_is_rounded_to_the_cent(total, size, expected):
    assert rules.per_capita_income(D(total), size) == D(expected)


def test_per_capita_income_refuses_an_empty_household():
    with pytest.raises(ValueError):
        rules.per_capita_income(D("100"), 0)


SELF, SPOUSE = Member("self"), Member("spouse")
CHILD, MARRIED_CHILD = Member("child", True), Member("child", False)
PARENT, SIBLING, MARRIED_SIBLING = Member("parent"), Member("sibling", True), Member("sibling", False)


@pytest.mark.parametrize(
    ("marital", "members", "size"),
    [
        ("married", [SELF, SPOUSE, CHILD], 3),  # "generally three"
        ("married", [SELF, SPOUSE], 2),  # married without children: actual number
        ("married", [SELF, SPOUSE, CHILD, CHILD, CHILD], 5),  # several children: actual number
        (
            "married",
            [SELF, SPOUSE, CHILD, MARRIED_CHILD, PARENT],
            3,
        ),  # parents and married children do not count
        ("unmarried", [SELF, PARENT, PARENT], 3),
        ("unmarried", [SELF, PARENT, PARENT, SIBLING, MARRIED_SIBLING], 4),
        ("single_parent", [SELF, CHILD], 2),
        ("single_parent", [SELF, SPOUSE, CHILD], 2),  # a former spouse is not counted
        ("married", [], 1),  # the applicant always counts
    ],
)
def test_household_size_follows_the_seed(marital, members, size):
    assert rules.household_size(marital, members) == size


def test_assess_counts_only_household_members_income_plus_government_aid():
    result = rules.assess(
        line=L,
        marital_status="married",
        members=[(SELF, D("2000")), (SPOUSE, D("1000")), (CHILD, D("0")), (PARENT, D("5000"))],
        government_aid=D("500"),
        causes=["child_in_school"],
        medical_self_paid=D("0"),
        property_loss=D("0"),
    )
    assert result.household_size == 3
    assert result.per_capita == D("1166.67")
    assert result.category == 1
    assert result.met == {1, 2}


def test_a_single_parent_counts_as_a_special_cause():
    result = rules.assess(
        line=L,
        marital_status="single_parent",
        members=[(SELF, D("3000")), (CHILD, D("0"))],
        government_aid=D("0"),
        causes=["low_income"],
        medical_self_paid=D("0"),
        property_loss=D("0"),
    )
    assert result.per_capita == D("1500.00") and result.category == 2


# --- the notice -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "over"),
    [(dt.date(2026, 12, 5), False), (dt.date(2026, 12, 6), True)],
)
def test_a_five_day_notice_runs_through_its_last_day(today, over):
    start, last = rules.notice_period(dt.date(2026, 12, 1), 5)
    assert (start, last) == (dt.date(2026, 12, 1), dt.date(2026, 12, 5))
    assert rules.notice_over(last, today) is over


DEADLINE = dt.datetime(2026, 12, 30, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.mark.parametrize(
    ("now", "late_allowed", "expected"),
    [
        (DEADLINE - dt.timedelta(seconds=1), False, True),
        (DEADLINE, False, True),
        (DEADLINE + dt.timedelta(seconds=1), False, False),
        (DEADLINE + dt.timedelta(days=3), True, True),
    ],
)
def test_reports_are_accepted_until_the_deadline_unless_reopened(now, late_allowed, expected):
    assert rules.report_allowed(now, DEADLINE, late_allowed) is expected


NOTICE = (dt.date(2026, 12, 1), dt.date(2026, 12, 5))


@pytest.mark.parametrize(
    ("received_on", "today", "counts"),
    [
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1), True),  # the first day
        (dt.date(2026, 12, 5), dt.date(2026, 12, 6), True),  # the last day, recorded the day after
        (dt.date(2026, 11, 30), dt.date(2026, 12, 2), False),  # before the notice
        (dt.date(2026, 12, 6), dt.date(2026, 12, 6), False),  # after its last day
        (dt.date(2026, 12, 3), dt.date(2026, 12, 2), False),  # in the future
    ],
)
def test_an_objection_counts_when_received_during_the_notice(received_on, today, counts):
    assert rules.objection_in_time(received_on, *NOTICE, today) is counts
    assert rules.objection_in_time(received_on, None, None, today) is False
