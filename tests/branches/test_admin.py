from django.contrib.auth.models import Permission
from django.urls import reverse

from unionhome.models import AuditEvent


def test_staff_officer_sees_only_own_enterprise_in_the_admin(world, client_for):
    officer = world.users["officer"]
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["view_worker", "change_worker"]))
    c = client_for(officer)
    page = c.get(reverse("admin:branches_worker_changelist")).content.decode()
    assert "张三" in page and "李四" in page and "王五" not in page
    assert (
        c.get(reverse("admin:branches_worker_change", args=[world.worker_b1.pk])).status_code == 302
    )  # not found → redirect with message
    assert c.get(reverse("admin:branches_worker_change", args=[world.worker_a1.pk])).status_code == 200


def test_superuser_sees_everything_and_nobody_edits_the_audit_trail(world, client_for):
    c = client_for(world.users["admin"])
    page = c.get(reverse("admin:branches_worker_changelist")).content.decode()
    assert "王五" in page and "张三" in page
    assert c.get(reverse("admin:unionhome_auditevent_add")).status_code == 403
    AuditEvent.objects.create(action="x", object_type="t")
    event = AuditEvent.objects.get()
    assert (
        c.post(reverse("admin:unionhome_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
