"""The outbox: e-mails written with the action that causes them, sent afterwards with retries.

``enqueue_email`` writes a row in the caller's transaction, so a rolled-back action sends nothing
and a committed one always sends, later if need be. After the commit the sender task is woken
(best effort: with the broker down the periodic task sends the row on its next run). ``send_due``
(the periodic task ``unionhome.tasks.send_outbox`` and ``manage.py send_outbox``) sends every due
row; a failure is kept in ``last_error`` and retried after ``OUTBOX_RETRY_SECONDS * 2**attempts``
(capped at a day) until ``OUTBOX_MAX_ATTEMPTS``; then ``next_try_at`` is cleared and the row stays
for an administrator to see.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

MAX_DELAY = dt.timedelta(days=1)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def enqueue_email(*, to, subject: str, body: str, from_email: str | None = None, key: str = ""):
    """Write an e-mail into the outbox (inside the caller's transaction); None when ``key`` was used."""
    recipients = [to] if isinstance(to, str) else [r for r in to if r]
    if not recipients:
        return None
    if key and OutboxMessage.objects.filter(key=key).exists():
        return None
    message = OutboxMessage.objects.create(
        key=key[:120],
        subject=str(subject)[:200].replace("\n", " "),
        body=str(body),
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        recipients=recipients,
    )
    transaction.on_commit(wake_sender)
    return message


def wake_sender() -> None:
    """Ask a worker to send now; a broker outage is only logged (the periodic run sends later)."""
    from . import tasks

    try:
        tasks.send_outbox.delay()
    except Exception:  # the broker is down or refuses: the row waits for the periodic task
        log.warning("outbox: could not wake the sender; the periodic task will send", exc_info=True)


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait before the next try after ``attempts`` failed ones (exponential, capped)."""
    base = _setting("OUTBOX_RETRY_SECONDS", 60)
    return min(dt.timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_DELAY)


def _due(now):
    return OutboxMessage.objects.filter(sent_at__isnull=True, next_try_at__lte=now).order_by(
        "next_try_at", "id"
    )


def send_due(*, now=None, limit: int = 100) -> int:
    """Send the due e-mails (each row locked while it is sent, so two senders never send one twice)."""
    now = now or timezone.now()
    sent = 0
    ids = list(_due(now).values_list("id", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            message = _due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if message is None:
                continue
            sent += _send_one(message, now)
    return sent


def _send_one(message: OutboxMessage, now) -> int:
    message.attempts += 1
    try:
        EmailMessage(message.subject, message.body, message.from_email or None, message.recipients).send()
    except Exception as exc:  # SMTP, DNS, refused address...: kept, retried later
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 10):
            message.next_try_at = None
        else:
            message.next_try_at = now + retry_delay(message.attempts)
        message.save(update_fields=["attempts", "last_error", "next_try_at"])
        log.warning("outbox: message %s not sent (attempt %s): %s", message.pk, message.attempts, exc)
        return 0
    message.sent_at = now
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "sent_at"])
    return 1
