"""Celery tasks of the kernel."""

from __future__ import annotations

from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def send_outbox() -> int:
    """Every minute, and when a new e-mail is committed: send the due outbox rows."""
    return outbox.send_due()
