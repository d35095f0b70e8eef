"""Writes of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards the
participation rate.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit, permissions

from ..exceptions import DemocracyError
from ..models import Contest


@transaction.atomic
def contest_record(
    *, actor, enterprise: Branch, kind: str, title: str, held_on: dt.date, participants: list[Worker]
) -> Contest:
    permissions.require(actor, "democracy.record_contest", enterprise)
    if any(not w.branch.path.startswith(enterprise.path) for w in participants):
        raise DemocracyError(_("Participants must be on this enterprise's roster."), code="roster")
    contest = Contest.objects.create(enterprise=enterprise, kind=kind, title=title.strip(), held_on=held_on)
    contest.participants.set(participants)
    return audit.created(actor=actor, action="contest.create", obj=contest, branch_path=enterprise.path)
