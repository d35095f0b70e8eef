"""The review workflow of hardship applications: one entry point, ``transition``.

The table, its guards, effects and notifications are declared once in ``hardship/workflows.py``;
``unionhome.workflow.apply`` locks the application, checks the step, its permission, the reason
and the guards, then writes the state, a ``Transition`` row, the audit event and the worker's
notification in one transaction (a refusal writes nothing).
"""

from __future__ import annotations

import datetime as dt

from unionhome import workflow

from ..models import Application
from ..workflows import APPLICATION


def transition(
    *,
    actor,
    application: Application,
    action: str,
    comment: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    **extra,
) -> Application:
    """Apply one step of the workflow (the one place where the state changes).

    ``actor``: a user, or ``workflow.SYSTEM`` for the scheduler. ``today`` dates the notice and a
    new hardship file; ``now`` stamps the step; ``extra`` goes to the step's hooks (an objection's
    ``received_on``).
    """
    return workflow.apply(
        APPLICATION, actor=actor, obj=application, action=action, reason=comment, at=now, today=today, **extra
    )
