"""Portal notifications of hardship relief: written with the step that causes them, e-mailed after the
commit.
"""

from __future__ import annotations

from django.db import transaction

from .. import notify
from ..models import Application, Notification
from .common import _now


def _notify(user, message: str, *, application: Application | None = None, key: str = "") -> None:
    if user is None:
        return
    if key and Notification.objects.filter(user=user, key=key).exists():
        return
    note = Notification.objects.create(user=user, application=application, message=message, key=key)
    if user.email:
        notify.queue_notification_email(note.pk)


@transaction.atomic
def mark_notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=_now())
