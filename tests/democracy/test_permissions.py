"""Every named permission of democratic management answers each role as its table says
(tests/democracy/permissions.py, PREDICATES; the policy is docs/PERMISSIONS.md)."""

import pytest

from tests.democracy.conftest import make_term
from tests.democracy.permissions import PREDICATE_ROLES, PREDICATES
from unionhome import permissions

CASES = [(name, i) for name in sorted(PREDICATES) for i in range(len(PREDICATES[name]))]


def test_every_permission_of_the_app_has_a_row():
    names = {n for n in permissions.registered() if n.startswith("democracy.")}
    assert names == set(PREDICATES)


@pytest.mark.parametrize(("name", "row"), CASES)
def test_permission_answers_each_role_as_its_row_says(world, name, row):
    make_term(world)  # 张三, the `worker` user, is a representative of enterprise A
    grant = PREDICATES[name][row]
    obj = grant.obj(world) if grant.obj else None
    answers = {role: permissions.allowed(world.user(role), name, obj) for role in PREDICATE_ROLES}
    assert answers == {role: role in grant.roles for role in PREDICATE_ROLES}


def test_a_worker_who_has_left_loses_the_enterprise_s_internal_pages(world):
    make_term(world)
    world.worker_a1.status = "left"
    world.worker_a1.save()
    user = type(world.users["worker"]).objects.get(pk=world.users["worker"].pk)
    for name in ("democracy.read_internal", "democracy.submit_proposal", "democracy.vote_on_resolution"):
        assert not permissions.allowed(user, name)
