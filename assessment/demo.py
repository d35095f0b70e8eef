"""Demo data of the assessment: the seeded standards, a model home, a vetoed home, self-checks.

E01 (东山煤矿工会) meets the five-shape model-home standard: its branches' self-checks were
accepted and meet the model-small-home standard, and the district accepted its yearly check; it
holds the model-home title on that check (filed with the higher union), its branch B01 the
model-small-home title (awarded by the enterprise union, waiting to be filed). Titles rest only on
an accepted assessment that was not vetoed and meets its own standard.
E01's half-year initial evaluation (篇一 考评) is against the mine's own standard, whose targets
are stricter (篇一(六)1 "职工入会率达99以上，发证率100"): at the demo's 97.5 % enrolment and 96 % cards
its gates fail, so that evaluation does not meet the mine's standard and no title rests on it.
E02 (城东供电公司工会) is vetoed: its enrolment rate in the demo roster is below 95 %; it holds no title.
Branches have this quarter's self-checks in several states. Idempotent: each assessment is made
only when its unit has none for that period; the steps go through the services.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from branches.models import Worker

from . import selectors, services
from .models import Assessment, EvaluationAnswer, EvaluationRound, Participation, Standard, TitleAward

SMALL = "seed2-model-small-home"
HOME = "seed5-five-shapes"
MINE = "seed1-mine-home"  # the mine's own standard (篇一): enrolment 99 %, cards 100 %
SITE_CHECK = "区总工会现场检查：查阅台账、档案并座谈"


def _score(points: Decimal, rnd: random.Random, low: float) -> Decimal:
    """A score on the items' default step (half points)."""
    doubled = Decimal(str(float(points) * rnd.uniform(low, 1.0) * 2)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return min(doubled / 2, points)


def _fill(actor, assessment, rnd, low):
    """Scores as an officer gives them: an indicator-bound item its suggested score, an item scored
    by hand a score (all or nothing on a checklist) with the record it rests on named."""
    suggestions = selectors.suggestions_of(assessment)
    checklist = assessment.standard.kind == Standard.Kind.CHECKLIST
    scores = {}
    for s in assessment.scores.select_related("item"):
        suggested = suggestions[s.item_id].score
        if suggested is not None:
            scores[s.item_id] = (suggested, "")
        else:
            score = s.item.points if checklist else _score(s.item.points, rnd, low)
            scores[s.item_id] = (score, f"见{s.item.evidence_expected or '台账'}")
    services.assessment_score(actor=actor, assessment=assessment, scores=scores)


def _run(
    ctx, rnd, *, branch, code, kind, year, number, upto, self_actor, reviewer, low=0.88, review_low=None
):
    """Open an assessment and take it through the workflow up to state ``upto``."""
    if Assessment.objects.filter(
        branch=branch, standard__code=code, period_kind=kind, year=year, number=number
    ).exists():
        return None
    standard = Standard.objects.filter(code=code).order_by("-version").first()
    a = services.assessment_create(
        actor=self_actor, branch=branch, standard=standard, period_kind=kind, year=year, number=number
    )
    ctx.created += 1
    _fill(self_actor, a, rnd, low)
    if upto == "draft":
        return a
    a = services.assessment_transition(actor=self_actor, assessment=a, action="submit", comment="自查完成")
    if upto == "self_scored":
        return a
    _fill(reviewer, a, rnd, review_low or low)
    if upto == "returned":
        return services.assessment_transition(
            actor=reviewer, assessment=a, action="return", comment="台账不全，请补充后重新提交"
        )
    a = services.assessment_transition(actor=reviewer, assessment=a, action="review", comment="复核完成")
    if upto == "reviewed":
        return a
    result_vetoes = selectors.result_of(a).vetoes
    if not any(v.finding == "vetoed" for v in result_vetoes):
        for v in result_vetoes:
            if v.finding == "no_data":
                rule = a.standard.veto_rules.get(pk=v.rule_id)
                services.veto_confirm(
                    actor=reviewer, assessment=a, veto_rule=rule, vetoed=False, comment=SITE_CHECK
                )
    return services.assessment_transition(actor=reviewer, assessment=a, action="accept", comment="验收")


def _members_round(ctx, rnd, enterprise, year):
    """A 会员评家 round with anonymous answers of a sample of the enterprise's members."""
    round_, created = EvaluationRound.objects.get_or_create(
        branch=enterprise, year=year, defaults={"name": f"{year}年度会员评家", "is_open": False}
    )
    if not created:
        return
    ctx.created += 1
    members = list(
        Worker.objects.filter(
            branch__path__startswith=enterprise.path, is_member=True, status=Worker.Status.ACTIVE
        )
        .order_by("id")
        .values_list("id", flat=True)[:200]
    )
    verdicts = ["very_satisfied"] * 60 + ["satisfied"] * 30 + ["basically"] * 7 + ["unsatisfied"] * 3
    Participation.objects.bulk_create([Participation(round=round_, worker_id=pk) for pk in members])
    EvaluationAnswer.objects.bulk_create(
        [EvaluationAnswer(round=round_, verdict=rnd.choice(verdicts)) for _pk in members]
    )
    ctx.created += len(members)


@transaction.atomic
def seed(ctx):
    ctx.created += len(services.standards_install())
    rnd = random.Random(8)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    year = today.year
    admin, officer, district = ctx.users["admin"], ctx.users["officer"], ctx.users["district"]
    officer_b, branch_user = ctx.users["officer_b"], ctx.users["branch"]
    e01, e02, e03 = ctx.enterprises["E01"], ctx.enterprises["E02"], ctx.enterprises["E03"]

    _members_round(ctx, rnd, e01, year - 1)  # members' satisfaction decides the rating (篇五 原则3)
    _members_round(ctx, rnd, e01, year)
    # E01's branches: last quarter's self-checks accepted, all meeting the small-home standard
    for code, unit in sorted(ctx.branches.items()):
        if code.startswith("E01-"):
            actor = branch_user if code == "E01-B01" else admin
            _run(ctx, rnd, branch=unit, code=SMALL, kind="quarterly", year=year, number=3, upto="accepted",
                 self_actor=actor, reviewer=officer)  # fmt: skip
    # this quarter's self-checks in several states
    for code, upto in (("E01-B02", "self_scored"), ("E01-B03", "reviewed"), ("E01-B04", "returned")):
        _run(ctx, rnd, branch=ctx.branches[code], code=SMALL, kind="quarterly", year=year, number=4, upto=upto,
             self_actor=admin, reviewer=officer)  # fmt: skip
    for code, upto in (("E02-B01", "accepted"), ("E02-B02", "self_scored"), ("E02-B03", "draft")):
        _run(ctx, rnd, branch=ctx.branches[code], code=SMALL, kind="quarterly", year=year, number=3, upto=upto,
             self_actor=admin, reviewer=officer_b, low=0.7)  # fmt: skip

    # E01: last year's and this year's check and acceptance by the district → a model home
    _run(ctx, rnd, branch=e01, code=HOME, kind="district", year=year - 1, number=1, upto="accepted",
         self_actor=officer, reviewer=district, low=0.82, review_low=0.86)  # fmt: skip
    accepted = _run(ctx, rnd, branch=e01, code=HOME, kind="district", year=year, number=1, upto="accepted",
                    self_actor=officer, reviewer=district, low=0.9)  # fmt: skip
    if accepted is not None and accepted.rating == "meets" and not accepted.vetoed:
        home_title = services.title_award(actor=district, branch=e01, title="model_home", level="city",
                                          awarded_on=today, decided_by="城东区总工会", assessment=accepted)  # fmt: skip
        services.title_file(actor=district, award=home_title, note="报市总工会备案")
        ctx.created += 1
    # the small home's title, awarded by the enterprise union, waits to be filed with the district
    small = Assessment.objects.filter(
        branch=ctx.branches["E01-B01"], state="accepted", rating="meets", vetoed=False
    ).first()
    if small is not None and not TitleAward.objects.filter(branch=ctx.branches["E01-B01"]).exists():
        services.title_award(actor=officer, branch=ctx.branches["E01-B01"], title="model_small_home",
                             level="enterprise", awarded_on=today, decided_by="东山煤矿工会", assessment=small)  # fmt: skip
        ctx.created += 1
    # E01's half-year initial evaluation against its own standard: below its 99 %/100 % targets
    _run(ctx, rnd, branch=e01, code=MINE, kind="half_year", year=year, number=1, upto="accepted",
         self_actor=officer, reviewer=district, low=0.9)  # fmt: skip
    # E02 (below) is vetoed: it holds no title, and the title form offers no basis for one

    # E02: a good score, but its enrolment rate is below 95 %: vetoed
    _run(ctx, rnd, branch=e02, code=HOME, kind="district", year=year, number=1, upto="accepted",
         self_actor=officer_b, reviewer=district, low=0.9)  # fmt: skip
    # E03: its half-year evaluation is waiting for review
    _run(ctx, rnd, branch=e03, code=HOME, kind="half_year", year=year, number=2, upto="self_scored",
         self_actor=admin, reviewer=district)  # fmt: skip
    return ctx
