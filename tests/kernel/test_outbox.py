"""The outbox: e-mails written with the action, sent after the commit, retried with a growing delay."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from unionhome import outbox
from unionhome.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_a_committed_email_is_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue_email(to="a@example.com", subject="主题", body="正文")
        assert mail.outbox == []  # nothing before the commit
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["a@example.com"], "主题", "正文")]
    message = OutboxMessage.objects.get()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""


def test_a_rolled_back_action_writes_and_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_email(to="a@example.com", subject="s", body="b")
        raise RuntimeError
    assert not OutboxMessage.objects.exists() and mail.outbox == []


def test_a_key_is_written_once_and_no_address_writes_nothing():
    assert outbox.enqueue_email(to="a@example.com", subject="s", body="b", key="k1") is not None
    assert outbox.enqueue_email(to="a@example.com", subject="s", body="b", key="k1") is None
    assert outbox.enqueue_email(to=["", None], subject="s", body="b") is None
    assert OutboxMessage.objects.count() == 1


def test_the_broker_down_only_delays_the_email(django_capture_on_commit_callbacks):
    with (
        mock.patch("unionhome.tasks.send_outbox.delay", side_effect=BrokerError("connection refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.enqueue_email(to="a@example.com", subject="s", body="b")  # no error
    assert mail.outbox == [] and OutboxMessage.objects.get().sent_at is None
    call_command("send_outbox", verbosity=0)  # the periodic run, once the broker is back
    assert len(mail.outbox) == 1 and OutboxMessage.objects.get().sent_at is not None


def test_a_failed_send_is_retried_with_a_growing_delay_then_given_up(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message = outbox.enqueue_email(to="a@example.com", subject="s", body="b")
    now = timezone.now()
    with mock.patch("unionhome.outbox.EmailMessage.send", side_effect=ConnectionRefusedError("smtp down")):
        assert outbox.send_due(now=now) == 0
        message.refresh_from_db()
        assert message.attempts == 1 and "smtp down" in message.last_error
        assert message.next_try_at == now + dt.timedelta(seconds=60)
        assert outbox.send_due(now=now + dt.timedelta(seconds=30)) == 0  # not due yet: not tried
        message.refresh_from_db()
        assert message.attempts == 1
        later = now + dt.timedelta(seconds=60)
        outbox.send_due(now=later)
        message.refresh_from_db()
        assert message.attempts == 2 and message.next_try_at == later + dt.timedelta(seconds=120)
        outbox.send_due(now=later + dt.timedelta(seconds=120))
        message.refresh_from_db()
        assert message.attempts == 3 and message.next_try_at is None and message.sent_at is None
    assert outbox.send_due(now=now + dt.timedelta(days=2)) == 0  # given up: kept, never sent twice
    assert mail.outbox == []


def test_the_delay_is_capped_at_a_day():
    assert outbox.retry_delay(1) == dt.timedelta(minutes=1)
    assert outbox.retry_delay(4) == dt.timedelta(minutes=8)
    assert outbox.retry_delay(30) == dt.timedelta(days=1)


def test_a_sent_email_is_never_sent_again():
    outbox.enqueue_email(to="a@example.com", subject="s", body="b")
    assert outbox.send_due() == 1
    assert outbox.send_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_sender_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"unionhome.tasks.send_outbox", "branches.tasks.reap_stalled_jobs"} <= tasks
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
