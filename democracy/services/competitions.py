"""Writes of labour competitions and skill contests (劳动竞赛 / 技能比武): the activities that count towards the
participation rate.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch, Worker

from ..exceptions import DemocracyError
from ..models import Contest
from .common import _created, _require, may_manage


@transaction.atomic
def contest_record(
    *, actor, enterprise: Branch, kind: str, title: str, held_on: dt.date, participants: list[Worker]
) -> Contest:
    _require(may_manage(actor, enterprise))
    if any(not w.branch.path.startswith(enterprise.path) for w in participants):
        raise DemocracyError(_("Participants must be on this enterprise's roster."), code="roster")
    contest = Contest.objects.create(enterprise=enterprise, kind=kind, title=title.strip(), held_on=held_on)
    contest.participants.set(participants)
    return _created(actor, "contest.create", contest, branch_path=enterprise.path)
