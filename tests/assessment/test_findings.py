"""The assessment's dues as findings of the federation dashboard: self-checks and the enterprise's
half-year initial and yearly overall evaluations not submitted (篇一 考评), reviews overdue, titles
due for re-check or lapsed (docs/DOMAIN.md, "Assessment")."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from assessment import findings as assessment_findings
from assessment import rules
from assessment.models import Assessment, TitleAward, Transition
from tests.assessment.conftest import YEAR, accept_meeting


def _of(found, code):
    return sorted((f.branch.code, f.severity) for f in found if f.code == code)


def test_self_checks_are_due_in_the_quarters_last_month_and_overdue_after_it(
    world, std_small, make_assessment
):
    make_assessment(world.branch_a1, std_small, number=4, state="self_scored")  # submitted
    make_assessment(world.branch_a2, std_small, number=4)  # a draft is not submitted
    admin = world.users["admin"]
    assert (
        _of(assessment_findings.findings(admin, today=dt.date(YEAR, 11, 20)), "assessment_self_check_due")
        == []
    )
    due = assessment_findings.findings(admin, today=dt.date(YEAR, 12, 5))
    assert _of(due, "assessment_self_check_due") == [("A1G", "warning"), ("A2", "warning"), ("B1", "warning")]
    after = assessment_findings.findings(admin, today=dt.date(YEAR + 1, 1, 10))
    assert ("A2", "danger") in _of(after, "assessment_self_check_due")
    message = next(f.message for f in due if f.branch.code == "A2" and f.code == "assessment_self_check_due")
    assert f"{YEAR}-12-31" in message


def test_the_enterprises_evaluations_are_findings_until_submitted(world, std_home, make_assessment):
    make_assessment(world.ent_a, std_home, kind="half_year", number=2, state="accepted")
    found = assessment_findings.findings(world.users["admin"], today=dt.date(YEAR, 12, 5))
    evaluations = [(f.branch.code, f.message) for f in found if f.code == "assessment_evaluation_due"]
    assert sorted(code for code, _m in evaluations) == ["A", "B", "B"]  # A owes the yearly one, B both
    assert any("半年初评" in m or "half-year" in m for _c, m in evaluations)
    september = assessment_findings.findings(world.users["admin"], today=dt.date(YEAR, 9, 5))
    assert _of(september, "assessment_evaluation_due") == []


def test_a_review_waiting_longer_than_allowed_is_overdue(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small, number=2, state="self_scored")
    submitted = timezone.make_aware(dt.datetime(YEAR, 5, 1, 9))
    Transition.objects.create(
        assessment=a, from_state="draft", to_state="self_scored", action="submit", at=submitted
    )
    on_time = dt.date(YEAR, 5, 1) + dt.timedelta(days=rules.REVIEW_DUE_DAYS)
    assert (
        _of(assessment_findings.findings(world.users["admin"], today=on_time), "assessment_review_overdue")
        == []
    )
    late = assessment_findings.findings(world.users["admin"], today=on_time + dt.timedelta(days=1))
    assert _of(late, "assessment_review_overdue") == [("A1", "danger")]
    assert next(f.url for f in late if f.code == "assessment_review_overdue") == a.get_absolute_url()


def _title(world, branch, standard, make_assessment, *, year, recheck_due):
    basis = accept_meeting(make_assessment(branch, standard, kind="district", number=1, year=year))
    return TitleAward.objects.create(
        branch=branch, title=standard.title, level="city", year=year, awarded_on=dt.date(year, 12, 1),
        decided_by="区总工会", assessment=basis, recheck_due=recheck_due,
    )  # fmt: skip


def test_titles_due_for_re_check_within_90_days_or_lapsed_are_findings(world, std_home, make_assessment):
    _title(world, world.ent_a, std_home, make_assessment, year=YEAR - 1, recheck_due=dt.date(YEAR, 12, 31))
    _title(
        world, world.ent_b, std_home, make_assessment, year=YEAR - 2, recheck_due=dt.date(YEAR - 1, 12, 31)
    )
    admin = world.users["admin"]
    early = assessment_findings.findings(admin, today=dt.date(YEAR, 9, 1))
    assert _of(early, "assessment_recheck_due") == [] and _of(early, "assessment_title_lapsed") == [
        ("B", "danger")
    ]
    soon = assessment_findings.findings(admin, today=dt.date(YEAR, 10, 2))
    assert _of(soon, "assessment_recheck_due") == [("A", "warning")]
    # a newer title of the same unit, title and level replaces the lapsed one
    _title(world, world.ent_b, std_home, make_assessment, year=YEAR, recheck_due=dt.date(YEAR + 1, 12, 31))
    assert (
        _of(assessment_findings.findings(admin, today=dt.date(YEAR, 10, 2)), "assessment_title_lapsed") == []
    )


def test_findings_stay_in_the_users_scope(world, std_home, make_assessment):
    _title(
        world, world.ent_b, std_home, make_assessment, year=YEAR - 2, recheck_due=dt.date(YEAR - 1, 12, 31)
    )
    today = dt.date(YEAR, 12, 5)
    mine = assessment_findings.findings(world.users["officer"], today=today)
    assert mine and {f.branch.path[: len(world.ent_a.path)] for f in mine} == {world.ent_a.path}
    assert assessment_findings.findings(world.users["admin"], world.ent_a, today=today) == mine


def test_the_dashboard_groups_the_assessments_findings(world, std_home, make_assessment, client_for):
    today = timezone.localdate()
    _title(
        world,
        world.ent_b,
        std_home,
        make_assessment,
        year=2024,
        recheck_due=today - dt.timedelta(days=1),
    )
    response = client_for(world.users["district"]).get(reverse("branches:dashboard"))
    groups = {g.code: g for g in response.context["groups"]}
    assert (
        groups["assessment_title_lapsed"].count == 1
        and groups["assessment_title_lapsed"].severity == "danger"
    )
    listing = client_for(world.users["district"]).get(
        reverse("branches:findings_list") + "?kind=assessment_title_lapsed"
    )
    assert [f.branch.code for f in listing.context["page"].object_list] == ["B"]
    assert Assessment.objects.count() == 1
