"""E-mails of hardship relief: written into the kernel outbox in the transaction of the step.

A committed step always e-mails (later, if the mail server or the broker is down); a rolled-back
one never does. The services call this module, never ``tasks``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from unionhome import outbox

from .models import Notification


def queue_notification_email(notification_id: int) -> None:
    """E-mail a portal notification to its user, through the outbox (nothing on a rollback)."""
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return
    outbox.enqueue_email(
        to=note.user.email,
        subject=_("Workers' Home: hardship relief"),
        body=note.message,
        key=f"hardship.notification.{note.pk}",
    )
