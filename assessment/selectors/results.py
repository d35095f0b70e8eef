"""An assessment's result: section totals, vetoes, gates, the rating and the suggested scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from branches.facts import Fact

from .. import rules
from ..models import Assessment, ItemScore, Standard, VetoRule
from .engine import IndicatorRow, gather_facts, indicator_of, indicator_row
from .records import scores_of


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
