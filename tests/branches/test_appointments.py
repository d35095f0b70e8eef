"""Appointments (任职) and the full-ID grant are made through audited services, by administrators."""

from __future__ import annotations

import datetime as dt

import pytest

from branches import services
from branches.exceptions import BranchError, Conflict
from branches.models import Appointment
from unionhome import permissions, scope
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent

TODAY = dt.date.today()


def _rows():
    return list(
        Appointment.objects.order_by("pk").values_list(
            "user_id", "branch_id", "role", "start", "end", "full_id_access"
        )
    )


@pytest.mark.parametrize("role", ["worker", "branch", "officer", "officer_b", "district", "admin"])
def test_only_administrators_manage_appointments(world, role):
    assert permissions.allowed(world.user(role), "branches.manage_appointments", world.ent_a) == (
        role == "admin"
    )


def test_an_appointment_is_created_audited_and_takes_effect_at_once(world):
    worker_user = world.users["worker"]
    assert not scope.covers(worker_user, world.branch_a2.path)  # caches "no appointment" on the user
    appointment = services.appointment_create(
        actor=world.users["admin"], user=worker_user, branch=world.branch_a2, role="branch_officer"
    )
    assert (appointment.start, appointment.end, appointment.full_id_access) == (TODAY, None, False)
    event = AuditEvent.objects.get(action="appointment.create")
    assert event.actor == world.users["admin"] and event.after["role"] == "branch_officer"
    assert event.branch_path == world.branch_a2.path
    assert scope.covers(worker_user, world.branch_a2.path)  # the cached scope was dropped


def test_ending_an_appointment_keeps_the_row_and_drops_the_scope(world):
    appointment = Appointment.objects.select_related("user").get(user=world.users["officer"])
    assert scope.covers(appointment.user, world.ent_a.path)
    services.appointment_end(
        actor=world.users["admin"], appointment=appointment, end=TODAY - dt.timedelta(days=1)
    )
    assert Appointment.objects.get(pk=appointment.pk).end == TODAY - dt.timedelta(days=1)
    assert not scope.covers(appointment.user, world.ent_a.path)
    event = AuditEvent.objects.get(action="appointment.end")
    assert event.before["end"] is None and event.after["end"] == str(TODAY - dt.timedelta(days=1))
    with pytest.raises(Conflict):  # already over
        services.appointment_end(actor=world.users["admin"], appointment=appointment)
    assert AuditEvent.objects.filter(action="appointment.end").count() == 1


def test_the_full_id_grant_is_given_and_withdrawn_with_an_audit_row_each(world):
    appointment = Appointment.objects.select_related("user").get(user=world.users["officer"])
    officer = appointment.user  # the service drops the scope cached on the holder it was given
    assert not scope.may_see_full_ids(officer, world.branch_a1.path)
    services.appointment_grant_full_ids(actor=world.users["admin"], appointment=appointment)
    assert scope.may_see_full_ids(officer, world.branch_a1.path)
    services.appointment_grant_full_ids(actor=world.users["admin"], appointment=appointment)  # a double click
    assert AuditEvent.objects.filter(action="appointment.grant_full_ids").count() == 1
    services.appointment_withdraw_full_ids(actor=world.users["admin"], appointment=appointment)
    assert not scope.may_see_full_ids(officer, world.branch_a1.path)
    event = AuditEvent.objects.get(action="appointment.withdraw_full_ids")
    assert (event.before["full_id_access"], event.after["full_id_access"]) == (True, False)


@pytest.mark.parametrize("role", ["worker", "branch", "officer", "officer_b", "district"])
def test_no_other_role_may_appoint_end_or_grant_and_nothing_is_written(world, role):
    actor = world.user(role)
    appointment = Appointment.objects.get(user=world.users["officer"])
    before = _rows()
    calls = [
        lambda: services.appointment_create(
            actor=actor, user=world.users["worker"], branch=world.branch_a1, role="branch_officer"
        ),
        lambda: services.appointment_end(actor=actor, appointment=appointment),
        lambda: services.appointment_grant_full_ids(actor=actor, appointment=appointment),
        lambda: services.appointment_withdraw_full_ids(actor=actor, appointment=appointment),
    ]
    for call in calls:
        with pytest.raises(PermissionRefused):
            call()
    assert _rows() == before and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"role": "chair"}, "role"),
        ({"role": "branch_officer", "full_id_access": True}, "full_id_access"),
        ({"role": "union_officer", "start": TODAY, "end": TODAY - dt.timedelta(days=1)}, "dates"),
    ],
)
def test_a_wrong_appointment_is_refused_and_nothing_is_written(world, kwargs, code):
    before = _rows()
    with pytest.raises(BranchError) as exc:
        services.appointment_create(
            actor=world.users["admin"], user=world.users["worker"], branch=world.ent_a, **kwargs
        )
    assert exc.value.code == code
    assert _rows() == before and not AuditEvent.objects.exists()


def test_no_appointment_at_a_closed_unit_and_no_grant_to_a_branch_officer(world):
    services.branch_close(actor=world.users["admin"], branch=world.group_a1)
    events = AuditEvent.objects.count()
    before = _rows()
    with pytest.raises(BranchError) as exc:
        services.appointment_create(
            actor=world.users["admin"],
            user=world.users["worker"],
            branch=world.group_a1,
            role="branch_officer",
        )
    assert exc.value.code == "closed"
    with pytest.raises(BranchError) as exc:
        services.appointment_grant_full_ids(
            actor=world.users["admin"], appointment=Appointment.objects.get(user=world.users["branch"])
        )
    assert exc.value.code == "full_id_access"
    assert _rows() == before and AuditEvent.objects.count() == events
