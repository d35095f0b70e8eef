"""Reads of the assessment: scoped querysets, the indicator engine, totals, rankings. Never writes."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count, DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from branches.facts import Fact
from branches.models import Appointment, Branch
from unionhome import answer_once, permissions, scope

from . import permissions as assessment_permissions
from . import rules
from .models import (
    Assessment,
    EvaluationAnswer,
    EvaluationRound,
    Evidence,
    IndicatorKey,
    ItemScore,
    Level,
    Participation,
    Standard,
    StandardItem,
    TitleAward,
    VetoContest,
    VetoRule,
)

# --- standards -------------------------------------------------------------------------------


def standards() -> QuerySet[Standard]:
    """Every standard version with its item count and whether an assessment uses it."""
    return Standard.objects.annotate(
        item_count=Count("sections__items", distinct=True),
        in_use=Exists(Assessment.objects.filter(standard=OuterRef("pk"))),
    ).order_by("code", "-version")


def standard_full(pk) -> Standard:
    return scope.get_or_404(
        Standard.objects.prefetch_related(
            Prefetch("sections__items", queryset=StandardItem.objects.order_by("order", "id")),
            "veto_rules",
        ),
        None,
        None,
        pk=pk,
    )


def latest_version(code: str) -> Standard | None:
    return Standard.objects.filter(code=code).order_by("-version").first()


def is_in_use(standard: Standard) -> bool:
    return Assessment.objects.filter(standard=standard).exists()


def standard_spec(standard: Standard) -> dict:
    """A standard as plain data (the shape the edit form, the import and the export share)."""
    return {
        "code": standard.code,
        "name": standard.name,
        "issuer": standard.issuer,
        "level": standard.level,
        "title": standard.title,
        "kind": standard.kind,
        "effective_date": standard.effective_date,
        "pass_mark": standard.pass_mark,
        "description": standard.description,
        "items": [
            {
                "section": section.name,
                "text": item.text,
                "points": item.points,
                "step": item.step,
                "guidance": item.guidance,
                "evidence_expected": item.evidence_expected,
                "indicator": item.indicator,
                "scoring": item.scoring or {},
            }
            for section in standard.sections.all()
            for item in section.items.all()
        ],
        "vetoes": [{"text": v.text, "indicator": v.indicator} for v in standard.veto_rules.all()],
        "targets": standard.targets or {},
        "gates": standard.gates or [],
    }


def current_standards() -> QuerySet[Standard]:
    """The newest version of every standard."""
    newest = Standard.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
    return Standard.objects.exclude(Exists(newest)).order_by("level", "code")


def units_to_open(user) -> QuerySet[Branch]:
    """Units for which the user may open an assessment (their own, or one they review)."""
    pks = [
        b.pk
        for b in assessment_permissions.units_in_scope(user)
        if permissions.allowed(user, "assessment.open_assessment", b)
    ]
    return Branch.objects.filter(pk__in=pks).order_by("path")


# --- assessments -----------------------------------------------------------------------------

_DEC = DecimalField(max_digits=6, decimal_places=1)


def _with_totals(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    counted = Coalesce("scores__reviewer_score", "scores__self_score")
    return qs.annotate(
        live_total=Coalesce(Sum(counted, output_field=_DEC), Value(Decimal(0)), output_field=_DEC)
    )


def assessments(user) -> QuerySet[Assessment]:
    return _with_totals(scope.limit(Assessment.objects.select_related("branch", "standard"), user)).order_by(
        "-period_start", "branch__path", "-id"
    )


def assessment_in_scope(user, pk) -> Assessment:
    return scope.get_or_404(Assessment.objects.select_related("branch", "standard"), user, pk=pk)


def scores_of(assessment: Assessment) -> list[ItemScore]:
    return list(
        assessment.scores.select_related("item__section").order_by(
            "item__section__order", "item__order", "item_id"
        )
    )


def evidence_of(assessment: Assessment) -> dict[int, list[Evidence]]:
    by_item: dict[int, list[Evidence]] = defaultdict(list)
    for e in assessment.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"):
        by_item[e.item_id].append(e)
    return by_item


def evidence_in_scope(user, pk) -> Evidence:
    return scope.get_or_404(
        Evidence.objects.select_related("assessment__branch", "item"), user, "assessment__branch__path", pk=pk
    )


def transitions_of(assessment: Assessment):
    return assessment.transitions.select_related("actor").order_by("at", "id")


def contests_of(assessment: Assessment) -> dict[int, VetoContest]:
    """The unit's contests of its vetoes, by veto item."""
    return {c.veto_rule_id: c for c in assessment.veto_contests.select_related("contested_by")}


