"""Side effects the hardship services queue for after their transaction commits.

The services import this module and never ``tasks`` (the tasks wrap the services): the task module
is imported here, when the first message is queued.
"""

from __future__ import annotations

from django.db import transaction


def queue_notification_email(notification_id: int) -> None:
    """E-mail a portal notification once the current transaction commits (nothing on a rollback)."""
    from . import tasks

    transaction.on_commit(lambda: tasks.send_notification_email.delay(notification_id))
