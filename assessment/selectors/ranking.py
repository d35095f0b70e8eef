"""Units, titles and rankings: a unit's titles and trend, the biennial commendation and the overview ranking."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import scope

from .. import rules
from ..models import Assessment, TitleAward
from .records import _with_totals


def titles_of(branch: Branch) -> QuerySet[TitleAward]:
    return (
        TitleAward.objects.filter(branch=branch)
        .select_related("recorded_by", "filed_by", "assessment__standard", "recheck_assessment")
        .prefetch_related("transitions")
        .order_by("-year", "-awarded_on", "-id")
    )


def title_in_scope(user, pk) -> TitleAward:
    return scope.get_or_404(
        TitleAward.objects.select_related("branch", "assessment__standard", "recheck_assessment"), user, pk=pk
    )


def title_bases(user, branch: Branch) -> QuerySet[Assessment]:
    """The assessments a title of ``branch`` may rest on: accepted, not vetoed, meeting the standard."""
    return (
        scope.limit(Assessment.objects.select_related("standard"), user)
        .filter(branch=branch, state=Assessment.State.ACCEPTED, vetoed=False, rating=Assessment.Rating.MEETS)
        .order_by("-period_end", "-id")
    )


@dataclass
class CommendationRow:
    award: TitleAward
    qualifies: bool
    reasons: list[str]


def commendation(user, year: int, today: dt.date) -> list[CommendationRow]:
    """Titles in scope of the two periods a commendation of ``year`` covers (篇二 §六.1), each with
    whether it qualifies: filed with the higher union, resting on an assessment not vetoed, and not
    lapsed by the end of ``year`` (or by today, when that is earlier). Qualifying rows first."""
    by = min(dt.date(year, 12, 31), today)
    rows = []
    awards = scope.limit(
        TitleAward.objects.filter(year__in=rules.commendation_years(year)).select_related(
            "branch", "assessment", "filed_by"
        ),
        user,
    ).order_by("branch__path", "title", "-year")
    for award in awards:
        reasons = []
        if award.state != TitleAward.State.FILED:
            reasons.append(_("not filed with the higher union"))
        if award.assessment.vetoed:
            reasons.append(_("its assessment was vetoed"))
        if award.lapsed_on(by):
            reasons.append(_("lapsed: not re-checked by %(date)s") % {"date": award.recheck_due})
        rows.append(CommendationRow(award, not reasons, reasons))
    rows.sort(key=lambda r: not r.qualifies)
    return rows


def next_due_of(branch: Branch, today: dt.date) -> rules.Due | None:
    done = Assessment.objects.filter(branch=branch).values_list("period_kind", "year", "number")
    return rules.next_due(branch.kind, today, list(done))


def trend_of(branch: Branch) -> list[Assessment]:
    return list(
        _with_totals(Assessment.objects.filter(branch=branch).select_related("standard")).order_by(
            "period_start", "id"
        )
    )


@dataclass
class RankRow:
    branch: Branch
    assessment: Assessment | None  # the latest accepted assessment of the year
    total: Decimal | None  # to one place
    rating: str
    vetoed: bool
    rank: int | None  # None: no accepted assessment this year
    titles: list[str]


@dataclass
class Ranking:
    rows: list[RankRow]
    units: int
    accepted: int
    meeting: int
    vetoed: int

    def share(self, count: int) -> Decimal | None:
        """``count`` of the accepted assessments, in per cent to one place (rounded half up)."""
        return rules.percent(count, self.accepted)

    @property
    def meeting_share(self) -> Decimal | None:
        return self.share(self.meeting)

    @property
    def vetoed_share(self) -> Decimal | None:
        return self.share(self.vetoed)


def overview(user, year: int, today: dt.date) -> Ranking:
    """Units in scope (enterprises and branches) ranked by their latest accepted assessment of the
    year (总览与排名): drafts, self-checks under review and returned ones do not rank; a vetoed
    assessment ranks below every assessment not vetoed, whatever its total; units without an
    accepted assessment follow, unranked. Titles shown are those in force.

    Three queries whatever the number of units: units, accepted assessments, titles.
    """
    units = list(
        scope.limit(Branch.objects.filter(is_active=True), user, "path")
        .filter(kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH])
        .order_by("path")
    )
    latest: dict[int, Assessment] = {}
    for a in (
        Assessment.objects.filter(
            branch__in=[u.pk for u in units], year=year, state=Assessment.State.ACCEPTED
        )
        .select_related("standard")
        .order_by("branch_id", "-period_end", "-id")
    ):
        latest.setdefault(a.branch_id, a)
    titles: dict[int, list[str]] = defaultdict(list)
    for t in TitleAward.objects.filter(branch__in=[u.pk for u in units], recheck_due__gte=today).order_by(
        "-awarded_on"
    ):
        titles[t.branch_id].append(t.get_title_display())
    rows = []
    for u in units:
        a = latest.get(u.pk)
        rows.append(
            RankRow(
                branch=u,
                assessment=a,
                total=rules.one_place(a.total) if a else None,
                rating=a.rating if a else "",
                vetoed=bool(a and a.vetoed),
                rank=None,
                titles=titles[u.pk],
            )
        )
    rows.sort(key=lambda r: (r.assessment is None, r.vetoed, -(r.total or 0), r.branch.path))
    for number, row in enumerate((r for r in rows if r.assessment is not None), start=1):
        row.rank = number
    ranked = [r for r in rows if r.assessment is not None]
    return Ranking(
        rows=rows,
        units=len(rows),
        accepted=len(ranked),
        meeting=sum(1 for r in ranked if r.rating == Assessment.Rating.MEETS),
        vetoed=sum(1 for r in ranked if r.vetoed),
    )