# --- the indicator engine --------------------------------------------------------------------


def _own_facts(branch: Branch, year: int) -> dict[str, Fact]:
    """The assessment's own facts: branches below the small-home standard, members' satisfaction."""
    facts: dict[str, Fact] = {}
    children = list(
        Branch.objects.filter(path__startswith=branch.path, depth=branch.depth + 1, is_active=True).exclude(
            kind=Branch.Kind.GROUP
        )
    )
    if branch.kind == Branch.Kind.ENTERPRISE:
        latest: dict[int, str] = {}
        for a in (
            Assessment.objects.filter(
                branch__in=children,
                state=Assessment.State.ACCEPTED,
                standard__level=Level.SMALL_HOME,
                year__lte=year,
            )
            .order_by("branch_id", "-period_end", "-id")
            .values("branch_id", "rating")
        ):
            latest.setdefault(a["branch_id"], a["rating"])
        ratings = [latest.get(c.pk) == rules.Rating.MEETS for c in children]
        meeting = sum(ratings)
        facts["branches_below_small_home_share"] = Fact(
            rules.branches_below_share(ratings, len(children)),
            _("%(below)s of %(count)s branches do not meet the model-small-home standard")
            % {"below": len(children) - meeting, "count": len(children)},
            _("branches' latest accepted assessments"),
        )
    # only the rounds whose results may be shown (closed, enough answers): a rate over several rounds
    # then tells nothing that the rounds' own results do not
    shown = [
        r
        for r in EvaluationRound.objects.filter(
            year=year, branch__path__in=branch.ancestor_paths(), is_open=False
        ).annotate(n=Count("answers"))
        if answer_once.results_visible(r, r.n)
    ]
    members = [r for r in shown if r.audience == EvaluationRound.Audience.MEMBERS]
    verdicts = Counter(EvaluationAnswer.objects.filter(round__in=members).values_list("verdict", flat=True))
    rate = rules.satisfaction_rate(verdicts)
    facts["members_satisfaction_rate"] = Fact(
        rate,
        _("%(answers)s answers") % {"answers": sum(verdicts.values())} if verdicts else "",
        _("members evaluate the home %(year)s") % {"year": year},
    )
    # 职工满意率 of a small home (篇二 §四.2): the unit's own rounds that every worker answers
    own = [r for r in shown if r.branch_id == branch.pk and r.audience == EvaluationRound.Audience.WORKERS]
    verdicts = Counter(EvaluationAnswer.objects.filter(round__in=own).values_list("verdict", flat=True))
    total = sum(verdicts.values())
    facts["workers_satisfaction_rate"] = Fact(
        Fraction(sum(n for v, n in verdicts.items() if v in rules.SATISFIED), total) if total else None,
        _("%(answers)s answers") % {"answers": total} if total else "",
        _("workers' satisfaction with %(unit)s, %(year)s") % {"unit": branch.name, "year": year},
    )
    return facts


