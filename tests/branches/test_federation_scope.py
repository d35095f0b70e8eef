"""Federations at every level: a city above two districts and an industry federation; the
federation reviewer's scope is its subtree, and every roll-up, finding and review follows it."""

import datetime as dt

import pytest

from assessment import permissions as assessment_permissions
from branches import rules, selectors
from branches.models import Branch
from democracy.models import Term
from democracy.selectors import common as democracy_common
from democracy.selectors import terms
from democracy.services.affairs_disclosure import answer_unit
from hardship import selectors as hardship_selectors
from ledgers import selectors as ledger_selectors
from tests.branches.federation import build_city
from tests.hardship.factories import application_in, campaign_for
from unionhome.permissions import allowed
from unionhome.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_city()


def test_every_federation_kind_is_a_federation_and_holds_lower_levels():
    assert {k for k in Branch.Kind.values if Branch(kind=k).is_federation} == {
        "national",
        "province",
        "city",
        "district",
        "industry",
    }
    assert rules.may_hold("national", "province") and rules.may_hold("province", "city")
    assert rules.may_hold("city", "district") and rules.may_hold("district", "enterprise")
    assert rules.may_hold("industry", "industry") and rules.may_hold("city", "industry")
    assert not rules.may_hold("district", "city") and not rules.may_hold("city", "province")
    assert not rules.may_hold("enterprise", "district") and not rules.may_hold("group", "enterprise")


def test_the_reviewer_role_reads_federation_reviewer():
    assert str(Role.DISTRICT_REVIEWER.label) == "上级工会审核员"


def test_a_city_reviewer_sees_both_districts_and_a_district_reviewer_only_its_own(city):
    names = lambda user: set(selectors.workers(user).values_list("name", flat=True))  # noqa: E731
    assert names(city.users["city"]) == {"东一", "西二", "机三"}
    assert names(city.users["d1"]) == {"东一"}
    assert names(city.users["d2"]) == {"西二"}


def test_rates_roll_up_to_the_city_and_stop_at_each_district(city):
    city_rows = {r.branch.code: r for r in selectors.tree_stats(city.users["city"])}
    assert city_rows["C"].total.workers == 3 and city_rows["C"].level == 0
    assert city_rows["D1"].total.workers == 1 and city_rows["D1"].total.women == 1
    assert city_rows["I1"].total.workers == 1
    d1_rows = {r.branch.code: r for r in selectors.tree_stats(city.users["d1"])}
    assert set(d1_rows) == {"D1", "E1", "E1B", "E1G"} and d1_rows["D1"].total.workers == 1


def test_units_under_a_federation_are_created_by_the_reviewers_at_or_above_it(city):
    assert allowed(city.users["city"], "branches.create_unit", city.city)
    assert allowed(city.users["city"], "branches.create_unit", city.d2)
    assert allowed(city.users["d1"], "branches.create_unit", city.d1)
    assert not allowed(city.users["d1"], "branches.create_unit", city.city)
    assert not allowed(city.users["d1"], "branches.create_unit", city.d2)
    assert not allowed(city.users["e1"], "branches.create_unit", city.d1)


def test_hardship_campaigns_run_at_any_federation_and_reviews_follow_the_subtree(city):
    assert allowed(city.users["city"], "hardship.create_campaign", city.city)
    assert allowed(city.users["city"], "hardship.create_campaign", city.d1)
    assert not allowed(city.users["d1"], "hardship.create_campaign", city.city)
    assert not allowed(city.users["e1"], "hardship.create_campaign", city.e1)
    assert list(hardship_selectors.districts_for(city.users["city"]))[0] == city.city
    campaign = campaign_for(city.city)
    east = application_in(campaign, city.w1, "reported")
    west = application_in(campaign, city.w2, "reported")
    seen = lambda user: set(hardship_selectors.applications_for(user))  # noqa: E731
    assert seen(city.users["city"]) == {east, west}
    assert seen(city.users["d1"]) == {east}
    assert seen(city.users["d2"]) == {west}
    assert set(hardship_selectors.enterprises_of_user(city.users["city"], campaign)) == {
        city.e1,
        city.e2,
        city.e3,
    }
    assert set(hardship_selectors.enterprises_of_user(city.users["d2"], campaign)) == {city.e2}


def test_assessment_never_opens_a_federation(city):
    units = set(assessment_permissions.units_in_scope(city.users["city"]))
    assert city.e1 in units and city.e3 in units
    assert not units & {city.city, city.d1, city.d2, city.industry}
    assert not allowed(city.users["city"], "assessment.open_assessment", city.d1)


def test_democracy_finds_the_enterprise_of_a_unit_at_any_depth(city):
    term = Term.objects.create(enterprise=city.e1, number=1, elected_on=dt.date(2025, 1, 15))
    assert set(democracy_common.enterprises(city.users["city"])) == {city.e1, city.e2, city.e3}
    assert set(democracy_common.enterprises(city.users["d2"])) == {city.e2}
    assert list(terms(city.users["e1b"])) == [term]  # a branch officer sees its enterprise's term
    assert list(terms(city.users["city"])) == [term]
    assert not terms(city.users["d2"]).exists()
    assert answer_unit(city.e1g) == city.e1b and answer_unit(city.e1b) == city.e1b
    assert answer_unit(city.e2) == city.e2


def test_ledger_findings_name_each_enterprise_of_the_city_and_only_the_districts_own(city):
    def enterprises_with_findings(user):
        return {f.branch for f in ledger_selectors.findings(user, today=dt.date(2026, 12, 1))}

    assert {city.e1, city.e2, city.e3} <= enterprises_with_findings(city.users["city"])
    # the district's own finding is its biennial commendation; the rest are its enterprises'
    assert enterprises_with_findings(city.users["d1"]) <= {city.d1, city.e1, city.e1b}
    assert city.e1 in enterprises_with_findings(city.users["d1"])
    own = {
        f.code
        for f in ledger_selectors.findings(city.users["d1"], today=dt.date(2026, 12, 1))
        if f.branch == city.d1
    }
    assert own <= {"ledger_commendation_due"}, own


def test_enterprise_paths_find_the_enterprise_above_a_branch_officer(city):
    above = selectors.enterprise_paths([city.e1b.path])
    assert above == {city.e1.path}
    assert rules.enterprise_prefix(city.e1g.path, above, Branch.steplen) == city.e1.path
    assert selectors.enterprise_paths([city.city.path]) == {city.e1.path, city.e2.path, city.e3.path}
