"""Named permissions (unionhome.permissions) and the template tag that asks them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine
from django.utils import translation

from branches.models import Appointment
from unionhome import permissions
from unionhome.exceptions import PermissionRefused

Role = Appointment.Role


@pytest.fixture
def named():
    """Register throwaway names for one test and forget them afterwards."""
    names: list[str] = []

    def register(name, predicate=None):
        names.append(name)
        return permissions.perm(name, predicate) if predicate is not None else permissions.perm(name)

    yield register
    for name in names:
        permissions.unregister(name)


def thing(world, branch="branch_a1", worker="worker_a1"):
    """Any object with a branch and a worker: predicates only read attributes."""
    return SimpleNamespace(branch=getattr(world, branch), worker_id=getattr(world, worker).pk)


def test_a_predicate_over_scope_allows_the_role_at_the_node_or_above_and_nobody_else(world, named):
    named("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))
    in_a, in_b = thing(world), thing(world, "branch_b1", "worker_b1")

    assert permissions.allowed(world.users["officer"], "kernel_tests.decide", in_a)
    assert permissions.allowed(world.users["admin"], "kernel_tests.decide", in_a)
    assert not permissions.allowed(world.users["officer"], "kernel_tests.decide", in_b)
    assert not permissions.allowed(world.users["branch"], "kernel_tests.decide", in_a)
    assert not permissions.allowed(world.users["district"], "kernel_tests.decide", in_a)
    assert not permissions.allowed(world.users["worker"], "kernel_tests.decide", in_a)
    assert not permissions.allowed(world.users["officer"], "kernel_tests.decide")  # no object, no path


def test_covers_below_excludes_the_appointments_own_node(world, named):
    named("kernel_tests.review", permissions.covers_below("branch.path", Role.BRANCH_OFFICER))
    branch_officer = world.users["branch"]

    assert permissions.allowed(branch_officer, "kernel_tests.review", SimpleNamespace(branch=world.group_a1))
    assert not permissions.allowed(
        branch_officer, "kernel_tests.review", SimpleNamespace(branch=world.branch_a1)
    )


def test_own_lets_the_worker_act_on_their_own_record_only(world, named):
    named("kernel_tests.withdraw", permissions.own())

    assert permissions.allowed(world.users["worker"], "kernel_tests.withdraw", thing(world))
    assert not permissions.allowed(
        world.users["worker"], "kernel_tests.withdraw", thing(world, worker="worker_a2")
    )
    assert not permissions.allowed(world.users["officer"], "kernel_tests.withdraw", thing(world))


def test_a_decorated_function_receives_user_and_object_and_predicates_combine(world, named):
    seen = []

    @named("kernel_tests.sign")
    def titled(user, obj):
        seen.append((user, obj))
        return obj.title == "ok"

    named("kernel_tests.sign_own", titled & permissions.own())
    mine = SimpleNamespace(title="ok", worker_id=world.worker_a1.pk)
    worker = world.users["worker"]

    assert permissions.allowed(worker, "kernel_tests.sign", mine)
    assert seen == [(worker, mine)]
    assert permissions.allowed(worker, "kernel_tests.sign_own", mine)
    assert not permissions.allowed(
        worker, "kernel_tests.sign_own", SimpleNamespace(title="no", worker_id=worker.worker_id)
    )


def test_anonymous_and_inactive_users_are_refused_whatever_the_predicate(world, named):
    named("kernel_tests.anyone", rules.always_allow)
    officer = world.users["officer"]
    officer.is_active = False

    assert permissions.allowed(world.users["worker"], "kernel_tests.anyone")
    assert not permissions.allowed(AnonymousUser(), "kernel_tests.anyone")
    assert not permissions.allowed(None, "kernel_tests.anyone")
    assert not permissions.allowed(officer, "kernel_tests.anyone")


def test_require_raises_the_translated_permission_refusal(world, named):
    named("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))

    permissions.require(world.users["officer"], "kernel_tests.decide", thing(world))
    with translation.override("zh-hans"), pytest.raises(PermissionRefused) as refused:
        permissions.require(world.users["worker"], "kernel_tests.decide", thing(world))

    assert refused.value.message == "您没有执行此操作的权限。"
    assert refused.value.code == "permission"


def test_require_can_say_why(world, named):
    named("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))

    with pytest.raises(PermissionRefused, match="Only the enterprise's officers"):
        permissions.require(
            world.users["worker"],
            "kernel_tests.decide",
            thing(world),
            message="Only the enterprise's officers.",
        )


def test_an_unknown_name_is_an_error_not_a_silent_no(world):
    with pytest.raises(permissions.UnknownPermission):
        permissions.allowed(world.users["admin"], "kernel_tests.nobody_registered_this")
    assert not permissions.exists("kernel_tests.nobody_registered_this")


@pytest.mark.parametrize("name", ["decide", "Kernel.decide", "kernel_tests.", "kernel tests.decide"])
def test_a_malformed_name_is_refused(name):
    with pytest.raises(ImproperlyConfigured):
        permissions.register(name, rules.always_allow)
    assert name not in permissions.registered()


def test_a_name_cannot_be_registered_twice(named):
    named("kernel_tests.once", rules.always_allow)

    with pytest.raises(ImproperlyConfigured):
        permissions.register("kernel_tests.once", rules.always_deny)
    assert permissions.registered().count("kernel_tests.once") == 1


def test_djangos_has_perm_answers_the_same_for_an_ordinary_user(world, named):
    named("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))

    assert world.users["officer"].has_perm("kernel_tests.decide", thing(world))
    assert not world.users["officer_b"].has_perm("kernel_tests.decide", thing(world))


def test_unregistered_names_are_forgotten_by_rules_too():
    permissions.register("kernel_tests.passing", rules.always_allow)
    permissions.unregister("kernel_tests.passing")

    assert not rules.perm_exists("kernel_tests.passing")
    assert not permissions.exists("kernel_tests.passing")


# --- templates ----------------------------------------------------------------------------------

ENGINE = Engine(libraries={"permissions": "unionhome.templatetags.permissions"})


def render(source: str, **context) -> str:
    return ENGINE.from_string("{% load permissions %}" + source).render(Context(context))


def test_templates_ask_a_name_with_the_filter_and_for_one_object_with_the_tag(world, named):
    named("kernel_tests.open", permissions.is_staff_member)
    named("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))
    page = '{% if user|can:"kernel_tests.open" %}open{% endif %}|{% can user "kernel_tests.decide" obj as may %}{{ may|yesno:"decide,-" }}'

    assert render(page, user=world.users["officer"], obj=thing(world)) == "open|decide"
    assert render(page, user=world.users["officer_b"], obj=thing(world)) == "open|-"
    assert render(page, user=world.users["worker"], obj=thing(world)) == "|-"
    assert render(page, user=AnonymousUser(), obj=thing(world)) == "|-"


def test_a_template_asking_an_unknown_name_fails_loudly(world):
    with pytest.raises(permissions.UnknownPermission):
        render('{% if user|can:"kernel_tests.typo" %}x{% endif %}', user=world.users["officer"])
