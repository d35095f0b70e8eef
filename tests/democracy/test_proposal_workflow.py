"""The proposal workflow on the kernel engine: who may take each step, and refusals that write nothing."""

import datetime as dt

import pytest

from democracy import services
from democracy.exceptions import DemocracyError, PermissionRefused
from democracy.models import Proposal, ProposalTransition
from democracy.workflows import PROPOSAL
from tests.democracy.conftest import make_term
from unionhome import workflow
from unionhome.models import AuditEvent

ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")

# Each step's input, so that only the permission (never a guard) can refuse it.
STEP_INPUT = {
    "convert": {"comment": "属日常管理"},
    "assign": {"department": "后勤部", "due_date": dt.date(2030, 1, 1)},
    "answer": {"answer": "已落实"},
}


def _proposal(world, state="submitted") -> Proposal:
    term = make_term(world)
    others = [r.worker for r in term.representatives.exclude(worker=world.worker_a1)[:2]]
    p = services.proposal_submit(
        actor=world.users["worker"], kind="proposal", title="增设班车", content="早班无车", cosigners=others
    )
    Proposal.objects.filter(pk=p.pk).update(state=state)
    return Proposal.objects.get(pk=p.pk)


def _footprint(p: Proposal):
    p = Proposal.objects.get(pk=p.pk)
    return (
        p.state,
        p.kind,
        p.department,
        p.answer,
        p.conversion_reason,
        ProposalTransition.objects.filter(proposal=p).count(),
        AuditEvent.objects.count(),
    )


STEPS = sorted(PROPOSAL.steps)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("state", "action"), STEPS)
def test_each_step_is_taken_by_its_permission_only_and_a_refusal_writes_nothing(world, state, action, role):
    p = _proposal(world, state)
    user = world.user(role)
    step = PROPOSAL.steps[(state, action)]
    expected = {
        "democracy.handle_proposal": role in ("officer", "admin"),
        "democracy.follow_own_proposal": role == "worker",  # 张三 wrote it
    }[step.permission]
    assert workflow.may_take(PROPOSAL, step, user, p) is expected
    assert (action in [a.code for a in workflow.available_actions(PROPOSAL, p, user)]) is expected
    before = _footprint(p)
    if expected:
        p = services.proposal_act(
            actor=user, proposal=p, action=action, expected_state=state, **STEP_INPUT.get(action, {})
        )
        assert p.state == step.to
        row = p.transitions.last()
        assert (row.from_state, row.to_state, row.action, row.actor_id) == (state, step.to, action, user.pk)
        assert row.actor_name == str(user)  # the full name, else the roster name, else the login
        assert AuditEvent.objects.filter(action=f"proposal.{action}").count() == 1
    else:
        with pytest.raises(PermissionRefused):
            services.proposal_act(actor=user, proposal=p, action=action, **STEP_INPUT.get(action, {}))
        assert _footprint(p) == before


@pytest.mark.parametrize(
    ("state", "action"), [("submitted", "answer"), ("converted", "accept"), ("satisfied", "reopen")]
)
def test_a_step_not_open_in_the_state_is_a_state_conflict_and_writes_nothing(world, state, action):
    p = _proposal(world, state)
    before = _footprint(p)
    with pytest.raises(workflow.StateConflict) as refused:
        services.proposal_act(
            actor=world.users["officer"], proposal=p, action=action, **STEP_INPUT.get(action, {})
        )
    assert refused.value.code == "state"
    assert _footprint(p) == before


def test_an_unknown_action_is_refused_and_writes_nothing(world):
    p = _proposal(world)
    before = _footprint(p)
    with pytest.raises(workflow.UnknownAction):
        services.proposal_act(actor=world.users["officer"], proposal=p, action="delete")
    assert _footprint(p) == before


def test_a_stale_page_and_a_double_click_give_one_transition(world):
    p = _proposal(world)
    officer = world.users["officer"]
    services.proposal_act(actor=officer, proposal=p, action="accept", expected_state="submitted")
    after_first = _footprint(p)
    with pytest.raises(workflow.StateConflict) as stale:
        services.proposal_act(actor=officer, proposal=p, action="accept", expected_state="submitted")
    assert stale.value.code == "stale"
    with pytest.raises(workflow.StateConflict) as again:  # the same click without the page's state
        services.proposal_act(actor=officer, proposal=p, action="accept")
    assert again.value.code == "state"
    assert _footprint(p) == after_first
    assert p.transitions.filter(action="accept").count() == 1


@pytest.mark.parametrize(
    ("state", "action", "given", "code"),
    [
        ("accepted", "assign", {"department": "", "due_date": dt.date(2030, 1, 1)}, "assign"),
        ("accepted", "assign", {"department": "后勤部", "due_date": None}, "assign"),
        ("assigned", "answer", {"answer": "   "}, "answer"),
    ],
)
def test_a_step_without_its_input_is_refused_and_writes_nothing(world, state, action, given, code):
    p = _proposal(world, state)
    before = _footprint(p)
    with pytest.raises(DemocracyError) as refused:
        services.proposal_act(actor=world.users["officer"], proposal=p, action=action, **given)
    assert refused.value.code == code
    assert _footprint(p) == before


def test_history_keeps_who_why_and_the_labels(world):
    p = _proposal(world, "answered")
    services.proposal_act(actor=world.users["worker"], proposal=p, action="not_satisfied", comment=" 太晚了 ")
    from democracy import selectors

    rows = selectors.labelled_transitions(p)
    assert [(r.action, r.from_state, r.to_state) for r in rows] == [
        ("submit", "", "submitted"),
        ("not_satisfied", "answered", "not_satisfied"),
    ]
    assert rows[-1].reason == "太晚了" and rows[-1].action_label == str(
        PROPOSAL.action_label("not_satisfied")
    )
    event = AuditEvent.objects.get(action="proposal.not_satisfied")
    assert event.before["state"] == "answered"
    assert event.after["state"] == "not_satisfied" and "reason" in event.after  # (free text: redacted)
