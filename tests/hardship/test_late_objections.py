"""An objection received during the public notice is recorded even when the scheduler has already
ended the notice; one received outside the notice is refused and changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hardship import services
from hardship.exceptions import HardshipError
from hardship.models import Application, Objection, Transition
from tests.hardship.factories import application_in
from unionhome.models import AuditEvent


def _ended_yesterday(campaign, worker):
    """An application whose notice ran until yesterday and that the scheduler ended this morning."""
    today = timezone.localdate()
    application = application_in(
        campaign,
        worker,
        "on_notice",
        notice_start=today - dt.timedelta(days=5),
        notice_end=today - dt.timedelta(days=1),
    )
    assert services.end_due_notices(today=today) == 1
    return Application.objects.get(pk=application.pk)


def _unchanged(application):
    return (
        Application.objects.filter(pk=application.pk).values().get(),
        Transition.objects.count(),
        Objection.objects.count(),
        AuditEvent.objects.count(),
    )


def test_an_objection_received_on_the_last_day_is_recorded_after_the_scheduler_ended_the_notice(
    world, campaign
):
    application = _ended_yesterday(campaign, world.worker_a1)
    assert application.state == "notice_ended"
    officer = world.user("officer")
    services.record_objection(
        actor=officer, application=application, received_on=application.notice_end, content="家有商铺出租"
    )
    assert Application.objects.get(pk=application.pk).state == "objected"  # no longer "无异议"
    services.resolve_objection(actor=officer, application=application, upheld=False, resolution="经核实无误")
    assert Application.objects.get(pk=application.pk).state == "on_notice"
    assert services.end_due_notices() == 1  # the notice period is over: it ends again
    assert Application.objects.get(pk=application.pk).state == "notice_ended"
    assert application.objections.get().outcome == "dismissed"


@pytest.mark.parametrize("days_after_end", [1, 30])
def test_an_objection_received_after_the_notice_is_refused_and_changes_nothing(
    world, campaign, days_after_end
):
    application = _ended_yesterday(campaign, world.worker_a1)
    received = application.notice_end + dt.timedelta(days=days_after_end)
    before = _unchanged(application)
    with pytest.raises(HardshipError) as exc:
        services.record_objection(
            actor=world.user("officer"), application=application, received_on=received, content="收入不实"
        )
    assert exc.value.code == "objection_date"
    assert _unchanged(application) == before


def test_an_objection_dated_in_the_future_or_before_the_notice_is_refused(world, campaign):
    application = application_in(campaign, world.worker_a1, "on_notice")
    before = _unchanged(application)
    for received in (
        timezone.localdate() + dt.timedelta(days=1),
        application.notice_start - dt.timedelta(days=1),
    ):
        with pytest.raises(HardshipError):
            services.record_objection(
                actor=world.user("officer"), application=application, received_on=received, content="收入不实"
            )
    assert _unchanged(application) == before


def test_the_officer_is_offered_the_objection_form_after_the_notice_ended_until_the_report(
    world, campaign, client_for
):
    application = _ended_yesterday(campaign, world.worker_a1)
    client = client_for(world.user("officer"))
    url = reverse("hardship:application_detail", args=[application.pk])
    assert (
        reverse("hardship:application_objection", args=[application.pk]) in client.get(url).content.decode()
    )
    client.post(
        reverse("hardship:application_objection", args=[application.pk]),
        {"received_on": application.notice_end.isoformat(), "content": "收入不实"},
    )
    assert Application.objects.get(pk=application.pk).state == "objected"
    Application.objects.filter(pk=application.pk).update(state="reported")
    assert reverse("hardship:application_objection", args=[application.pk]) not in (
        client.get(url).content.decode()
    )
