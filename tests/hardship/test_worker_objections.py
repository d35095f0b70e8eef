"""A worker objects on the public notice (公示) in the portal: once per application, during the
notice only; who objected is read by the enterprise union's officers alone, never on the notice or
by the applicant; the officer records it as an objection (the workflow's step) or dismisses it
with a reason. Every refusal leaves everything as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from hardship.models import Application, Objection, WorkerObjection
from tests.factories import UserFactory
from tests.hardship.factories import application_in, campaign_for
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db

REASON = "家中有商铺出租，收入未申报"


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def entry(world):
    """李四's application on the notice of 甲企业; the portal's worker is 张三 of the same enterprise."""
    return application_in(campaign_for(world.district), world.worker_a2, "on_notice")


def _send(client, entry, reason=REASON):
    return client.post(reverse("hardship_portal:object", args=[entry.pk]), {"reason": reason})


def _snapshot(entry):
    entry = Application.objects.get(pk=entry.pk)
    return (
        entry.state,
        list(WorkerObjection.objects.values_list("pk", "status", "reason", "dismissed_reason")),
        Objection.objects.count(),
        AuditEvent.objects.count(),
    )


def _received(world, entry) -> WorkerObjection:
    return WorkerObjection.objects.create(application=entry, objector=world.worker_a1, reason=REASON)


# --- the worker's side ----------------------------------------------------------------------------


def test_a_worker_objects_from_the_notice_and_the_entry_shows_it_was_sent(world, client_for, entry):
    client = client_for(world.user("worker"))
    notices = client.get(reverse("hardship_portal:notices")).content.decode()
    assert f'id="object-{entry.pk}"' in notices
    assert client.get(reverse("hardship_portal:object", args=[entry.pk])).status_code == 200
    response = _send(client, entry)
    assert response.status_code == 302
    assert _said(response) == ["已发送异议：李四的公示条目"]
    received = WorkerObjection.objects.get()
    assert (received.application, received.objector, received.reason, received.status) == (
        entry, world.worker_a1, REASON, "received"
    )  # fmt: skip
    assert Application.objects.get(pk=entry.pk).state == "on_notice"  # the officer decides
    event = AuditEvent.objects.get(action="hardship.worker_objection.receive")
    assert REASON not in str(event.after)  # the reason is personal: only "changed" in the trail
    notices = client.get(reverse("hardship_portal:notices")).content.decode()
    assert f'id="objected-{entry.pk}"' in notices and f'id="object-{entry.pk}"' not in notices


def test_a_second_objection_to_the_same_application_is_refused(world, client_for, entry):
    client = client_for(world.user("worker"))
    _send(client, entry)
    before = _snapshot(entry)
    response = _send(client, entry, "再说一次")
    assert response.status_code == 302 and "您已对李四的公示条目提出过异议。" in _said(response)
    assert _snapshot(entry) == before
    # and at the service, past the page
    from hardship import services
    from hardship.exceptions import Conflict

    with pytest.raises(Conflict):
        services.worker_objection_send(actor=world.user("worker"), application=entry, reason="再说一次")
    assert _snapshot(entry) == before


@pytest.mark.parametrize("when", ["ended", "not_started"])
def test_an_objection_outside_the_notice_period_is_refused(world, client_for, entry, when):
    today = timezone.localdate()
    if when == "ended":
        dates = {"notice_start": today - dt.timedelta(days=8), "notice_end": today - dt.timedelta(days=1)}
    else:
        dates = {"notice_start": today + dt.timedelta(days=1), "notice_end": today + dt.timedelta(days=5)}
    Application.objects.filter(pk=entry.pk).update(**dates)
    client = client_for(world.user("worker"))
    assert f'id="object-{entry.pk}"' not in client.get(reverse("hardship_portal:notices")).content.decode()
    before = _snapshot(entry)
    response = _send(client, entry)
    assert response.status_code == 200
    assert "只在该申请公示期间受理异议。" in response.content.decode()
    assert _snapshot(entry) == before


def test_an_objection_after_the_notice_ended_by_the_scheduler_is_refused(world, client_for, entry):
    Application.objects.filter(pk=entry.pk).update(state="notice_ended")
    before = _snapshot(entry)
    response = _send(client_for(world.user("worker")), entry)
    assert "只在该申请公示期间受理异议。" in response.content.decode()
    assert _snapshot(entry) == before


def test_the_applicant_cannot_object_to_their_own_application(world, client_for):
    own = application_in(campaign_for(world.district), world.worker_a1, "on_notice")
    client = client_for(world.user("worker"))
    assert f'id="object-{own.pk}"' not in client.get(reverse("hardship_portal:notices")).content.decode()
    before = _snapshot(own)
    assert _send(client, own).status_code == 403
    assert _snapshot(own) == before


def test_a_worker_of_another_enterprise_cannot_object(world, client_for, entry):
    other = UserFactory(worker=world.worker_b1)
    before = _snapshot(entry)
    assert _send(client_for(other), entry).status_code == 404
    assert _snapshot(entry) == before


def test_an_objection_without_a_reason_is_refused(world, client_for, entry):
    before = _snapshot(entry)
    response = _send(client_for(world.user("worker")), entry, "   ")
    assert response.status_code == 200 and 'id="objection-form"' in response.content.decode()
    assert _snapshot(entry) == before


# --- who objected: the enterprise union's officers alone -----------------------------------------


def test_who_objected_is_never_on_the_notice_nor_shown_to_the_applicant(world, client_for, entry):
    _received(world, entry)
    applicant = UserFactory(worker=world.worker_a2)
    portal_detail = (
        client_for(applicant).get(reverse("hardship_portal:detail", args=[entry.pk])).content.decode()
    )
    notices = client_for(applicant).get(reverse("hardship_portal:notices")).content.decode()
    office_notice = (
        client_for(world.user("officer"))
        .get(reverse("hardship:notice", args=[entry.campaign_id, world.ent_a.pk]))
        .content.decode()
    )
    for page in (portal_detail, notices, office_notice):
        assert "张三" not in page and REASON not in page
    listing = client_for(world.user("officer")).get(reverse("hardship:worker_objections")).content.decode()
    row = listing.split('id="worker-objections"')[1]
    assert "张三" in row and REASON in row and "李四" in row
    # another enterprise's officer sees none of it; a branch officer and the district may not open it
    other = client_for(world.user("officer_b")).get(reverse("hardship:worker_objections")).content.decode()
    assert "张三" not in other.split('id="worker-objections"')[1]
    assert client_for(world.user("branch")).get(reverse("hardship:worker_objections")).status_code == 403
    assert client_for(world.user("district")).get(reverse("hardship:worker_objections")).status_code == 403


def test_received_objections_are_pending_work_on_the_enterprise_officer_s_dashboard(world, client_for, entry):
    _received(world, entry)
    page = client_for(world.user("officer")).get(reverse("branches:dashboard")).content.decode()
    block = page[page.index('id="pending-work"') :]
    assert "收到的职工异议" in block and reverse("hardship:worker_objections") in block
    other = client_for(world.user("officer_b")).get(reverse("branches:dashboard")).content.decode()
    assert "收到的职工异议" not in other


# --- the officer's side -----------------------------------------------------------------------------


def test_recording_a_received_objection_puts_the_application_under_review(world, client_for, entry):
    received = _received(world, entry)
    response = client_for(world.user("officer")).post(
        reverse("hardship:worker_objection_record", args=[received.pk])
    )
    assert _said(response) == ["已登记异议：李四的困难帮扶申请"]
    assert Application.objects.get(pk=entry.pk).state == "objected"
    objection = Objection.objects.get()
    assert (objection.content, objection.recorded_by) == (REASON, world.user("officer"))
    received.refresh_from_db()
    assert (received.status, received.objection, received.handled_by) == (
        "recorded", objection, world.user("officer")
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="hardship.worker_objection.record").count() == 1
    assert AuditEvent.objects.filter(action="hardship.objection.record").count() == 1


def test_a_second_received_objection_joins_the_review_already_open(world, client_for, entry):
    first = _received(world, entry)
    from tests.factories import WorkerFactory

    second = WorkerObjection.objects.create(
        application=entry, objector=WorkerFactory(branch=world.branch_a1, name="赵六"), reason="另一条"
    )
    client = client_for(world.user("officer"))
    client.post(reverse("hardship:worker_objection_record", args=[first.pk]))
    client.post(reverse("hardship:worker_objection_record", args=[second.pk]))
    assert Application.objects.get(pk=entry.pk).state == "objected"
    assert set(Objection.objects.values_list("content", "outcome")) == {
        (REASON, "pending"),
        ("另一条", "pending"),
    }
    assert set(WorkerObjection.objects.values_list("status", flat=True)) == {"recorded"}


def test_dismissing_needs_a_reason_and_leaves_the_application_on_notice(world, client_for, entry):
    received = _received(world, entry)
    client = client_for(world.user("officer"))
    url = reverse("hardship:worker_objection_dismiss", args=[received.pk])
    before = _snapshot(entry)
    response = client.post(url, {"reason": ""})
    assert _said(response) == ["请说明不予受理的理由。"]
    assert _snapshot(entry) == before
    response = client.post(url, {"reason": "经核实，租金已计入家庭收入"})
    assert _said(response)[-1] == "不予受理：李四的公示条目"
    received.refresh_from_db()
    assert (received.status, received.dismissed_reason) == ("dismissed", "经核实，租金已计入家庭收入")
    assert Application.objects.get(pk=entry.pk).state == "on_notice" and not Objection.objects.exists()
    assert AuditEvent.objects.filter(action="hardship.worker_objection.dismiss").count() == 1


@pytest.mark.parametrize("role", ["officer_b", "branch", "district"])
@pytest.mark.parametrize("step", ["record", "dismiss"])
def test_only_the_enterprise_union_handles_a_received_objection(world, client_for, entry, role, step):
    received = _received(world, entry)
    before = _snapshot(entry)
    response = client_for(world.user(role)).post(
        reverse(f"hardship:worker_objection_{step}", args=[received.pk]), {"reason": "不予受理"}
    )
    assert response.status_code == 404
    assert _snapshot(entry) == before


@pytest.mark.parametrize("step", ["record", "dismiss"])
def test_a_handled_objection_is_not_handled_again(world, client_for, entry, step):
    received = _received(world, entry)
    client = client_for(world.user("officer"))
    client.post(reverse("hardship:worker_objection_dismiss", args=[received.pk]), {"reason": "不予受理"})
    before = _snapshot(entry)
    response = client.post(
        reverse(f"hardship:worker_objection_{step}", args=[received.pk]), {"reason": "再次"}
    )
    assert "该异议已处理。" in _said(response)
    assert _snapshot(entry) == before


def test_recording_after_the_report_is_refused_and_nothing_changes(world, client_for, entry):
    received = _received(world, entry)
    Application.objects.filter(pk=entry.pk).update(state="reported")
    before = _snapshot(entry)
    response = client_for(world.user("officer")).post(
        reverse("hardship:worker_objection_record", args=[received.pk])
    )
    assert response.status_code == 302 and _said(response)
    assert _snapshot(entry) == before
