"""A step of an assessment confirms the state it reached and names the assessment."""

from django.contrib.messages import get_messages
from django.urls import reverse


def test_a_review_names_the_assessment(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    response = client_for(world.users["officer"]).post(
        reverse("assessment:assessment_transition", args=[a.pk]), {"action": "review", "state": "self_scored"}
    )
    a.refresh_from_db()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"{a.get_state_display()}：{a}"]
    assert "甲一分会" in str(a)
