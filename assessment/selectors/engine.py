"""The indicator engine: a unit's facts for a year from every provider, and how each indicator reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Count
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from branches.facts import Fact
from branches.models import Branch
from unionhome import answer_once

from .. import rules
from ..models import Assessment, EvaluationAnswer, EvaluationRound, IndicatorKey, Level, Standard


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