def gather_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Facts of a unit for a year from every provider in ``settings.UNIONHOME_FACT_PROVIDERS``."""
    facts: dict[str, Fact] = {}
    for dotted in settings.UNIONHOME_FACT_PROVIDERS:
        facts.update(import_string(dotted)(branch=branch, year=year))
    for key, fact in _own_facts(branch, year).items():
        facts.setdefault(key, fact)  # a provider's figure for the same key comes first
    return facts


def _display(indicator: rules.Indicator | None, value) -> str:
    from unionhome.templatetags.unionhome import pct

    if value is None:
        return _("no data")
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if indicator is None:
        return str(value)
    if indicator.unit is rules.Unit.RATE:
        return pct(value)
    if indicator.unit is rules.Unit.FLAG:
        return _("yes") if value else _("no")
    return str(value)


def _threshold_text(indicator: rules.Indicator | None) -> str:
    from unionhome.templatetags.unionhome import pct

    if indicator is None:
        return ""
    t = indicator.threshold
    if indicator.compare is rules.Compare.TRUE:
        return _("must be yes")
    if indicator.compare is rules.Compare.FALSE:
        return _("must be no")
    shown = pct(t) if indicator.unit is rules.Unit.RATE else str(t)
    return {
        rules.Compare.AT_LEAST: _("at least %(t)s"),
        rules.Compare.BELOW: _("below %(t)s"),
        rules.Compare.AT_MOST: _("at most %(t)s"),
    }[indicator.compare] % {"t": shown}


def _label(key: str) -> str:
    try:
        return str(IndicatorKey(key).label)
    except ValueError:
        return key


@dataclass
class IndicatorRow:
    key: str
    label: str
    value: object
    shown: str
    threshold: str
    source: str
    detail: str
    finding: str
    due_on: str = ""  # not met only because this day has not come yet (``Fact.due_on``)

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal | Fraction) else v) for k, v in self.__dict__.items()}


def indicator_of(key: str, standard: Standard | None = None) -> rules.Indicator | None:
    """The indicator of a key, with the standard's own target where it sets one (篇一 (六)1)."""
    indicator = rules.INDICATORS.get(key)
    if indicator is None or standard is None:
        return indicator
    return rules.with_target(indicator, (standard.targets or {}).get(key))


def indicator_row(key: str, fact: Fact | None, standard: Standard | None = None) -> IndicatorRow:
    indicator = indicator_of(key, standard)
    value = fact.value if fact is not None else None
    finding = rules.evaluate(indicator, value) if indicator is not None else rules.Finding.NO_DATA
    due_on = fact.due_on if fact is not None and finding == rules.Finding.NOT_MET else None
    return IndicatorRow(
        key=key,
        label=_label(key),
        value=value,
        shown=_display(indicator, value),
        threshold=_threshold_text(indicator),
        source=(fact.source if fact is not None and fact.source else _("nobody provides this figure")),
        detail=fact.detail if fact is not None else "",
        finding=str(finding),
        due_on=due_on.isoformat() if due_on else "",
    )


@dataclass
class VetoRow:
    rule_id: int
    text: str
    indicator: IndicatorRow
    finding: str
    confirmation: str = ""  # the reviewer's recorded basis, where live data had none

    def as_dict(self) -> dict:
        return {**self.__dict__, "indicator": self.indicator.as_dict()}


@dataclass
class GateRow:
    """A condition of the standard that caps the rating (``Standard.gates``)."""

    key: str
    text: str
    indicator: IndicatorRow
    finding: str

    def as_dict(self) -> dict:
        return {**self.__dict__, "indicator": self.indicator.as_dict()}


@dataclass
class Suggestion:
    """The score an indicator-bound item suggests (None: no data, or a hand-scored item), with the
    indicator rows it rests on."""

    score: Decimal | None
    evidence: list[IndicatorRow]
    rule: str = ""  # how the indicator maps to points, for the reader

    @property
    def bound(self) -> bool:
        return bool(self.evidence)

    def departs(self, score: Decimal | None) -> bool:
        return self.score is not None and score is not None and score != self.score

    def as_dict(self) -> dict:
        return {
            "score": None if self.score is None else str(self.score),
            "evidence": [r.as_dict() for r in self.evidence],
            "rule": self.rule,
        }


