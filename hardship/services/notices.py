"""The public notice (公示) of approved applications: objections, their resolution, and the end of the notice
period.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from unionhome import audit
from unionhome.workflow import SYSTEM

from ..exceptions import Conflict
from ..models import Application, Objection
from .common import State, _now
from .workflow import transition


@transaction.atomic
def record_objection(*, actor, application: Application, received_on: dt.date, content: str) -> Objection:
    application = transition(
        actor=actor, application=application, action="object", comment=content, received_on=received_on
    )
    objection = Objection.objects.create(
        application=application, received_on=received_on, content=content, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="hardship.objection.record",
        obj=objection,
        branch_path=application.branch.path,
        after={"received_on": received_on.isoformat(), "content": content},
    )
    return objection


@transaction.atomic
def resolve_objection(*, actor, application: Application, upheld: bool, resolution: str) -> Application:
    """Upheld → the application is rejected; dismissed → the notice continues."""
    application = transition(
        actor=actor, application=application, action="uphold" if upheld else "dismiss", comment=resolution
    )
    pending = list(application.objections.filter(outcome=Objection.Outcome.PENDING))
    for objection in pending:
        objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        objection.resolution = resolution
        objection.resolved_at = _now()
        objection.save(update_fields=["outcome", "resolution", "resolved_at"])
        audit.record(
            actor=actor,
            action="hardship.objection.resolve",
            obj=objection,
            branch_path=application.branch.path,
            after={"outcome": objection.outcome, "resolution": resolution},
        )
    return application


def end_due_notices(*, today: dt.date | None = None) -> int:
    """End every notice whose period is over (the scheduler's daily run; idempotent)."""
    today = today or timezone.localdate()
    ended = 0
    for application in Application.objects.filter(state=State.ON_NOTICE, notice_end__lt=today):
        try:
            transition(actor=SYSTEM, application=application, action="end_notice", today=today)
            ended += 1
        except Conflict:
            continue  # ended by an officer a moment ago
    return ended
