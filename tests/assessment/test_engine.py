"""The indicator engine: facts from every provider, shown with value, threshold and source."""

from decimal import Decimal

import pytest

from assessment import selectors
from branches.facts import Fact
from tests.assessment.conftest import YEAR, accept_meeting


def test_a_key_nobody_provides_shows_no_data_never_zero(world, std_home, fake_facts, make_assessment):
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1)
    rows = {r.key: r for r in selectors.result_of(a).indicators}
    assert rows["congress_held"].value is None
    assert rows["congress_held"].shown == "无数据"
    assert rows["congress_held"].finding == "no_data"
    assert rows["congress_held"].source == "没有提供该数据的来源"


def test_each_indicator_shows_value_threshold_and_source(world, std_home, fake_facts, make_assessment):
    fake_facts["A"] = {"enrolment_rate": Fact(Decimal("0.9499"), "9499 / 10000", "roster")}
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1)
    result = selectors.result_of(a)
    row = next(r for r in result.indicators if r.key == "enrolment_rate")
    assert (row.shown, row.threshold, row.source, row.detail) == (
        "94.99%",
        "不低于 95.00%",
        "roster",
        "9499 / 10000",
    )
    assert row.finding == "not_met"
    veto = next(v for v in result.vetoes if v.indicator.key == "enrolment_rate")
    assert veto.finding == "vetoed"
    assert result.rating == "does_not_meet"


@pytest.mark.parametrize(("rate", "finding"), [("0.9499", "vetoed"), ("0.95", "clear")])
def test_enrolment_veto_at_its_boundary(world, std_home, fake_facts, make_assessment, rate, finding):
    fake_facts["A"] = {"enrolment_rate": Fact(Decimal(rate), "", "roster")}
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1)
    veto = next(v for v in selectors.result_of(a).vetoes if v.indicator.key == "enrolment_rate")
    assert veto.finding == finding


def test_all_providers_are_asked(world, fake_facts):
    fake_facts["A"] = {"congress_held": Fact(True, "", "congress")}
    facts = selectors.gather_facts(branch=world.ent_a, year=YEAR)
    assert facts["congress_held"].value is True
    assert facts["funds_remitted"].value is True  # from the second provider


def test_the_roster_provider_feeds_enrolment(world, settings):
    settings.UNIONHOME_FACT_PROVIDERS = ["branches.selectors.assessment_facts"]
    facts = selectors.gather_facts(branch=world.ent_a, year=YEAR)
    assert facts["enrolment_rate"].value == Decimal(1)


@pytest.mark.parametrize(
    ("meeting", "share", "finding"), [(0, "1", "vetoed"), (1, "0.5", "clear"), (2, "0", "clear")]
)
def test_branches_below_the_small_home_standard_come_from_accepted_assessments(
    world, std_small, std_home, fake_facts, make_assessment, meeting, share, finding
):
    for n, branch in enumerate((world.branch_a1, world.branch_a2)):
        accept_meeting(
            make_assessment(branch, std_small, number=1), rating="meets" if n < meeting else "does_not_meet"
        )
    # a later assessment in progress does not count: only accepted ones do
    make_assessment(world.branch_a1, std_small, number=2, state="self_scored")
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1)
    veto = next(
        v for v in selectors.result_of(a).vetoes if v.indicator.key == "branches_below_small_home_share"
    )
    assert veto.indicator.value == Decimal(share)
    assert veto.finding == finding


def test_members_satisfaction_without_answers_is_no_data(world, fake_facts):
    assert selectors.gather_facts(branch=world.ent_a, year=YEAR)["members_satisfaction_rate"].value is None
