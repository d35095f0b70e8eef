"""Fixtures of the assessment tests: standards, assessments in any state, fake fact providers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assessment import services
from assessment.models import Assessment, Standard
from branches.facts import Fact
from tests.assessment import providers

YEAR = 2026


def small_spec(**over) -> dict:
    spec = {
        "code": "small",
        "name": "小家标准",
        "issuer": "测试区总工会",
        "level": "small_home",
        "title": "model_small_home",
        "effective_date": dt.date(2024, 1, 1),
        "pass_mark": 85,
        "items": [
            {"section": "组织", "text": "班子健全", "points": 60},
            {"section": "民主", "text": "满意率", "points": 40, "indicator": "members_satisfaction_rate"},
        ],
        "vetoes": [],
    }
    spec.update(over)
    return spec


def home_spec(**over) -> dict:
    spec = small_spec(
        code="home",
        name="模范职工之家标准",
        level="home",
        title="model_home",
        items=[
            {"section": "规范", "text": "组织健全", "points": 50, "indicator": "enrolment_rate"},
            {"section": "和谐", "text": "职代会", "points": 50, "indicator": "congress_held"},
        ],
        vetoes=[
            {"text": "入会率低于95%", "indicator": "enrolment_rate"},
            {"text": "60%以上分会达不到模范职工小家标准", "indicator": "branches_below_small_home_share"},
            {"text": "未建立职代会制度", "indicator": "congress_held"},
        ],
    )
    spec.update(over)
    return spec


@pytest.fixture
def fake_facts(settings):
    settings.UNIONHOME_FACT_PROVIDERS = [
        "tests.assessment.providers.fake_provider",
        "tests.assessment.providers.second_provider",
    ]
    providers.FACTS.clear()
    yield providers.FACTS
    providers.FACTS.clear()


@pytest.fixture
def std_small(world) -> Standard:
    return services.standard_save(actor=world.users["district"], spec=small_spec())


@pytest.fixture
def std_home(world) -> Standard:
    return services.standard_save(actor=world.users["district"], spec=home_spec())


def put_state(assessment: Assessment, state: str, *, self_scores=None, reviewer_scores=None) -> Assessment:
    """Bring an assessment to a state directly (test set-up, not a workflow step)."""
    for s in assessment.scores.select_related("item"):
        if self_scores is not None:
            s.self_score = Decimal(self_scores.get(s.item.text, s.item.points))
        if reviewer_scores is not None:
            s.reviewer_score = Decimal(reviewer_scores.get(s.item.text, s.item.points))
        s.save()
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def make_assessment(world):
    def make(branch, standard, *, kind="quarterly", number=4, state="draft", scored=False, year=YEAR):
        actor = world.users["admin"]
        a = services.assessment_create(
            actor=actor, branch=branch, standard=standard, period_kind=kind, year=year, number=number
        )
        if scored or state != "draft":
            put_state(a, state, self_scores={}, reviewer_scores={} if state != "draft" else None)
        return a

    return make


def accept_meeting(assessment: Assessment, rating: str = "meets") -> Assessment:
    put_state(assessment, "accepted", self_scores={}, reviewer_scores={})
    Assessment.objects.filter(pk=assessment.pk).update(rating=rating, total=Decimal(100), vetoed=False)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def clear_home_facts(fake_facts, world, std_small, make_assessment):
    """Facts under which enterprise A clears every veto of ``home_spec``."""
    for branch in (world.branch_a1, world.branch_a2):
        accept_meeting(make_assessment(branch, std_small, number=1))
    fake_facts["A"] = {
        "enrolment_rate": Fact(Decimal("0.9600"), "96 of 100", "roster"),
        "congress_held": Fact(True, "", "congress 2026"),
    }
    return fake_facts
