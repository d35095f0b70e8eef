"""The kernel (unionhome): accounts, roles, the audit trail and the access log."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from branches import services
from branches.models import Appointment, Branch, Worker
from tests.factories import AppointmentFactory
from unionhome import audit, scope
from unionhome.models import AccessLog, AuditEvent, User
from unionhome.roles import Role


def test_deleting_a_user_keeps_their_name_and_login_on_the_trail_and_the_access_log(world, client_for):
    officer = AppointmentFactory(
        branch=world.ent_a,
        role=Role.UNION_OFFICER,
        user__username="zhao.liu",
        user__first_name="六",
        user__last_name="赵",
    ).user
    services.worker_update(actor=officer, worker=world.worker_a1, phone="13900000009")
    audit.record_many(
        actor=officer, action="worker.bulk_check", model=Worker, rows=[(world.worker_a1, None, None)]
    )
    audit.access(user=officer, kind="export", obj=world.worker_a1, detail="导出名册")
    events = AuditEvent.objects.filter(actor=officer)
    assert events.count() == 2
    log_pk = AccessLog.objects.get(user=officer).pk

    officer.delete()

    for event in AuditEvent.objects.filter(pk__in=[e.pk for e in events]):
        assert event.actor_id is None
        assert (event.actor_name, event.actor_username) == ("六 赵", "zhao.liu")
    log = AccessLog.objects.get(pk=log_pk)
    assert log.user_id is None
    assert (log.user_name, log.user_username) == ("六 赵", "zhao.liu")
    district = client_for(world.users["district"])
    assert "六 赵" in district.get(reverse("branches:audit_trail")).content.decode()
    assert "六 赵" in district.get(reverse("branches:access_log")).content.decode()


def test_a_user_without_a_full_name_is_kept_by_login(world):
    officer = world.users["officer"]
    event = audit.record(actor=officer, action="branch.rename", obj=world.ent_a)
    assert (event.actor_name, event.actor_username) == ("officer", "officer")
    nobody = audit.record(actor=None, action="system.run", obj=world.ent_a)
    assert (nobody.actor_name, nobody.actor_username) == ("", "")


def test_the_kernel_reaches_the_apps_models_through_settings():
    assert settings.AUTH_USER_MODEL == "unionhome.User"
    assert apps.get_model(settings.AUTH_USER_MODEL) is User
    assert scope.appointment_model() is Appointment
    assert scope.unit_model() is Branch
    assert User._meta.get_field("worker").related_model is Worker


def test_appointments_use_the_kernels_roles_with_unchanged_values():
    assert Appointment.Role is Role is scope.Role
    assert [r.value for r in Role] == ["district_reviewer", "union_officer", "branch_officer"]
    assert Appointment._meta.get_field("role").choices == Role.choices
