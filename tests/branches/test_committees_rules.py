"""The committee, term and union-funds rules at and around their boundaries."""

import datetime as dt
from decimal import Decimal

import pytest

from branches import rules
from branches.rules import CommitteeFinding, FundsStatus, TermDates, TermState

TODAY = dt.date(2026, 11, 26)
REQUIRED_BY_KIND = {"enterprise": ("union", "funds_review"), "branch": ("union",)}


def _term(start: dt.date, end: dt.date, elected: dt.date | None = None) -> TermDates:
    return TermDates(elected or start, start, end)


@pytest.mark.parametrize(
    ("women", "required"),
    [
        (0, ("union", "funds_review")),
        (2, ("union", "funds_review")),
        (3, ("union", "funds_review", "women_group")),
        (49, ("union", "funds_review", "women_group")),
        (50, ("union", "funds_review", "women")),
        (51, ("union", "funds_review", "women")),
    ],
)
def test_an_enterprise_needs_a_women_workers_group_from_3_and_a_committee_from_50_women(women, required):
    assert (
        rules.required_committees(
            "enterprise", women, required_by_kind=REQUIRED_BY_KIND, women_body_kinds=("enterprise",)
        )
        == required
    )


def test_the_women_rule_applies_only_to_the_kinds_of_unit_configured():
    assert rules.required_committees(
        "branch", 80, required_by_kind=REQUIRED_BY_KIND, women_body_kinds=("enterprise",)
    ) == ("union",)
    assert (
        rules.required_committees("group", 80, required_by_kind=REQUIRED_BY_KIND, women_body_kinds=()) == ()
    )


@pytest.mark.parametrize(
    ("end", "state", "days"),
    [
        (TODAY + dt.timedelta(days=91), TermState.IN_TERM, 91),
        (TODAY + dt.timedelta(days=90), TermState.DUE_SOON, 90),
        (TODAY + dt.timedelta(days=1), TermState.DUE_SOON, 1),
        (TODAY, TermState.DUE_SOON, 0),
        (TODAY - dt.timedelta(days=1), TermState.OVERDUE, 1),
        (TODAY - dt.timedelta(days=400), TermState.OVERDUE, 400),
    ],
)
def test_a_term_is_due_for_re_election_within_90_days_and_overdue_from_the_day_after_it_ends(
    end, state, days
):
    status = rules.term_status([_term(dt.date(2022, 1, 1), end)], TODAY, due_soon_days=90)
    assert (status.state, status.days) == (state, days)


def test_an_elected_successor_means_the_ending_term_is_not_due():
    current = _term(dt.date(2022, 1, 1), TODAY + dt.timedelta(days=10))
    successor = _term(
        TODAY + dt.timedelta(days=11), TODAY + dt.timedelta(days=1800), TODAY - dt.timedelta(days=5)
    )
    assert rules.term_status([current, successor], TODAY).state == TermState.IN_TERM


def test_a_term_elected_but_not_yet_started_leaves_no_term_in_force():
    status = rules.term_status([_term(TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=1000))], TODAY)
    assert (status.state, status.days) == (TermState.NOT_STARTED, 3)


def test_a_committee_never_elected_has_no_status():
    assert rules.term_status([], TODAY).state == TermState.NONE


def test_a_term_ending_tomorrow_with_a_90_day_window_can_be_configured_shorter():
    status = rules.term_status(
        [_term(dt.date(2022, 1, 1), TODAY + dt.timedelta(days=30))], TODAY, due_soon_days=29
    )
    assert status.state == TermState.IN_TERM


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (dt.date(2024, 6, 1), 5, dt.date(2029, 5, 31)),
        (dt.date(2024, 1, 1), 3, dt.date(2026, 12, 31)),
        (dt.date(2024, 2, 29), 5, dt.date(2029, 2, 28)),
    ],
)
def test_the_default_term_ends_the_day_before_its_anniversary(start, years, end):
    assert rules.term_default_end(start, years) == end


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ((dt.date(2020, 1, 1), dt.date(2024, 12, 31)), (dt.date(2025, 1, 1), dt.date(2029, 12, 31)), False),
        ((dt.date(2020, 1, 1), dt.date(2025, 1, 1)), (dt.date(2025, 1, 1), dt.date(2029, 12, 31)), True),
        ((dt.date(2020, 1, 1), dt.date(2029, 12, 31)), (dt.date(2022, 1, 1), dt.date(2023, 1, 1)), True),
        ((dt.date(2025, 1, 2), dt.date(2026, 1, 1)), (dt.date(2020, 1, 1), dt.date(2025, 1, 1)), False),
    ],
)
def test_terms_overlap_when_they_share_a_day(a, b, overlap):
    assert rules.periods_overlap(*a, *b) is overlap
    assert rules.periods_overlap(*b, *a) is overlap


IN_TERM = _term(dt.date(2024, 6, 1), dt.date(2029, 5, 31))


def test_required_committees_in_term_and_elected_together_give_no_finding():
    terms = {"union": [IN_TERM], "funds_review": [IN_TERM], "women": [IN_TERM]}
    assert (
        rules.committee_findings(required=("union", "funds_review", "women"), terms=terms, today=TODAY) == []
    )


