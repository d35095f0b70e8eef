"""A title's life after the award: filed with the higher union (备案), renewed by a re-check
assessment or lapsed, and the biennial commendation (docs/DOMAIN.md, "Titles")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessment import selectors, services
from assessment.exceptions import AssessmentError, Conflict, PermissionRefused
from assessment.models import TitleAward, TitleTransition
from tests.assessment.conftest import YEAR, accept_meeting
from tests.assessment.test_titles_award import DAY, award, counts, vetoed
from unionhome.models import AuditEvent


@pytest.fixture
def small_title(world, std_small, make_assessment) -> TitleAward:
    return award(world, world.branch_a1, accept_meeting(make_assessment(world.branch_a1, std_small)))


def test_the_district_files_a_small_home_title_and_who_and_when_are_kept(world, small_title):
    filed = services.title_file(
        actor=world.users["district"], award=small_title, note="实业集团工会备案第3号"
    )
    assert filed.state == "filed" and filed.filed_by == world.users["district"] and filed.filed_at is not None
    step = TitleTransition.objects.filter(title_award=small_title).latest()
    assert (step.action, step.from_state, step.to_state) == ("file", "awarded", "filed")
    assert step.actor == world.users["district"] and step.reason == "实业集团工会备案第3号"
    assert AuditEvent.objects.filter(action="title.file", object_id=str(small_title.pk)).exists()


@pytest.mark.parametrize("role", ["officer", "branch", "officer_b"])
def test_only_the_higher_union_files_a_title(world, small_title, role):
    before = counts()
    with pytest.raises(PermissionRefused):
        services.title_file(actor=world.users[role], award=small_title)
    assert counts() == before
    assert TitleAward.objects.get(pk=small_title.pk).state == "awarded"


def test_a_title_is_filed_once(world, small_title):
    services.title_file(actor=world.users["district"], award=small_title)
    before = counts()
    with pytest.raises(Conflict):
        services.title_file(actor=world.users["district"], award=small_title)
    with pytest.raises(Conflict):  # a second click from a page that still showed it unfiled
        services.title_file(actor=world.users["district"], award=small_title, expected_state="awarded")
    assert counts() == before


def test_the_filing_button_is_the_districts_and_files_through_the_page(world, small_title, client_for):
    unit = reverse("assessment:unit", args=[world.branch_a1.pk])
    file_url = reverse("assessment:title_file", args=[small_title.pk])
    assert file_url not in client_for(world.users["officer"]).get(unit).content.decode()
    officer = client_for(world.users["officer"]).post(file_url, {})
    assert officer.status_code == 403
    district = client_for(world.users["district"])
    assert file_url in district.get(unit).content.decode()
    response = district.post(file_url, {"state": "awarded", "note": "备案"})
    assert response.status_code == 302
    assert TitleAward.objects.get(pk=small_title.pk).state == "filed"


# --- re-check and lapse -------------------------------------------------------------------------------


def test_a_recheck_assessment_of_a_later_year_renews_the_title(
    world, std_small, make_assessment, small_title
):
    later = accept_meeting(make_assessment(world.branch_a1, std_small, number=2, year=YEAR + 1))
    renewed = services.title_recheck(actor=world.users["officer"], award=small_title, assessment=later)
    assert renewed.recheck_assessment == later and renewed.recheck_due == dt.date(YEAR + 2, 12, 31)
    assert renewed.state == "awarded"
    assert TitleTransition.objects.filter(title_award=small_title, action="recheck").exists()


@pytest.mark.parametrize("case", ["same_year", "vetoed", "not_accepted", "other_unit"])
def test_a_recheck_that_does_not_hold_is_refused_and_nothing_changes(
    world, std_small, make_assessment, small_title, case
):
    if case == "same_year":
        basis = accept_meeting(make_assessment(world.branch_a1, std_small, number=2))
    elif case == "vetoed":
        basis = vetoed(make_assessment(world.branch_a1, std_small, number=2, year=YEAR + 1))
    elif case == "not_accepted":
        basis = make_assessment(world.branch_a1, std_small, number=2, year=YEAR + 1, state="reviewed")
    else:
        basis = accept_meeting(make_assessment(world.branch_a2, std_small, number=2, year=YEAR + 1))
    before = counts()
    with pytest.raises(AssessmentError):
        services.title_recheck(actor=world.users["officer"], award=small_title, assessment=basis)
    assert counts() == before
    kept = TitleAward.objects.get(pk=small_title.pk)
    assert kept.recheck_due == dt.date(YEAR + 1, 12, 31) and kept.recheck_assessment is None


def test_the_recheck_is_the_awarding_levels(world, std_small, make_assessment, small_title):
    later = accept_meeting(make_assessment(world.branch_a1, std_small, number=2, year=YEAR + 1))
    before = counts()
    with pytest.raises(PermissionRefused):
        services.title_recheck(actor=world.users["branch"], award=small_title, assessment=later)
    assert counts() == before


def test_a_title_past_its_recheck_date_shows_as_lapsed(world, small_title, client_for):
    assert not small_title.lapsed_on(dt.date(YEAR + 1, 12, 31))
    assert small_title.lapsed_on(dt.date(YEAR + 2, 1, 1))
    TitleAward.objects.filter(pk=small_title.pk).update(recheck_due=dt.date(2020, 12, 31))
    page = client_for(world.users["officer"]).get(reverse("assessment:unit", args=[world.branch_a1.pk]))
    assert 'data-lapsed="1"' in page.content.decode() and "已失效" in page.content.decode()
    ranking = selectors.overview(world.users["district"], YEAR, dt.date(YEAR, 12, 1))
    row = next(r for r in ranking.rows if r.branch == world.branch_a1)
    assert row.titles == []  # a lapsed title is not shown as held


# --- the biennial commendation ------------------------------------------------------------------------


def test_the_commendation_lists_filed_titles_in_force_of_its_two_years(
    world, std_small, make_assessment, client_for
):
    filed = award(
        world, world.branch_a1, accept_meeting(make_assessment(world.branch_a1, std_small, year=YEAR - 1))
    )
    services.title_file(actor=world.users["district"], award=filed)
    unfiled = award(world, world.branch_a2, accept_meeting(make_assessment(world.branch_a2, std_small)))
    old = award(
        world, world.branch_a1, accept_meeting(make_assessment(world.branch_a1, std_small, year=YEAR - 2))
    )
    services.title_file(actor=world.users["district"], award=old)
    rows = selectors.commendation(world.users["district"], YEAR, DAY)
    by_award = {r.award: r for r in rows}
    assert old not in by_award  # outside the two years
    assert by_award[filed].qualifies and not by_award[unfiled].qualifies
    assert rows[0].award == filed  # qualifying first
    TitleAward.objects.filter(pk=filed.pk).update(recheck_due=dt.date(YEAR, 6, 30))
    assert not selectors.commendation(world.users["district"], YEAR, DAY)[0].qualifies
    page = client_for(world.users["district"]).get(reverse("assessment:commendation") + f"?year={YEAR}")
    assert page.status_code == 200 and "甲二分会" in page.content.decode()
    outside = selectors.commendation(world.users["officer_b"], YEAR, DAY)
    assert outside == []  # scoped: another enterprise's officer sees none of them
