"""A title rests on an accepted assessment of the same unit against the standard of that title, not
vetoed; one title per unit, title, level and period (docs/DOMAIN.md, "Titles")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse

from assessment import services
from assessment.exceptions import AssessmentError, Conflict, PermissionRefused
from assessment.models import Assessment, TitleAward, TitleTransition
from tests.assessment.conftest import YEAR, accept_meeting, home_spec
from unionhome.models import AuditEvent

DAY = dt.date(YEAR, 12, 1)


def vetoed(assessment: Assessment, total="96.3") -> Assessment:
    """An accepted assessment with a high total that a veto disqualified."""
    accept_meeting(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(
        rating="does_not_meet", vetoed=True, total=Decimal(total)
    )
    assessment.refresh_from_db()
    return assessment


def award(world, branch, assessment, *, actor="officer", title="model_small_home", level="enterprise"):
    return services.title_award(
        actor=world.users[actor], branch=branch, title=title, level=level,
        awarded_on=DAY, decided_by="甲企业工会", assessment=assessment,
    )  # fmt: skip


def counts():
    """What a refusal must leave as it was: titles, their steps, the audit trail."""
    return (TitleAward.objects.count(), TitleTransition.objects.count(), AuditEvent.objects.count())


def test_a_title_on_an_accepted_assessment_of_its_standard_records_period_recheck_and_its_first_step(
    world, std_small, make_assessment
):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    t = award(world, world.branch_a1, a)
    assert (t.assessment, t.year, t.state) == (a, YEAR, "awarded")
    assert t.recheck_due == dt.date(YEAR + 1, 12, 31)
    step = TitleTransition.objects.get(title_award=t)
    assert (step.from_state, step.to_state, step.actor) == ("", "awarded", world.users["officer"])
    assert AuditEvent.objects.filter(action="assessment.title_award", object_id=str(t.pk)).exists()


def test_a_title_without_a_basis_is_refused(world):
    before = counts()
    with pytest.raises(AssessmentError) as exc:
        award(world, world.branch_a1, None)
    assert exc.value.code == "basis"
    assert counts() == before


def test_a_vetoed_assessment_is_no_basis_for_a_title(world, std_home, make_assessment):
    a = vetoed(make_assessment(world.ent_a, std_home, kind="district", number=1))
    before = counts()
    with pytest.raises(AssessmentError, match="否决|vetoed"):
        award(world, world.ent_a, a, actor="district", title="model_home", level="city")
    assert counts() == before


@pytest.mark.parametrize("state", ["draft", "self_scored", "reviewed", "returned"])
def test_an_assessment_not_accepted_is_no_basis(world, std_small, make_assessment, state):
    a = make_assessment(world.branch_a1, std_small, state=state)
    Assessment.objects.filter(pk=a.pk).update(rating="meets", vetoed=False, total=100)
    before = counts()
    with pytest.raises(AssessmentError) as exc:
        award(world, world.branch_a1, a)
    assert exc.value.code == "basis"
    assert counts() == before


def test_an_assessment_of_another_unit_is_no_basis(world, std_small, make_assessment):
    a = accept_meeting(make_assessment(world.branch_a2, std_small))
    before = counts()
    with pytest.raises(AssessmentError) as exc:
        award(world, world.branch_a1, a)
    assert exc.value.code == "basis"
    assert counts() == before


def test_a_title_does_not_rest_on_an_assessment_against_another_standard(world, make_assessment):
    # an enterprise accepted against the advanced-home standard cannot hold the model-home title
    advanced = services.standard_save(
        actor=world.users["district"],
        spec=home_spec(code="advanced", name="先进职工之家标准", title="advanced_home"),
    )
    a = accept_meeting(make_assessment(world.ent_a, advanced, kind="district", number=1))
    before = counts()
    with pytest.raises(AssessmentError, match="先进职工之家标准"):
        award(world, world.ent_a, a, actor="district", title="model_home", level="city")
    assert counts() == before
    assert (
        award(world, world.ent_a, a, actor="district", title="advanced_home", level="city").title
        == "advanced_home"
    )


def test_one_title_per_unit_title_level_and_period(world, std_small, make_assessment):
    first = accept_meeting(make_assessment(world.branch_a1, std_small, number=3))
    second = accept_meeting(make_assessment(world.branch_a1, std_small, number=4))
    award(world, world.branch_a1, first)
    before = counts()
    with pytest.raises(Conflict) as exc:
        award(world, world.branch_a1, second)  # same year: the same period
    assert exc.value.code == "duplicate"
    assert counts() == before
    # another level is another title; another year another period
    assert award(world, world.branch_a1, second, level="city").level == "city"
    later = accept_meeting(make_assessment(world.branch_a1, std_small, number=1, year=YEAR + 1))
    assert award(world, world.branch_a1, later).year == YEAR + 1


def test_the_database_refuses_a_second_title_for_the_same_period(world, std_small, make_assessment):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    t = award(world, world.branch_a1, a)
    with pytest.raises(IntegrityError):
        TitleAward.objects.create(
            branch=t.branch, title=t.title, level=t.level, year=t.year, awarded_on=DAY,
            decided_by="x", assessment=a, recheck_due=t.recheck_due,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("role", "unit"), [("district", "branch_a1"), ("branch", "branch_a1"), ("officer_b", "branch_a1")]
)
def test_titles_outside_ones_part_are_refused(world, std_small, make_assessment, role, unit):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    before = counts()
    with pytest.raises(PermissionRefused):
        award(world, getattr(world, unit), a, actor=role)
    assert counts() == before


# --- the page ---------------------------------------------------------------------------------------


def test_the_title_form_offers_only_accepted_assessments_not_vetoed(
    world, std_home, make_assessment, client_for
):
    good = accept_meeting(make_assessment(world.ent_a, std_home, kind="district", number=1, year=YEAR - 1))
    bad = vetoed(make_assessment(world.ent_a, std_home, kind="district", number=1))
    draft = make_assessment(world.ent_a, std_home, kind="half_year", number=1)
    page = client_for(world.users["district"]).get(reverse("assessment:title_award", args=[world.ent_a.pk]))
    offered = [value for value, _label in page.context["form"].fields["assessment"].choices if value]
    assert offered == [good.pk]
    assert bad.pk not in offered and draft.pk not in offered


def test_the_title_form_refuses_a_vetoed_basis_with_a_form_error(
    world, std_home, make_assessment, client_for
):
    a = vetoed(make_assessment(world.ent_a, std_home, kind="district", number=1))
    events = AuditEvent.objects.count()
    response = client_for(world.users["district"]).post(
        reverse("assessment:title_award", args=[world.ent_a.pk]),
        {
            "title": "model_home",
            "level": "city",
            "awarded_on": "2026-12-01",
            "decided_by": "区总",
            "assessment": a.pk,
        },
    )
    assert response.status_code == 200
    assert "被一票否决" in str(
        response.context["form"].errors["assessment"]
    )  # the reason, not "unknown choice"
    assert not TitleAward.objects.exists() and AuditEvent.objects.count() == events


def test_the_title_form_requires_a_basis(world, client_for):
    response = client_for(world.users["district"]).post(
        reverse("assessment:title_award", args=[world.ent_a.pk]),
        {"title": "model_home", "level": "city", "awarded_on": "2026-12-01", "decided_by": "区总"},
    )
    assert response.status_code == 200 and "assessment" in response.context["form"].errors
    assert not TitleAward.objects.exists()


def test_the_title_form_refuses_a_second_title_for_the_period(world, std_small, make_assessment, client_for):
    first = accept_meeting(make_assessment(world.branch_a1, std_small, number=3))
    second = accept_meeting(make_assessment(world.branch_a1, std_small, number=4))
    award(world, world.branch_a1, first)
    response = client_for(world.users["officer"]).post(
        reverse("assessment:title_award", args=[world.branch_a1.pk]),
        {"title": "model_small_home", "level": "enterprise", "awarded_on": "2026-12-01", "decided_by": "甲",
         "assessment": second.pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert "已有" in str(response.context["form"].non_field_errors())
    assert TitleAward.objects.count() == 1


def test_the_title_form_refuses_a_basis_of_another_standard(world, make_assessment, client_for):
    advanced = services.standard_save(
        actor=world.users["district"],
        spec=home_spec(code="advanced", name="先进职工之家标准", title="advanced_home"),
    )
    a = accept_meeting(make_assessment(world.ent_a, advanced, kind="district", number=1))
    response = client_for(world.users["district"]).post(
        reverse("assessment:title_award", args=[world.ent_a.pk]),
        {
            "title": "model_home",
            "level": "city",
            "awarded_on": "2026-12-01",
            "decided_by": "区总",
            "assessment": a.pk,
        },
    )
    assert response.status_code == 200 and "先进职工之家标准" in str(
        response.context["form"].errors["assessment"]
    )
    assert not TitleAward.objects.exists()