@dataclass
class Result:
    """An assessment's computed result: total, indicators, veto panel, gates, rating."""

    total: Decimal
    self_total: Decimal
    max_points: Decimal
    indicators: list[IndicatorRow]
    vetoes: list[VetoRow]
    rating: str
    frozen: bool = False
    sections: list[dict] = field(default_factory=list)
    gates: list[GateRow] = field(default_factory=list)
    suggestions: dict[int, Suggestion] = field(default_factory=dict)

    @property
    def vetoed(self) -> bool:
        return any(v.finding == rules.VetoFinding.VETOED for v in self.vetoes)

    @property
    def veto_reasons(self) -> list[str]:
        return [v.text for v in self.vetoes if v.finding == rules.VetoFinding.VETOED]


def section_totals(scores: list[ItemScore]) -> list[dict]:
    sections: dict[int, dict] = {}
    for s in scores:
        sec = sections.setdefault(
            s.item.section_id, {"name": s.item.section.name, "points": Decimal(0), "score": Decimal(0)}
        )
        sec["points"] += s.item.points
        sec["score"] += rules.item_score(s.self_score, s.reviewer_score) or Decimal(0)
    return list(sections.values())


def _frozen_row(row: dict) -> IndicatorRow:
    return IndicatorRow(**row)


def _scoring_text(scoring: dict) -> str:
    mode = scoring.get("mode")
    if mode == "linear":
        return _("0 points at %(low)s or below, full points at %(high)s or above, in proportion between") % {
            "low": scoring["zero_at"], "high": scoring["full_at"]}  # fmt: skip
    if mode == "bands":
        return _("bands: %(bands)s") % {"bands": "; ".join(f"≥ {b} → {p}" for b, p in scoring["bands"])}
    return _("full points when the threshold is met, otherwise 0")


def _suggestions(
    scores: list[ItemScore], standard: Standard, facts: dict[str, Fact]
) -> dict[int, Suggestion]:
    suggestions = {}
    for s in scores:
        scoring = s.item.scoring or {}
        if not scoring or not s.item.indicator:
            suggestions[s.item_id] = Suggestion(None, [])
            continue
        keys = [s.item.indicator, *(scoring.get("also") or [])]
        rows = [indicator_row(k, facts.get(k), standard) for k in keys]
        pairs = [(indicator_of(k, standard), facts[k].value if k in facts else None) for k in keys]
        # a figure not met only because its day has not come suggests nothing yet (``Fact.due_on``)
        pending = any(k in facts and facts[k].due_on is not None for k in keys)
        known = all(i is not None for i, _v in pairs)
        score = rules.suggest(scoring, s.item.points, pairs, s.item.step) if known and not pending else None
        suggestions[s.item_id] = Suggestion(score, rows, _scoring_text(scoring))
    return suggestions


def attach_suggestions(scores: list[ItemScore], result: Result) -> None:
    """Give each score row its ``suggestion`` and whether each score departs from it (for the pages)."""
    for s in scores:
        s.suggestion = result.suggestions.get(s.item_id) or Suggestion(None, [])
        s.self_departs = s.suggestion.departs(s.self_score)
        s.reviewer_departs = s.suggestion.departs(s.reviewer_score)


def suggestions_of(assessment: Assessment, scores: list[ItemScore] | None = None) -> dict[int, Suggestion]:
    """Per item: the suggested score and its evidence (frozen at acceptance)."""
    return result_of(assessment, scores).suggestions


