"""Dynamic hardship files (困难职工档案, 动态管理): opening, help, periodic reviews, closing and reopening."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, permissions
from unionhome.models import User

from ..exceptions import Conflict, HardshipError
from ..models import FileEntry, HardshipFile, Notification
from .common import Role, _text
from .notifications import _notify

FILE_FIELDS = ("status", "situation", "causes", "next_review_on", "closed_on", "closed_reason")


@transaction.atomic
def file_add_help(
    *, actor, file: HardshipFile, on: dt.date, form: str, amount: Decimal | None, note: str
) -> FileEntry:
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=file.pk)
    permissions.require(actor, "hardship.manage_file", file)
    if file.status != HardshipFile.Status.OPEN:
        raise HardshipError(_("The file is closed; reopen it first."), code="closed")
    entry = FileEntry.objects.create(
        file=file, kind=FileEntry.Kind.HELP, on=on, form=form, amount=amount, note=note, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="hardship.file.help",
        obj=file,
        after={"on": on.isoformat(), "form": form, "amount": str(amount) if amount is not None else None},
    )
    return entry


@transaction.atomic
def file_review(*, actor, file: HardshipFile, on: dt.date, situation: str, note: str) -> FileEntry:
    """A periodic review: the situation as found; the next review is due one interval later."""
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=file.pk)
    permissions.require(actor, "hardship.manage_file", file)
    if file.status != HardshipFile.Status.OPEN:
        raise HardshipError(_("The file is closed; reopen it first."), code="closed")
    with audit.changing(actor=actor, obj=file, fields=FILE_FIELDS, action="hardship.file.review"):
        if situation:
            file.situation = situation
        file.next_review_on = on + dt.timedelta(days=file.review_interval_days)
    return FileEntry.objects.create(
        file=file, kind=FileEntry.Kind.REVIEW, on=on, note=note, recorded_by=actor
    )


@transaction.atomic
def file_close(*, actor, file: HardshipFile, on: dt.date, reason: str) -> HardshipFile:
    """脱困: the family is out of difficulty."""
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    permissions.require(actor, "hardship.close_file", file)
    if file.status != HardshipFile.Status.OPEN:
        raise Conflict(_("The file is already closed."))
    reason = _text(reason)
    if not reason:
        raise HardshipError(_("Please give the reason for closing the file."), code="reason")
    with audit.changing(actor=actor, obj=file, fields=FILE_FIELDS, action="hardship.file.close"):
        file.status = HardshipFile.Status.CLOSED
        file.closed_on = on
        file.closed_reason = reason
        file.next_review_on = None
    FileEntry.objects.create(file=file, kind=FileEntry.Kind.CLOSED, on=on, note=reason, recorded_by=actor)
    return file


@transaction.atomic
def file_reopen(*, actor, file: HardshipFile, on: dt.date, reason: str) -> HardshipFile:
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    permissions.require(actor, "hardship.close_file", file)
    if file.status != HardshipFile.Status.CLOSED:
        raise Conflict(_("The file is already open."))
    if HardshipFile.objects.filter(worker=file.worker, status=HardshipFile.Status.OPEN).exists():
        raise HardshipError(_("The worker already has an open file."), code="open_file")
    reason = _text(reason)
    if not reason:
        raise HardshipError(_("Please give the reason for reopening the file."), code="reason")
    with audit.changing(actor=actor, obj=file, fields=FILE_FIELDS, action="hardship.file.reopen"):
        file.status = HardshipFile.Status.OPEN
        file.closed_on = None
        file.closed_reason = ""
        file.next_review_on = on + dt.timedelta(days=file.review_interval_days)
    FileEntry.objects.create(file=file, kind=FileEntry.Kind.REOPENED, on=on, note=reason, recorded_by=actor)
    return file


def send_review_reminders(*, today: dt.date | None = None) -> int:
    """Remind the enterprise's union officers of every file whose review is due (once per due date)."""
    today = today or timezone.localdate()
    sent = 0
    files = HardshipFile.objects.filter(
        status=HardshipFile.Status.OPEN, next_review_on__lte=today
    ).select_related("worker", "enterprise")
    for file in files:
        officers = User.objects.filter(
            appointments__role=Role.UNION_OFFICER,
            appointments__branch=file.enterprise,
            appointments__start__lte=today,
            is_active=True,
        ).distinct()
        for officer in officers:
            with transaction.atomic():
                key = f"review:{file.pk}:{file.next_review_on.isoformat()}"
                if Notification.objects.filter(user=officer, key=key).exists():
                    continue
                _notify(
                    officer,
                    _("The hardship file of %(name)s is due for its review (%(day)s).")
                    % {"name": file.worker.name, "day": file.next_review_on},
                    key=key,
                )
                sent += 1
    return sent
