"""Scores are parsed strictly in every form that takes one (the unit's self-score, the reviewer's
score): no NaN, no infinity, nothing above the item's points, only multiples of the item's step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.exceptions import AssessmentError
from assessment.models import StandardItem
from unionhome.models import AuditEvent


def _post(client, assessment, item_id, typed):
    return client.post(
        reverse("assessment:assessment_score", args=[assessment.pk]), {f"score-{item_id}": typed}, follow=True
    )


@pytest.mark.parametrize(
    "typed", ["NaN", "nan", "sNaN", "inf", "Infinity", "-inf", "1e2", "0x10", "4.5.5", "７"]
)
@pytest.mark.parametrize(
    "role,state,field", [("branch", "draft", "self_score"), ("officer", "self_scored", "reviewer_score")]
)
def test_a_score_that_is_no_number_is_a_message_not_a_500_and_nothing_changes(
    world, std_small, make_assessment, client_for, typed, role, state, field
):
    a = make_assessment(world.branch_a1, std_small, state=state)
    row = a.scores.first()
    before = getattr(row, field)
    events = AuditEvent.objects.count()
    response = _post(client_for(world.users[role]), a, row.item_id, typed)
    assert response.status_code == 200
    assert "不是有效分数" in response.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) == before and AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("typed", "message"), [("7.3", "0.5 的整数倍"), ("40.5", "0 至 40"), ("7.25", "0.5 的整数倍")]
)
@pytest.mark.parametrize(
    "role,state,field", [("branch", "draft", "self_score"), ("officer", "self_scored", "reviewer_score")]
)
def test_a_score_off_the_items_step_or_above_its_points_is_refused(
    world, std_small, make_assessment, client_for, typed, message, role, state, field
):
    a = make_assessment(world.branch_a1, std_small, state=state)
    row = a.scores.get(item__text="满意率")
    before = getattr(row, field)
    response = _post(client_for(world.users[role]), a, row.item_id, typed)
    assert message in response.content.decode()
    row.refresh_from_db()
    assert getattr(row, field) == before


def test_a_half_point_is_on_the_default_step(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    row = a.scores.get(item__text="满意率")
    services.assessment_score(
        actor=world.users["branch"], assessment=a, scores={row.item_id: (Decimal("37.5"), "")}
    )
    row.refresh_from_db()
    assert row.self_score == Decimal("37.5")


def test_an_item_declares_its_own_step(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    row = a.scores.get(item__text="满意率")
    StandardItem.objects.filter(pk=row.item_id).update(step=Decimal("2"))
    with pytest.raises(AssessmentError) as exc:
        services.assessment_score(
            actor=world.users["branch"], assessment=a, scores={row.item_id: (Decimal("37"), "")}
        )
    assert exc.value.code == "step"
    services.assessment_score(
        actor=world.users["branch"], assessment=a, scores={row.item_id: (Decimal("38"), "")}
    )
    row.refresh_from_db()
    assert row.self_score == Decimal("38")


@pytest.mark.parametrize(
    "value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity")]
)
def test_the_service_refuses_special_values_given_directly(world, std_small, make_assessment, value):
    a = make_assessment(world.branch_a1, std_small)
    row = a.scores.first()
    with pytest.raises(AssessmentError) as exc:
        services.assessment_score(
            actor=world.users["branch"], assessment=a, scores={row.item_id: (value, "")}
        )
    assert exc.value.code == "not_a_number"
    row.refresh_from_db()
    assert row.self_score is None
