"""Each named permission of the organisation app answers each role as docs/PERMISSIONS.md says."""

from __future__ import annotations

import pytest

from branches.models import Appointment
from tests.branches.permissions import PREDICATES
from tests.permission_table import ROLES
from unionhome import permissions, scope

# Checked where their workflow is: the transfer table (test_transfers.py), the roster job's.
ELSEWHERE = {"branches.send_transfer", "branches.receive_transfer", "branches.cancel_transfer"}
CASES = [(row, role) for row in sorted(PREDICATES) for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES)
def test_each_permission_answers_each_role(world, row, role):
    build, allowed_roles = PREDICATES[row]
    name = row.split("@")[0]
    assert permissions.allowed(world.user(role), name, build(world)) == (role in allowed_roles)


def test_every_permission_of_the_app_has_a_row():
    named = {row.split("@")[0] for row in PREDICATES}
    ours = {n for n in permissions.registered() if n.startswith("branches.") and "roster_job" not in n}
    ours -= {"branches.confirm_roster_import"}  # the roster job's, tested with its workflow
    assert ours - ELSEWHERE - named == set()


def test_an_inactive_user_passes_nothing(world):
    admin = world.users["admin"]
    admin.is_active = False
    for row, (build, _roles) in PREDICATES.items():
        assert not permissions.allowed(admin, row.split("@")[0], build(world))


def test_full_ids_in_a_unit_follow_the_grant_on_the_appointment(world):
    officer = world.users["officer"]
    Appointment.objects.filter(user=officer).update(full_id_access=True)
    scope.forget(officer)
    for unit in (world.ent_a, world.branch_a1, world.branch_a1.path):
        assert permissions.allowed(officer, "branches.see_full_ids_in_unit", unit)
    for unit in (world.branch_b1, world.district, "", None):
        assert not permissions.allowed(officer, "branches.see_full_ids_in_unit", unit)
    assert permissions.allowed(officer, "branches.see_full_ids", world.worker_a1)