def result_of(assessment: Assessment, scores: list[ItemScore] | None = None) -> Result:
    """Live result (or, once accepted, the result frozen at acceptance)."""
    scores = scores if scores is not None else scores_of(assessment)
    counted = [rules.item_score(s.self_score, s.reviewer_score) for s in scores]
    sections = section_totals(scores)
    standard = assessment.standard
    if assessment.state == Assessment.State.ACCEPTED and assessment.findings:
        f = assessment.findings
        return Result(
            total=assessment.total,
            self_total=rules.total(s.self_score for s in scores),
            max_points=sum((s.item.points for s in scores), Decimal(0)),
            indicators=[_frozen_row(row) for row in f["indicators"]],
            vetoes=[VetoRow(**{**v, "indicator": _frozen_row(v["indicator"])}) for v in f["vetoes"]],
            rating=assessment.rating,
            frozen=True,
            sections=sections,
            gates=[GateRow(**{**g, "indicator": _frozen_row(g["indicator"])}) for g in f.get("gates", [])],
            suggestions={
                int(pk): Suggestion(
                    None if v["score"] is None else Decimal(v["score"]),
                    [_frozen_row(r) for r in v["evidence"]],
                    v.get("rule", ""),
                )
                for pk, v in f.get("suggestions", {}).items()
            },
        )
    facts = gather_facts(branch=assessment.branch, year=assessment.year)
    item_keys = [s.item.indicator for s in scores if s.item.indicator]
    veto_rules = list(VetoRule.objects.filter(standard=standard).order_by("order", "id"))
    gates = [g for g in (standard.gates or []) if g.get("indicator")]
    confirmations = {c.veto_rule_id: c for c in assessment.veto_confirmations.all()}
    keys = list(
        dict.fromkeys(item_keys + [v.indicator for v in veto_rules] + [g["indicator"] for g in gates])
    )
    indicators = [indicator_row(k, facts.get(k), standard) for k in keys]
    by_key = {r.key: r for r in indicators}
    vetoes = []
    for rule in veto_rules:
        confirmation = confirmations.get(rule.pk)
        fact = facts.get(rule.indicator)
        finding = rules.veto_finding(
            indicator_of(rule.indicator, standard),
            by_key[rule.indicator].value,
            confirmation.vetoed if confirmation else None,
            due_on=fact.due_on if fact is not None else None,
            period_end=assessment.period_end,
        )
        vetoes.append(
            VetoRow(
                rule_id=rule.pk,
                text=rule.text,
                indicator=by_key[rule.indicator],
                finding=str(finding),
                confirmation=confirmation.comment
                if confirmation and by_key[rule.indicator].value is None
                else "",
            )
        )
    gate_rows = [
        GateRow(
            key=g["indicator"],
            text=g.get("text") or by_key[g["indicator"]].label,
            indicator=by_key[g["indicator"]],
            finding=str(
                rules.gate_finding(indicator_of(g["indicator"], standard), by_key[g["indicator"]].value)
            ),
        )
        for g in gates
    ]
    total = rules.total(counted)
    return Result(
        total=total,
        self_total=rules.total(s.self_score for s in scores),
        max_points=sum((s.item.points for s in scores), Decimal(0)),
        indicators=indicators,
        vetoes=vetoes,
        rating=str(
            rules.rating(
                total,
                standard.pass_mark,
                [rules.VetoFinding(v.finding) for v in vetoes],
                [rules.Finding(g.finding) for g in gate_rows],
            )
        ),
        sections=sections,
        gates=gate_rows,
        suggestions=_suggestions(scores, standard, facts),
    )


# --- units, titles, rankings -----------------------------------------------------------------


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


def rounds(user) -> QuerySet[EvaluationRound]:
    return scope.limit(
        EvaluationRound.objects.select_related("branch").annotate(answer_count=Count("answers")), user
    ).order_by("-year", "-id")


def round_in_scope(user, pk) -> EvaluationRound:
    return scope.get_or_404(EvaluationRound.objects.select_related("branch"), user, pk=pk)


