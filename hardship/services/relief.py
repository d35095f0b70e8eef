"""Relief delivered to an approved family (帮扶记录 / 慰问)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from unionhome import audit

from ..exceptions import HardshipError
from ..models import Application, FileEntry, HardshipFile, Relief
from .workflow import transition


@transaction.atomic
def record_relief(
    *,
    actor,
    application: Application,
    form: str,
    amount: Decimal,
    delivered_on: dt.date,
    delivered_by: str,
    note: str = "",
) -> Relief:
    if amount < 0:
        raise HardshipError(_("The amount cannot be negative."), code="amount")
    application = transition(
        actor=actor, application=application, action="record_relief", comment=note, today=delivered_on
    )
    relief = Relief.objects.create(
        application=application,
        form=form,
        amount=amount,
        delivered_on=delivered_on,
        delivered_by=branch_rules.normalise_text(delivered_by),
        note=note,
        recorded_by=actor,
    )
    file = HardshipFile.objects.filter(worker=application.worker, status=HardshipFile.Status.OPEN).first()
    if file is not None:
        FileEntry.objects.create(
            file=file,
            kind=FileEntry.Kind.HELP,
            on=delivered_on,
            form=form,
            amount=amount,
            note=note or application.campaign.name,
            application=application,
            recorded_by=actor,
        )
    return audit.created(
        actor=actor,
        action="hardship.relief.record",
        obj=relief,
        fields=["form", "amount", "delivered_on", "delivered_by", "note"],
        branch_path=application.branch.path,
    )
