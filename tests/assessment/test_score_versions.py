"""Two officers scoring the same assessment at once: the later save, made from a stale page, is refused."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessment import services
from assessment.models import Assessment
from unionhome.models import AuditEvent
from unionhome.versioning import StaleEdit


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shown_version(client, assessment) -> str:
    page = client.get(reverse("assessment:assessment_detail", args=[assessment.pk])).content.decode()
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the score form carries the assessment's version"
    return found.group(1)


@pytest.mark.parametrize(
    ("state", "role", "field", "action"),
    [
        ("draft", "branch", "self_score", "assessment.self_score"),
        ("self_scored", "officer", "reviewer_score", "assessment.reviewer_score"),
    ],
)
def test_the_later_save_from_a_stale_page_is_refused(
    world, std_small, make_assessment, state, role, field, action
):
    a = make_assessment(world.branch_a1, std_small, state=state)
    items = {s.item.text: s.item_id for s in a.scores.select_related("item")}
    first, second = _session(world.users[role]), _session(world.users[role])
    shown_first, shown_second = _shown_version(first, a), _shown_version(second, a)
    assert shown_first == shown_second
    url = reverse("assessment:assessment_score", args=[a.pk])

    saved = first.post(url, {"version": shown_first, f"score-{items['班子健全']}": "55"})
    assert saved.status_code == 302
    events = AuditEvent.objects.filter(action=action).count()

    refused = second.post(
        url,
        {
            "version": shown_second,
            f"score-{items['班子健全']}": "30",
            f"score-{items['满意率']}": "10",
            f"comment-{items['满意率']}": "后来者",
        },
        follow=True,
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "已被他人修改" in page
    assert "现存内容： 班子健全: 55.0" in page  # what the first save stored, by item
    scores = {s.item.text: s for s in a.scores.select_related("item")}
    assert getattr(scores["班子健全"], field) == Decimal("55")
    assert getattr(scores["满意率"], field) != Decimal("10")
    assert "后来者" not in (scores["满意率"].self_comment + scores["满意率"].reviewer_comment)
    assert AuditEvent.objects.filter(action=action).count() == events
    assert Assessment.objects.get(pk=a.pk).version == int(shown_first) + 1


def test_every_score_save_raises_the_version_and_a_fresh_page_may_save(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.first().item_id
    client = _session(world.users["branch"])
    url = reverse("assessment:assessment_score", args=[a.pk])
    for score in ("10", "20"):
        shown = _shown_version(client, a)
        assert client.post(url, {"version": shown, f"score-{item}": score}).status_code == 302
        assert Assessment.objects.get(pk=a.pk).version == int(shown) + 1
    assert a.scores.get(item_id=item).self_score == Decimal("20")


def test_the_service_refuses_a_stale_version_before_writing(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.first().item_id
    user = world.users["branch"]
    shown = a.version
    services.assessment_score(actor=user, assessment=a, scores={item: (Decimal("5"), "")}, version=shown)
    with pytest.raises(StaleEdit) as refused:
        services.assessment_score(actor=user, assessment=a, scores={item: (Decimal("6"), "")}, version=shown)
    assert refused.value.changes == [("班子健全", "5.0")]
    assert a.scores.get(item_id=item).self_score == Decimal("5")
    # A caller that showed no page (scripts) is not checked.
    services.assessment_score(actor=user, assessment=a, scores={item: (Decimal("7"), "")})
    assert a.scores.get(item_id=item).self_score == Decimal("7")
