"""Retention of hardship records (PIPL): purging the personal data of files closed long enough ago."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit

from .. import rules
from ..exceptions import Conflict, HardshipError, PermissionRefused
from ..models import Application, FileEntry, HardshipFile, HouseholdMember, Relief, Upload
from .common import _now


@dataclass
class PurgePlan:
    """What the purge of one closed file removes (counts only: the plan itself holds no personal data)."""

    file_id: int
    closed_on: dt.date
    branch_path: str
    application_ids: list[int] = field(default_factory=list)
    members: int = 0
    uploads: int = 0
    entries: int = 0


def retention_years() -> int:
    from django.conf import settings

    return int(settings.UNIONHOME.get("HARDSHIP_RETENTION_YEARS", rules.DEFAULT_RETENTION_YEARS))


def _purgeable_applications(file: HardshipFile):
    """The worker's finished applications up to the file's closing day that still hold personal data."""
    return Application.objects.filter(
        worker_id=file.worker_id,
        state__in=rules.FINAL_STATES,
        created_at__date__lte=file.closed_on,
        purged_at__isnull=True,
    ).order_by("pk")


def _plan(file: HardshipFile) -> PurgePlan:
    applications = list(_purgeable_applications(file).values_list("pk", flat=True))
    return PurgePlan(
        file_id=file.pk,
        closed_on=file.closed_on,
        branch_path=file.branch.path,
        application_ids=applications,
        members=HouseholdMember.objects.filter(application_id__in=applications).count(),
        uploads=Upload.objects.filter(application_id__in=applications).count(),
        entries=FileEntry.objects.filter(file=file).count(),
    )


def files_due_for_purge(*, today: dt.date | None = None, years: int | None = None):
    """Closed files closed more than ``years`` years before ``today`` and not yet purged."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    return (
        HardshipFile.objects.filter(
            status=HardshipFile.Status.CLOSED,
            closed_on__lt=rules.retention_cutoff(today, years),
            purged_at__isnull=True,
        )
        .select_related("branch")
        .order_by("closed_on", "pk")
    )


def _purge_application(application: Application, now: dt.datetime) -> list[str]:
    """Strip the personal data of one finished application; returns the storage names to delete."""
    stored = [u.file.name for u in application.uploads.all() if u.file.name]
    application.uploads.all().delete()
    application.members.all().delete()
    application.notifications.all().delete()
    application.transitions.update(reason="")
    application.objections.update(content="", resolution="")
    Relief.objects.filter(application=application).update(note="")
    application.description = ""
    application.last_reason = ""
    application.category_reason = ""
    application.other_causes = []
    application.per_capita = None
    application.government_aid = Decimal("0")
    application.medical_self_paid = Decimal("0")
    application.property_loss = Decimal("0")
    application.purged_at = now
    application.save(
        update_fields=[
            "description",
            "last_reason",
            "category_reason",
            "other_causes",
            "per_capita",
            "government_aid",
            "medical_self_paid",
            "property_loss",
            "purged_at",
            "updated_at",
        ]  # fmt: skip
    )
    return stored


def _delete_stored(names: list[str]) -> None:
    storage = Upload._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


@transaction.atomic
def purge_file(
    *, actor=None, file: HardshipFile, today: dt.date | None = None, years: int | None = None
) -> PurgePlan:
    """Purge one closed file past its retention period (the scheduler or the command; never a user).

    Deleted: household members (names, ID numbers, incomes), uploads and their stored files,
    descriptions, reasons, comments, objections' texts, notifications. Kept, so that campaign
    and district summaries still add up: the campaign, the enterprise and unit, the state, the
    category, the primary cause, the household size and every relief amount and date. One
    ``hardship.purge`` audit event per file records the counts (and no personal data).
    """
    if actor is not None:
        raise PermissionRefused(_("You do not have permission to do this."))
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    if file.status != HardshipFile.Status.CLOSED or not rules.purge_due(file.closed_on, today, years):
        raise Conflict(_("This hardship file is not due for purging."))
    if file.purged_at is not None:
        raise Conflict(_("This hardship file has already been purged."))
    plan = _plan(file)
    now = _now()
    stored: list[str] = []
    for application in Application.objects.select_for_update().filter(pk__in=plan.application_ids):
        stored += _purge_application(application, now)
    file.entries.update(note="")
    file.situation = ""
    file.causes = ""
    file.closed_reason = ""
    file.purged_at = now
    file.save(update_fields=["situation", "causes", "closed_reason", "purged_at"])
    audit.record(
        actor=None,
        action="hardship.purge",
        obj=file,
        after={
            "closed_on": file.closed_on.isoformat(),
            "retention_years": years,
            "applications": plan.application_ids,
            "members": plan.members,
            "uploads": plan.uploads,
            "entries": plan.entries,
        },
    )
    # the stored files go only once the rows are gone for good
    transaction.on_commit(lambda: _delete_stored(stored))
    return plan


def purge_expired_files(
    *, today: dt.date | None = None, years: int | None = None, for_real: bool = False
) -> list[PurgePlan]:
    """Every file due (oldest first). A dry run (the default) only plans; each file commits on its own."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    if years < 1:
        raise HardshipError(_("The retention period is at least one year."), code="years")
    plans = []
    for file in files_due_for_purge(today=today, years=years):
        if for_real:
            try:
                plans.append(purge_file(file=file, today=today, years=years))
            except Conflict:
                continue  # purged by a parallel run a moment ago
        else:
            plans.append(_plan(file))
    return plans
