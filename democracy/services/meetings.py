"""Writes of lower-level meetings: workshop representative groups and team democratic-management meetings,
and their cadence.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, permissions

from ..exceptions import DemocracyError
from ..models import LowerMeeting


@transaction.atomic
def lower_meeting_record(
    *, actor, branch: Branch, kind: str, held_on: dt.date, attendees: int, topics: str, outcomes: str = ""
) -> LowerMeeting:
    permissions.require(actor, "democracy.record_meeting", branch)
    expected = {Branch.Kind.BRANCH: LowerMeeting.Kind.WORKSHOP, Branch.Kind.GROUP: LowerMeeting.Kind.TEAM}
    if expected.get(branch.kind) != kind:
        raise DemocracyError(
            _("Workshop meetings are held by branches, team meetings by groups."), code="kind"
        )
    if held_on > timezone.localdate():
        raise DemocracyError(_("A meeting cannot be recorded before it is held."), code="future")
    meeting = LowerMeeting.objects.create(
        branch=branch,
        kind=kind,
        held_on=held_on,
        attendees=attendees,
        topics=topics.strip(),
        outcomes=outcomes.strip(),
    )
    return audit.created(actor=actor, action="lower_meeting.create", obj=meeting)
