"""The admin of hardship relief writes through the services (audited) or is read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hardship.models import (
    Application,
    Campaign,
    FileEntry,
    HardshipFile,
    HouseholdMember,
    Notification,
    Objection,
    Relief,
    Transition,
    Upload,
)
from hardship.services import record_objection, transition
from tests.hardship.factories import application_in, open_file_for
from tests.hardship.permissions import _upload
from unionhome.models import AuditEvent


def _campaign_post(world, **changes):
    data = {
        "name": "2027年元旦春节送温暖",
        "branch": world.district.pk,
        "year": "2027",
        "line": "780",
        "deadline_0": "2027-12-30",
        "deadline_1": "17:30:00",
        "notice_days": "5",
    }
    data.update(changes)
    return data


def test_a_campaign_added_and_changed_in_the_admin_goes_through_the_services(world, client_for):
    client = client_for(world.user("admin"))
    response = client.post(reverse("admin:hardship_campaign_add"), _campaign_post(world))
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="2027年元旦春节送温暖")
    assert campaign.created_by == world.user("admin") and campaign.is_open
    assert (
        AuditEvent.objects.filter(action="hardship.campaign.create", object_id=str(campaign.pk)).count() == 1
    )
    response = client.post(
        reverse("admin:hardship_campaign_change", args=[campaign.pk]),
        _campaign_post(world, line="800", notice_days="7"),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.line, campaign.notice_days) == (800, 7)
    event = AuditEvent.objects.get(action="hardship.campaign.update", object_id=str(campaign.pk))
    assert event.actor == world.user("admin") and event.after["notice_days"] == 7


def test_closing_and_reopening_in_the_admin_are_the_services_actions(world, campaign, client_for):
    client = client_for(world.user("admin"))
    url = reverse("admin:hardship_campaign_changelist")
    client.post(url, {"action": "close_campaigns", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert not campaign.is_open
    client.post(url, {"action": "reopen_campaigns", "_selected_action": [campaign.pk]})
    campaign.refresh_from_db()
    assert campaign.is_open and campaign.late_reports_allowed
    assert (
        AuditEvent.objects.filter(action="hardship.campaign.update", object_id=str(campaign.pk)).count() == 2
    )


def test_a_campaign_is_never_deleted_in_the_admin(world, campaign, client_for):
    client = client_for(world.user("admin"))
    assert (
        client.post(
            reverse("admin:hardship_campaign_delete", args=[campaign.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Campaign.objects.filter(pk=campaign.pk).exists()


def _records(world, campaign):
    application = application_in(campaign, world.worker_a1, "on_notice")
    record_objection(
        actor=world.user("officer"),
        application=application,
        received_on=application.notice_start,
        content="异议",
    )
    transition(actor=world.user("officer"), application=application, action="dismiss", comment="不成立")
    relieved = application_in(campaign, world.worker_a2, "district_approved")
    Relief.objects.create(
        application=relieved,
        form="money",
        amount=1000,
        delivered_on=relieved.notice_end,
        delivered_by="区总工会",
    )
    file = open_file_for(world.worker_a1)
    FileEntry.objects.create(file=file, kind="help", on=relieved.notice_end, form="goods")
    _upload(world)
    return {
        Application: application,
        HouseholdMember: application.members.first(),
        Transition: application.transitions.first(),
        Objection: application.objections.first(),
        Notification: Notification.objects.first(),
        Relief: relieved.relief,
        HardshipFile: file,
        FileEntry: file.entries.first(),
        Upload: Upload.objects.first(),
    }


READ_ONLY = [
    Application,
    HouseholdMember,
    Transition,
    Objection,
    Notification,
    Relief,
    HardshipFile,
    FileEntry,
    Upload,
]


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_workflow_records_are_read_only_in_the_admin(world, campaign, client_for, model):
    obj = _records(world, campaign)[model]
    client = client_for(world.user("admin"))
    name = f"admin:hardship_{model._meta.model_name}"
    row = model.objects.filter(pk=obj.pk).values().get()
    events = AuditEvent.objects.count()
    assert client.get(reverse(f"{name}_change", args=[obj.pk])).status_code == 200  # may be read
    assert client.post(reverse(f"{name}_change", args=[obj.pk]), {}).status_code == 403
    assert client.post(reverse(f"{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse(f"{name}_add"), {}).status_code == 403
    assert model.objects.filter(pk=obj.pk).values().get() == row
    assert AuditEvent.objects.count() == events
    model_admin = admin.site._registry[model]
    request = type("R", (), {"user": world.user("admin")})()
    assert not model_admin.has_change_permission(request, obj) and not model_admin.has_delete_permission(
        request, obj
    )
