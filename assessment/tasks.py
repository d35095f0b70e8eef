"""Celery tasks of the assessment: thin, idempotent wrappers over services."""

from celery import shared_task

from . import services


@shared_task(name="assessment.tasks.send_reminders")
def send_reminders() -> dict[str, int]:
    """Self-checks due this quarter and reviews overdue (each reminder is sent once)."""
    return services.reminders_send()
