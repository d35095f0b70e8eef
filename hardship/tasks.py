"""Celery tasks of hardship relief: thin, idempotent wrappers over the services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from . import services
from .models import Notification


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """E-mail a portal notification to its user at once (messages queued before the outbox took
    over; new notifications go through ``unionhome.outbox``)."""
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return False
    send_mail(
        _("Workers' Home: hardship relief"),
        note.message,
        settings.DEFAULT_FROM_EMAIL,
        [note.user.email],
    )
    return True


@shared_task
def end_due_notices() -> int:
    """Daily: end every public notice whose period is over."""
    return services.end_due_notices()


@shared_task
def send_review_reminders() -> int:
    """Daily: remind union officers of hardship files due for their periodic review."""
    return services.send_review_reminders()
