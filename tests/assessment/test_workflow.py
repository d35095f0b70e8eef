"""The assessment's workflow declaration and its named permissions, role by role (docs/PERMISSIONS.md)."""

from __future__ import annotations

import pytest

from assessment.models import Assessment
from assessment.permissions import capacities
from assessment.rules import Capacity
from assessment.workflows import ASSESSMENT
from tests.assessment.permissions import PREDICATES
from unionhome import permissions, workflow

ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")


@pytest.mark.parametrize(
    ("state", "action", "to", "permission"),
    [
        ("draft", "submit", "self_scored", "assessment.self_check"),
        ("returned", "submit", "self_scored", "assessment.self_check"),
        ("self_scored", "review", "reviewed", "assessment.review"),
        ("self_scored", "return", "returned", "assessment.review"),
        ("reviewed", "accept", "accepted", "assessment.accept"),
        ("reviewed", "return", "returned", "assessment.accept"),
    ],
)
def test_the_one_table(state, action, to, permission):
    step = ASSESSMENT.steps[(state, action)]
    assert (step.to, step.permission, step.system) == (to, permission, False)


def test_the_declaration_is_sound_registered_and_has_no_other_steps():
    assert len(ASSESSMENT.steps) == 6
    assert ASSESSMENT.problems() == []
    assert ASSESSMENT in workflow.all_workflows()
    assert ASSESSMENT.final_states() == ["accepted"]
    assert ASSESSMENT.reason_required == frozenset({"return"})


CASES = [(name, n, role) for name, rows in PREDICATES.items() for n in range(len(rows)) for role in ROLES]


@pytest.mark.parametrize(("name", "row", "role"), CASES)
def test_each_named_permission_for_each_role(world, name, row, role):
    build, allowed = PREDICATES[name][row]
    assert permissions.allowed(world.user(role), name, build(world)) is (role in allowed)


def test_every_name_the_app_registers_is_in_the_table():
    names = {n for n in permissions.registered() if n.startswith("assessment.")}
    assert names == set(PREDICATES)


def test_every_step_names_a_permission_of_the_table():
    assert {step.permission for step in ASSESSMENT.steps.values()} <= set(PREDICATES)


def test_capacities_of_a_branch_officer_over_their_group_and_their_branch(world):
    user = world.users["branch"]
    assert capacities(user, world.group_a1) == {Capacity.SELF, Capacity.REVIEWER}
    assert capacities(user, world.branch_a1) == {Capacity.SELF}
    assert capacities(user, world.ent_a) == set()


def test_an_inactive_officer_is_refused_every_part(world):
    user = world.users["officer"]
    user.is_active = False
    assert not permissions.allowed(user, "assessment.accept", Assessment(branch=world.branch_a1))
