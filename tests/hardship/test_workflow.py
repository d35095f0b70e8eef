"""The declaration of the application workflow (hardship/workflows.py): its table and soundness."""

import pytest

from hardship import rules
from hardship.workflows import APPLICATION
from unionhome import workflow


@pytest.mark.parametrize(
    ("state", "action", "expected", "permission"),
    [
        ("draft", "submit", "submitted", "hardship.edit_application"),
        ("draft", "withdraw", "withdrawn", "hardship.edit_application"),
        ("submitted", "return", "returned", "hardship.review_application"),
        ("submitted", "approve", "approved", "hardship.review_application"),
        ("submitted", "reject", "rejected", "hardship.review_application"),
        ("submitted", "withdraw", "withdrawn", "hardship.withdraw_submitted"),
        ("returned", "resubmit", "submitted", "hardship.edit_application"),
        ("returned", "withdraw", "withdrawn", "hardship.edit_application"),
        ("approved", "publish", "on_notice", "hardship.review_application"),
        ("on_notice", "object", "objected", "hardship.review_application"),
        ("on_notice", "end_notice", "notice_ended", "hardship.review_application"),
        ("notice_ended", "object", "objected", "hardship.review_application"),
        ("objected", "uphold", "rejected", "hardship.review_application"),
        ("objected", "dismiss", "on_notice", "hardship.review_application"),
        ("notice_ended", "report", "reported", "hardship.review_application"),
        ("reported", "district_approve", "district_approved", "hardship.decide_reported"),
        ("reported", "district_reject", "district_rejected", "hardship.decide_reported"),
        ("district_approved", "record_relief", "relief_delivered", "hardship.decide_reported"),
    ],
)
def test_the_table_leads_through_the_seed_procedure(state, action, expected, permission):
    step = APPLICATION.steps[(state, action)]
    assert (step.to, step.permission) == (expected, permission)
    assert step.system is (action == "end_notice")  # the scheduler ends the notices


def test_the_table_has_exactly_those_steps_and_is_sound():
    assert len(APPLICATION.steps) == 18
    assert APPLICATION.problems() == []
    assert workflow.all_workflows().count(APPLICATION) == 1


@pytest.mark.parametrize(
    ("state", "action"),
    [
        ("approved", "approve"),  # a double click
        ("on_notice", "report"),  # not before the notice ended
        ("approved", "withdraw"),  # too late to withdraw
        ("reported", "object"),  # an objection after the report
        ("relief_delivered", "record_relief"),
    ],
)
def test_the_table_has_no_other_steps(state, action):
    assert (state, action) not in APPLICATION.steps


def test_every_final_state_has_no_way_out():
    assert set(APPLICATION.final_states()) == rules.FINAL_STATES


def test_the_reasons_and_labels_follow_the_rules():
    assert APPLICATION.reason_required == rules.REASON_REQUIRED
    assert set(APPLICATION.actions) == set(APPLICATION.all_actions())
    assert APPLICATION.action_label("return") == "退回补充材料"  # translated when asked, not at import