def round_results(round_: EvaluationRound) -> dict:
    """A round's result: the number of answers, and the counts, rate and suggestions only where
    ``unionhome.answer_once.results_visible`` allows (the round closed, enough answers)."""
    answers = round_.answers.count()
    if not answer_once.results_visible(round_, answers):
        return {"answers": answers, "withheld": True, "minimum": answer_once.minimum_answers()}
    verdicts = Counter(round_.answers.values_list("verdict", flat=True))
    return {
        "answers": answers,
        "withheld": False,
        "counts": [(v, label, verdicts.get(v, 0)) for v, label in EvaluationAnswer.Verdict.choices],
        "rate": rules.satisfaction_rate(verdicts),
        # in the random key's order: never the order in which members answered
        "comments": list(
            round_.answers.exclude(comment="").order_by("id").values_list("comment", flat=True)[:50]
        ),
    }


def open_rounds_for_worker(worker) -> list[EvaluationRound]:
    """Open rounds the worker may answer: of their unit or above; members' rounds for members only."""
    rounds = EvaluationRound.objects.filter(is_open=True, branch__path__in=worker.branch.ancestor_paths())
    if not worker.is_member:
        rounds = rounds.filter(audience=EvaluationRound.Audience.WORKERS)
    return list(
        rounds.annotate(answered=Exists(Participation.objects.filter(round=OuterRef("pk"), worker=worker)))
        .select_related("branch")
        .order_by("-year", "-id")
    )


def open_round_for_worker(worker, pk) -> EvaluationRound:
    rounds = EvaluationRound.objects.filter(branch__path__in=worker.branch.ancestor_paths())
    return scope.get_or_404(rounds, None, None, pk=pk)


def pending_self_checks(today: dt.date) -> list[Branch]:
    """Active branches and groups without a quarterly self-check submitted for this quarter."""
    number = rules.quarter_of(today)
    submitted = Assessment.objects.filter(
        branch=OuterRef("pk"), period_kind="quarterly", year=today.year, number=number
    ).exclude(state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED])
    return list(
        Branch.objects.filter(is_active=True, kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP])
        .exclude(Exists(submitted))
        .order_by("path")
    )


def pending_evaluations(today: dt.date) -> list[tuple[Branch, rules.Due]]:
    """Active enterprise unions without the half-year or yearly evaluation due now submitted (篇一)."""
    result = []
    enterprises = list(Branch.objects.filter(is_active=True, kind=Branch.Kind.ENTERPRISE).order_by("path"))
    for due in rules.evaluations_due(today):
        submitted = set(
            Assessment.objects.filter(
                branch__in=enterprises, period_kind=due.kind, year=due.year, number=due.number
            )
            .exclude(state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED])
            .values_list("branch_id", flat=True)
        )
        result += [(e, due) for e in enterprises if e.pk not in submitted]
    return result


def overdue_reviews(today: dt.date) -> list[tuple[Assessment, dt.date]]:
    """Self-scored assessments waiting for review longer than ``rules.REVIEW_DUE_DAYS``."""
    result = []
    qs = (
        Assessment.objects.filter(state=Assessment.State.SELF_SCORED)
        .select_related("branch")
        .prefetch_related("transitions")
    )
    for a in qs:
        submitted = [t.at.date() for t in a.transitions.all() if t.to_state == Assessment.State.SELF_SCORED]
        if submitted and rules.review_overdue(max(submitted), today):
            result.append((a, max(submitted)))
    return result


def officers_for(branch: Branch, roles_: list[str]) -> list:
    """Users holding one of ``roles_`` at the unit or above it, in force today."""
    from django.utils import timezone

    today = timezone.localdate()
    return list(
        {
            a.user
            for a in Appointment.objects.filter(
                branch__path__in=branch.ancestor_paths(), role__in=roles_, start__lte=today
            )
            .filter(Q(end__isnull=True) | Q(end__gte=today))
            .select_related("user")
        }
    )
