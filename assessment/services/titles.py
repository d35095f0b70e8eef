"""Awarding titles (模范职工之家 / 模范职工小家 / 先进职工之家) on an accepted assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, permissions
from unionhome.models import User

from .. import rules
from ..exceptions import AssessmentError
from ..models import Assessment, Level, TitleAward
from .common import TITLES_OF_LEVEL, State


@transaction.atomic
def title_award(
    *,
    actor: User,
    branch: Branch,
    title: str,
    level: str,
    awarded_on: dt.date,
    decided_by: str,
    assessment: Assessment | None = None,
) -> TitleAward:
    """Record an awarded title (the union officer for small homes, the district for homes)."""
    permissions.require(actor, "assessment.award_title", branch)
    unit_level = rules.LEVEL_OF_KIND.get(branch.kind)
    if unit_level is None or title not in TITLES_OF_LEVEL[Level(unit_level)]:
        raise AssessmentError(_("This title is not awarded to this kind of unit."))
    if level not in TitleAward.AwardLevel.values:
        raise AssessmentError(_("Unknown level."))
    if assessment is not None and (
        assessment.branch_id != branch.pk
        or assessment.state != State.ACCEPTED
        or assessment.rating != rules.Rating.MEETS
    ):
        raise AssessmentError(
            _("A title rests on an accepted assessment of this unit that meets the standard.")
        )
    award = TitleAward.objects.create(
        branch=branch,
        title=title,
        level=level,
        awarded_on=awarded_on,
        decided_by=decided_by.strip()[:120],
        assessment=assessment,
        recorded_by=actor,
    )
    return audit.created(actor=actor, action="assessment.title_award", obj=award)
