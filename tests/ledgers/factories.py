"""Ledger entries for tests, written straight to the table (the services are tested on their own)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from ledgers.models import LedgerAttachment, LedgerEntry, LedgerParticipant

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def entry_at(branch, kind="training", *, date=None, title="岗位练兵", data=None, status="", participants=()):
    entry = LedgerEntry.objects.create(
        branch=branch,
        kind=kind,
        date=date or dt.date(2026, 3, 1),
        title=title,
        data=data if data is not None else {"form": "drill", "hours": "4"},
        status=status,
    )
    for worker, hours in participants:
        LedgerParticipant.objects.create(entry=entry, worker=worker, hours=hours)
    return entry


def attachment_of(entry) -> LedgerAttachment:
    attachment = LedgerAttachment(
        entry=entry, extension="png", original_name="photo.png", content_type="image/png", size=len(PNG)
    )
    attachment.file.save("photo.png", ContentFile(PNG), save=False)
    attachment.save()
    return attachment
