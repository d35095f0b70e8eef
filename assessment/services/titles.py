"""Titles (模范职工之家 / 模范职工小家 / 先进职工之家): awarded on an accepted assessment against the
standard of that title, filed with the higher union (备案), renewed by a re-check assessment.

docs/DOMAIN.md, "Titles": the basis, one title per unit, title, level and period, filing, re-check
and lapse, and the biennial commendation.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, permissions, workflow
from unionhome.models import User

from .. import rules
from ..exceptions import AssessmentError, Conflict
from ..models import Assessment, Level, TitleAward
from ..workflows import TITLE
from .common import TITLES_OF_LEVEL, State


def basis_error(assessment: Assessment | None, *, branch: Branch, title: str) -> str | None:
    """Why ``assessment`` cannot be the basis of ``title`` for ``branch`` (None: it can).

    The basis is an accepted assessment of the same unit, not vetoed, meeting a standard whose
    title and level are those of the title.
    """
    if assessment is None:
        return _("A title rests on an accepted assessment: choose the assessment.")
    if assessment.branch_id != branch.pk:
        return _("The assessment is of another unit.")
    if assessment.state != State.ACCEPTED:
        return _("The assessment is not accepted yet: a title rests on an accepted assessment.")
    if assessment.vetoed:
        return _("The assessment was vetoed: a vetoed unit holds no title.")
    if assessment.rating != rules.Rating.MEETS:
        return _("The assessment does not meet the standard.")
    standard = assessment.standard
    if standard.title != title or title not in TITLES_OF_LEVEL.get(Level(standard.level), ()):
        return _("The assessment is against the standard of another title: %(standard)s.") % {
            "standard": standard.name
        }
    return None


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
    """Record an awarded title (the union officer for small homes, the district for homes).

    Refused, with nothing written, without a basis that ``basis_error`` accepts and for a second
    title of the same unit, title, level and period (the basis's year).
    """
    permissions.require(actor, "assessment.award_title", branch)
    unit_level = rules.LEVEL_OF_KIND.get(branch.kind)
    if unit_level is None or title not in TITLES_OF_LEVEL[Level(unit_level)]:
        raise AssessmentError(_("This title is not awarded to this kind of unit."), code="kind")
    if level not in TitleAward.AwardLevel.values:
        raise AssessmentError(_("Unknown level."), code="level")
    if assessment is not None:
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("standard")
            .get(pk=assessment.pk)
        )
    error = basis_error(assessment, branch=branch, title=title)
    if error:
        raise AssessmentError(error, code="basis")
    duplicate = _("This unit already holds this title at this level for %(year)s.") % {
        "year": assessment.year
    }
    if TitleAward.objects.filter(branch=branch, title=title, level=level, year=assessment.year).exists():
        raise Conflict(duplicate, code="duplicate")
    try:
        with transaction.atomic():
            award = TitleAward.objects.create(
                branch=branch,
                title=title,
                level=level,
                year=assessment.year,
                awarded_on=awarded_on,
                decided_by=decided_by.strip()[:120],
                assessment=assessment,
                recheck_due=rules.recheck_due(assessment.year),
                recorded_by=actor,
            )
    except IntegrityError:  # the same title recorded at the same moment by someone else
        raise Conflict(duplicate, code="duplicate") from None
    audit.created(actor=actor, action="assessment.title_award", obj=award)
    workflow.record_start(TITLE, actor=actor, obj=award, action="award")
    return award


def title_file(
    *, actor: User, award: TitleAward, note: str = "", expected_state: str | None = None
) -> TitleAward:
    """File a title with the higher union (备案, 篇二 §六.3): who and when are recorded."""
    return workflow.apply(
        TITLE, actor=actor, obj=award, action="file", reason=note, expected_state=expected_state
    )


def _recheck_guard(award: TitleAward, recheck: Assessment) -> None:
    error = basis_error(recheck, branch=award.branch, title=award.title)
    if error:
        raise AssessmentError(error, code="basis")
    latest = award.recheck_assessment.year if award.recheck_assessment_id else award.year
    if recheck.year <= latest:
        raise AssessmentError(
            _("A re-check is an assessment of a later year than %(year)s.") % {"year": latest}, code="year"
        )


@transaction.atomic
def title_recheck(*, actor: User, award: TitleAward, assessment: Assessment) -> TitleAward:
    """Renew a title on a re-check: an accepted, not vetoed assessment of a later year against the
    standard of the title moves its re-check date on (篇五 原则4 "复查机制")."""
    permissions.require(actor, "assessment.award_title", award)
    locked = (
        TitleAward.objects.select_for_update(of=("self",))  # the title's row; its re-check may be empty
        .select_related("branch", "recheck_assessment")
        .get(pk=award.pk)
    )
    recheck = Assessment.objects.select_related("standard").get(pk=assessment.pk)
    _recheck_guard(locked, recheck)
    return workflow.apply(TITLE, actor=actor, obj=locked, action="recheck", recheck=recheck)
