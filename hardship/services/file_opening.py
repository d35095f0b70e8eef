"""A hardship file (困难职工档案) opened at any time by the enterprise union, outside a campaign
(篇一 (四).1 "层层建立困难职工档案"; 篇五 内容3; docs/DOMAIN.md §3.8).

The family must meet one of the four categories of 篇四 (``hardship.rules.categories_met``, the
rule the campaign applies to an application), checked from the household's size, its monthly
income with government aid, its causes and this year's self-paid costs or losses, under the
minimum living guarantee line. The file then lives as one opened by a campaign: help, reviews every
90 days, closing by the district.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Worker
from unionhome import audit, permissions

from .. import rules
from ..exceptions import HardshipError
from ..models import Application, FileEntry, HardshipFile
from .applications import reason_for
from .common import _enterprise, _text

MAX_HOUSEHOLD = 20
REVIEW_INTERVAL_DAYS = 90


def _check(
    *, on: dt.date, line: Decimal, household_size: int, household_income: Decimal, causes, loss
) -> None:
    if on > timezone.localdate():
        raise HardshipError(_("The date is in the future."), code="date")
    if line is None or line <= 0:
        raise HardshipError(_("Enter the minimum living guarantee line."), code="line")
    if not 1 <= household_size <= MAX_HOUSEHOLD:
        raise HardshipError(
            _("A household has between 1 and %(max)s people.") % {"max": MAX_HOUSEHOLD}, code="household"
        )
    if household_income < 0 or loss < 0:
        raise HardshipError(_("Amounts cannot be negative."), code="amount")
    if not set(causes) <= set(Application.Cause.values):
        raise HardshipError(_("Unknown cause of hardship."), code="cause")


@transaction.atomic
def file_open(
    *,
    actor,
    worker: Worker,
    on: dt.date,
    line: Decimal,
    household_size: int,
    household_income: Decimal,
    causes: list[str],
    self_paid_or_loss: Decimal = Decimal("0"),
    situation: str = "",
) -> HardshipFile:
    """Open the worker's hardship file if the family meets a category; refuses a second open file."""
    worker = Worker.objects.select_for_update(of=("self",)).select_related("branch").get(pk=worker.pk)
    permissions.require(actor, "hardship.open_file", worker)
    if worker.status != Worker.Status.ACTIVE:
        raise HardshipError(_("The worker is no longer on the roster."), code="left")
    if HardshipFile.objects.filter(worker=worker, status=HardshipFile.Status.OPEN).exists():
        raise HardshipError(_("The worker already has an open file."), code="open_file")
    causes = list(dict.fromkeys(causes))
    _check(
        on=on,
        line=line,
        household_size=household_size,
        household_income=household_income,
        causes=causes,
        loss=self_paid_or_loss,
    )
    per_capita = rules.per_capita_income(household_income, household_size)
    category = rules.supported_category(
        rules.categories_met(
            per_capita_income=per_capita,
            line=line,
            special_cause=bool(set(causes) & rules.SPECIAL_CAUSES),
            major_illness_or_accident=bool(set(causes) & rules.ILLNESS_CAUSES),
            self_paid_or_loss_this_year=self_paid_or_loss,
        )
    )
    reason = reason_for(line, category, per_capita)
    if category is None:
        raise HardshipError(
            _("The data entered do not meet any category: %(reason)s") % {"reason": reason}, code="category"
        )
    file = HardshipFile.objects.create(
        worker=worker,
        branch=worker.branch,
        enterprise=_enterprise(worker.branch),
        situation=_text(situation),
        causes=", ".join(str(Application.Cause(c).label) for c in causes)[:255],
        opened_on=on,
        review_interval_days=REVIEW_INTERVAL_DAYS,
        next_review_on=on + dt.timedelta(days=REVIEW_INTERVAL_DAYS),
    )
    FileEntry.objects.create(
        file=file,
        kind=FileEntry.Kind.REVIEW,
        on=on,
        note=_("Opened by the enterprise union, category %(category)s: %(reason)s")
        % {"category": category, "reason": reason},
        recorded_by=actor,
    )
    audit.record(actor=actor, action="hardship.file.open", obj=file, after=audit.snapshot(file))
    return file