def test_a_missing_committee_is_named():
    found = rules.committee_findings(
        required=("union", "funds_review"), terms={"union": [IN_TERM]}, today=TODAY
    )
    assert found == [CommitteeFinding("missing", "funds_review")]


@pytest.mark.parametrize(
    ("required", "have", "missing"),
    [
        (("women_group",), "women", []),  # a committee is more than a group
        (("women_group",), "women_group", []),
        (("women",), "women_group", ["women"]),  # a group is not enough from 50 women
        (("women",), "women", []),
    ],
)
def test_which_women_workers_body_satisfies_the_requirement(required, have, missing):
    found = rules.committee_findings(required=required, terms={have: [IN_TERM]}, today=TODAY)
    assert [f.committee for f in found if f.code == "missing"] == missing


def test_overdue_and_due_soon_committees_are_reported_with_days_and_date():
    terms = {
        "union": [_term(dt.date(2021, 11, 26), TODAY - dt.timedelta(days=1))],
        "funds_review": [_term(dt.date(2021, 11, 26), TODAY + dt.timedelta(days=90))],
    }
    found = rules.committee_findings(required=("union", "funds_review"), terms=terms, today=TODAY)
    assert CommitteeFinding("overdue", "union", 1, TODAY - dt.timedelta(days=1)) in found
    assert CommitteeFinding("due_soon", "funds_review", 90, TODAY + dt.timedelta(days=90)) in found


def test_committees_elected_on_different_days_were_not_formed_together():
    later = _term(dt.date(2024, 6, 2), dt.date(2029, 6, 1))
    terms = {"union": [IN_TERM], "funds_review": [later], "women": [IN_TERM]}
    found = rules.committee_findings(required=("union", "funds_review", "women"), terms=terms, today=TODAY)
    assert [f.code for f in found] == ["not_together"]
    assert dict(found[0].elected) == {
        "union": dt.date(2024, 6, 1),
        "funds_review": dt.date(2024, 6, 2),
        "women": dt.date(2024, 6, 1),
    }


def test_only_the_last_election_counts_for_forming_together():
    old = _term(dt.date(2019, 1, 1), dt.date(2024, 5, 31))
    older = _term(dt.date(2018, 1, 1), dt.date(2019, 5, 31))
    terms = {"union": [old, IN_TERM], "funds_review": [older, IN_TERM]}
    assert rules.committee_findings(required=("union", "funds_review"), terms=terms, today=TODAY) == []


def test_branches_without_a_funds_review_committee_are_not_checked_for_forming_together():
    terms = {"union": [IN_TERM], "women_group": [_term(dt.date(2025, 1, 1), dt.date(2029, 12, 31))]}
    assert rules.committee_findings(required=("union", "women_group"), terms=terms, today=TODAY) == []


DUE = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("payments", "withheld", "today", "status"),
    [
        ([(DUE, Decimal("100"))], False, TODAY, FundsStatus.ON_TIME),
        ([(DUE + dt.timedelta(days=1), Decimal("100"))], False, TODAY, FundsStatus.LATE),
        (
            [(DUE - dt.timedelta(days=9), Decimal("60")), (DUE, Decimal("40"))],
            False,
            TODAY,
            FundsStatus.ON_TIME,
        ),
        (
            [(DUE - dt.timedelta(days=9), Decimal("60")), (DUE + dt.timedelta(days=1), Decimal("40"))],
            False,
            TODAY,
            FundsStatus.LATE,
        ),
        ([(DUE, Decimal("99.99"))], False, DUE, FundsStatus.PENDING),
        ([(DUE, Decimal("99.99"))], False, DUE + dt.timedelta(days=1), FundsStatus.OUTSTANDING),
        ([], False, DUE + dt.timedelta(days=1), FundsStatus.OUTSTANDING),
        ([], False, DUE, FundsStatus.PENDING),
        ([(DUE, Decimal("100"))], True, TODAY, FundsStatus.WITHHELD),
        ([(DUE, Decimal("150"))], False, TODAY, FundsStatus.ON_TIME),
    ],
)
def test_funds_status_on_time_late_outstanding_pending_withheld(payments, withheld, today, status):
    assert (
        rules.funds_status(
            amount_due=Decimal("100"), due_on=DUE, payments=payments, withheld=withheld, today=today
        )
        == status
    )


@pytest.mark.parametrize(
    ("status", "remitted"),
    [
        (FundsStatus.ON_TIME, True),
        (FundsStatus.LATE, True),
        (FundsStatus.OUTSTANDING, False),
        (FundsStatus.PENDING, False),
        (FundsStatus.WITHHELD, False),
    ],
)
def test_late_but_paid_counts_as_remitted(status, remitted):
    assert rules.funds_remitted(status) is remitted


def test_nothing_due_is_on_time():
    assert (
        rules.funds_status(amount_due=Decimal(0), due_on=DUE, payments=[], withheld=False, today=TODAY)
        == FundsStatus.ON_TIME
    )
