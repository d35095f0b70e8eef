"""Units, titles and rankings: a unit's titles and trend, the biennial commendation and the overview ranking."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import paging, scope

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
    rows: list[RankRow]  # the page's rows (every row without a page)
    units: int
    accepted: int
    meeting: int
    vetoed: int
    page: paging.Page | None = None  # the page shown, for its links

    def share(self, count: int) -> Decimal | None:
        """``count`` of the accepted assessments, in per cent to one place (rounded half up)."""
        return rules.percent(count, self.accepted)

    @property
    def meeting_share(self) -> Decimal | None:
        return self.share(self.meeting)

    @property
    def vetoed_share(self) -> Decimal | None:
        return self.share(self.vetoed)


RANKING_PAGE_SIZE = 50
_SCORE = DecimalField(max_digits=5, decimal_places=1)
# Ranked units first; among them, not vetoed before vetoed, the higher total first, then the path;
# the unranked units follow by path. The keys are annotations of ``ranked_units`` (never null).
RANKING_ORDER = ("unranked", "rank_vetoed", "-rank_score", "path", "id")


def ranked_units(units: QuerySet[Branch], year: int) -> QuerySet[Branch]:
    """``units`` joined (LEFT JOIN) to their latest accepted assessment of ``year`` and annotated
    with the ranking's keys: ``unranked`` (1 without one), ``rank_vetoed`` and ``rank_score`` (its
    total, 0 when none), and ``latest_id``. One row per unit: the join's condition keeps the
    assessment whose (period end, id) is the greatest of the unit's accepted ones of the year."""
    accepted = Q(assessments__year=year, assessments__state=Assessment.State.ACCEPTED)
    newest = Assessment.objects.filter(
        branch=OuterRef("pk"), year=year, state=Assessment.State.ACCEPTED
    ).order_by("-period_end", "-id")
    return units.annotate(
        latest=FilteredRelation(
            "assessments", condition=accepted & Q(assessments__pk=Subquery(newest.values("pk")[:1]))
        ),
        latest_id=F("latest__id"),
        unranked=Case(
            When(latest__id__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        rank_vetoed=Coalesce("latest__vetoed", Value(False), output_field=BooleanField()),
        rank_score=Coalesce("latest__total", Value(Decimal(0)), output_field=_SCORE),
    )


def _rows(units: list[Branch], start: int, today: dt.date) -> list[RankRow]:
    """The rows of ``units`` (annotated by ``ranked_units``, in the ranking's order, the first at
    position ``start``): their assessments and their titles in force, one query each."""
    assessments = Assessment.objects.select_related("standard").in_bulk(
        [u.latest_id for u in units if u.latest_id is not None]
    )
    titles: dict[int, list[str]] = defaultdict(list)
    in_force = TitleAward.objects.filter(branch__in=[u.pk for u in units], recheck_due__gte=today)
    for title in in_force.order_by("-awarded_on", "id"):
        titles[title.branch_id].append(title.get_title_display())
    rows = []
    for position, unit in enumerate(units, start=start):
        a = assessments.get(unit.latest_id) if unit.latest_id is not None else None
        if a is None:
            rows.append(RankRow(unit, None, None, "", False, None, titles[unit.pk]))
        else:
            rows.append(
                RankRow(
                    unit, a, rules.one_place(a.total), a.rating, bool(a.vetoed), position, titles[unit.pk]
                )
            )
    return rows


def overview(user, year: int, today: dt.date, *, request=None) -> Ranking:
    """Units in scope (enterprises and branches) ranked by their latest accepted assessment of the
    year (总览与排名): drafts, self-checks under review and returned ones do not rank; a vetoed
    assessment ranks below every assessment not vetoed, whatever its total; units without an
    accepted assessment follow, unranked. Titles shown are those in force.

    With ``request``, the page of ``RANKING_PAGE_SIZE`` rows at its ``?cursor=`` (keyset-paged in
    ``RANKING_ORDER``: ``paging.BadCursor``, a 400, for a cursor the ranking did not sign), whatever
    the number of units in scope; a row's rank is its position in the ranking. The counts are one
    SQL aggregate over the same join, the page's rows three queries (units, their assessments,
    titles). Without, every row (the export).
    """
    units = scope.limit(Branch.objects.filter(is_active=True), user, "path").filter(
        kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH]
    )
    ordered = ranked_units(units, year)
    counts = ordered.aggregate(
        units=Count("id"),
        accepted=Count("latest_id"),
        meeting=Count("latest_id", filter=Q(latest__rating=Assessment.Rating.MEETS)),
        vetoed=Count("latest_id", filter=Q(latest__vetoed=True)),
    )
    shown = None
    if request is None:
        rows = _rows(list(ordered.order_by(*RANKING_ORDER)), 1, today)
    else:
        shown = paging.page(
            request,
            ordered,
            order=RANKING_ORDER,
            name=f"assessment.ranking.{year}",
            size=RANKING_PAGE_SIZE,
            total=counts["units"],
        )
        rows = _rows(shown.object_list, shown.start, today)
    return Ranking(rows=rows, page=shown, **counts)
