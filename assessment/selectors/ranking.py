"""Units, titles and rankings: a unit's titles and trend, the biennial commendation and the overview ranking."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
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
    rows: list[RankRow]  # the page's rows (every row without a page)
    units: int
    accepted: int
    meeting: int
    vetoed: int
    page: Page | None = None  # the page shown, for its links

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


class _RankedUnits:
    """The ranking as a sequence the paginator slices: the ranked units first (their latest accepted
    assessment of the year, ordered in SQL), then the units without one, by path. A slice reads its
    rows only: the ranked ones, the unranked ones and their titles in force, one query each."""

    def __init__(self, units: QuerySet[Branch], year: int, today: dt.date):
        latest = Assessment.objects.filter(
            branch=OuterRef("branch"), year=year, state=Assessment.State.ACCEPTED
        ).order_by("-period_end", "-id")
        self.ranked = Assessment.objects.filter(
            branch__in=units, year=year, state=Assessment.State.ACCEPTED, pk=Subquery(latest.values("pk")[:1])
        )
        self.units = units
        self.today = today
        self.totals = self.ranked.aggregate(
            accepted=Count("pk"),
            meeting=Count("pk", filter=Q(rating=Assessment.Rating.MEETS)),
            vetoed=Count("pk", filter=Q(vetoed=True)),
        )
        self.total_units = units.count()

    def count(self) -> int:
        return self.total_units

    def __len__(self) -> int:
        return self.total_units

    def __getitem__(self, part: slice) -> list[RankRow]:
        start, stop, _step = part.indices(self.total_units)
        accepted = self.totals["accepted"]
        rows = []
        if start < accepted:
            ordered = self.ranked.select_related("branch", "standard").order_by(
                "vetoed", Coalesce("total", Value(Decimal(0))).desc(), "branch__path"
            )
            for number, a in enumerate(ordered[start : min(stop, accepted)], start=start + 1):
                rows.append(RankRow(a.branch, a, rules.one_place(a.total), a.rating, a.vetoed, number, []))
        if stop > accepted:
            unranked = self.units.exclude(pk__in=self.ranked.values("branch_id")).order_by("path")
            rows += [
                RankRow(u, None, None, "", False, None, [])
                for u in unranked[max(0, start - accepted) : stop - accepted]
            ]
        titles: dict[int, list[str]] = defaultdict(list)
        in_force = TitleAward.objects.filter(
            branch__in=[r.branch.pk for r in rows], recheck_due__gte=self.today
        )
        for title in in_force.order_by("-awarded_on"):
            titles[title.branch_id].append(title.get_title_display())
        for row in rows:
            row.titles = titles[row.branch.pk]
        return rows


def overview(user, year: int, today: dt.date, *, page: int | str | None = None) -> Ranking:
    """Units in scope (enterprises and branches) ranked by their latest accepted assessment of the
    year (总览与排名): drafts, self-checks under review and returned ones do not rank; a vetoed
    assessment ranks below every assessment not vetoed, whatever its total; units without an
    accepted assessment follow, unranked. Titles shown are those in force.

    With ``page``, the rows of that page of ``RANKING_PAGE_SIZE`` only, whatever the number of units
    in scope: the counts are SQL aggregates, the page's rows three queries (ranked, unranked, titles).
    Without, every row (the export).
    """
    units = scope.limit(Branch.objects.filter(is_active=True), user, "path").filter(
        kind__in=[Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH]
    )
    ranking = _RankedUnits(units, year, today)
    shown = None
    if page is None:
        rows = ranking[0 : ranking.count()]
    else:
        shown = Paginator(ranking, RANKING_PAGE_SIZE).get_page(page)
        rows = list(shown.object_list)
    return Ranking(
        rows=rows,
        units=ranking.count(),
        accepted=ranking.totals["accepted"],
        meeting=ranking.totals["meeting"],
        vetoed=ranking.totals["vetoed"],
        page=shown,
    )
