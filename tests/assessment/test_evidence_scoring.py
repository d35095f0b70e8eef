"""Indicator-bound items: a suggested score with its evidence, departures only with a written reason,
hand-scored items only with evidence (docs/DOMAIN.md, "Assessment")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assessment import selectors, services
from assessment.exceptions import AssessmentError, StandardInvalid
from assessment.models import Assessment, ItemScore
from branches.facts import Fact
from tests.assessment.conftest import small_spec
from unionhome.models import AuditEvent


def bound_spec(**over):
    return small_spec(
        code="bound",
        items=[
            {"section": "组织", "text": "班子健全", "points": 60},
            {
                "section": "民主",
                "text": "满意率",
                "points": 40,
                "indicator": "members_satisfaction_rate",
                "scoring": {"mode": "threshold"},
            },
        ],  # fmt: skip
        **over,
    )


@pytest.fixture
def bound(world, fake_facts):
    std = services.standard_save(actor=world.users["district"], spec=bound_spec())
    fake_facts["A1"] = {
        "members_satisfaction_rate": Fact(Decimal("0.90"), "9 of 10 answers", "会员评家 2026")
    }
    return std


def _ids(a):
    return {s.item.text: s.item_id for s in a.scores.select_related("item")}


def test_the_suggestion_comes_with_its_evidence(world, bound, make_assessment):
    a = make_assessment(world.branch_a1, bound)
    s = selectors.suggestions_of(a)[_ids(a)["满意率"]]
    assert s.score == 0  # 90 % is below 95 %
    assert [(r.key, r.shown, r.threshold, r.source, r.detail) for r in s.evidence] == [
        ("members_satisfaction_rate", "90.00%", "不低于 95.00%", "会员评家 2026", "9 of 10 answers")
    ]
    assert selectors.suggestions_of(a)[_ids(a)["班子健全"]].score is None  # hand-scored


def test_departing_from_the_suggestion_without_a_reason_is_refused(world, bound, make_assessment):
    a = make_assessment(world.branch_a1, bound)
    ids = _ids(a)
    events = AuditEvent.objects.count()
    with pytest.raises(AssessmentError) as refused:
        services.assessment_score(
            actor=world.users["branch"], assessment=a, scores={ids["满意率"]: (Decimal(40), "")}
        )
    assert refused.value.code == "departure_reason"
    assert ItemScore.objects.get(assessment=a, item_id=ids["满意率"]).self_score is None
    assert AuditEvent.objects.count() == events


def test_departing_with_a_reason_is_kept_and_shown_to_the_reviewer(world, bound, make_assessment, client_for):
    a = make_assessment(world.branch_a1, bound)
    ids = _ids(a)
    services.assessment_score(actor=world.users["branch"], assessment=a, scores={
        ids["满意率"]: (Decimal(30), "评家问卷第二轮尚未汇总，现场座谈满意"),
        ids["班子健全"]: (Decimal(60), "见换届选举台账"),
    })  # fmt: skip
    row = ItemScore.objects.get(assessment=a, item_id=ids["满意率"])
    assert row.self_score == 30
    services.assessment_transition(actor=world.users["branch"], assessment=a, action="submit")
    page = client_for(world.users["officer"]).get(reverse("assessment:assessment_detail", args=[a.pk]))
    text = page.content.decode()
    assert "建议得分" in text and "评家问卷第二轮尚未汇总" in text and "偏离建议" in text


def test_the_suggested_score_needs_no_reason(world, bound, make_assessment):
    a = make_assessment(world.branch_a1, bound)
    services.assessment_score(
        actor=world.users["branch"], assessment=a, scores={_ids(a)["满意率"]: (Decimal(0), "")}
    )
    assert ItemScore.objects.get(assessment=a, item_id=_ids(a)["满意率"]).self_score == 0


def test_the_reviewer_departs_only_with_a_reason_too(world, bound, make_assessment):
    a = make_assessment(world.branch_a1, bound)
    Assessment.objects.filter(pk=a.pk).update(state="self_scored")
    with pytest.raises(AssessmentError):
        services.assessment_score(
            actor=world.users["officer"], assessment=a, scores={_ids(a)["满意率"]: (Decimal(40), " ")}
        )
    assert ItemScore.objects.get(assessment=a, item_id=_ids(a)["满意率"]).reviewer_score is None


def test_a_hand_scored_item_needs_evidence_before_submitting(world, bound, make_assessment):
    a = make_assessment(world.branch_a1, bound)
    ids = _ids(a)
    services.assessment_score(actor=world.users["branch"], assessment=a,
                              scores={ids["满意率"]: (Decimal(0), ""), ids["班子健全"]: (Decimal(60), "")})  # fmt: skip
    with pytest.raises(AssessmentError) as refused:
        services.assessment_transition(actor=world.users["branch"], assessment=a, action="submit")
    assert refused.value.code == "evidence"
    assert Assessment.objects.get(pk=a.pk).state == "draft"
    services.assessment_score(actor=world.users["branch"], assessment=a,
                              scores={ids["班子健全"]: (Decimal(60), "见换届选举台账")})  # fmt: skip
    assert services.assessment_transition(
        actor=world.users["branch"], assessment=a, action="submit"
    ).state == ("self_scored")


def test_the_report_shows_the_suggestion_and_the_reason(world, bound, make_assessment):
    from assessment.views import assessments as views

    a = make_assessment(world.branch_a1, bound)
    services.assessment_score(actor=world.users["branch"], assessment=a,
                              scores={_ids(a)["满意率"]: (Decimal(30), "现场座谈满意")})  # fmt: skip
    request = RequestFactory().get("/")
    request.user = world.users["officer"]
    html = render_to_string("assessment/report_pdf.html", views._report_context(request, a.pk))
    assert "建议得分" in html and "现场座谈满意" in html


@pytest.mark.parametrize(
    "scoring",
    [
        {"mode": "guess"},
        {"mode": "linear", "zero_at": "0.9", "full_at": "0.8"},
        {"mode": "bands", "bands": [["x", "1"]]},
        {"mode": "bands", "bands": [["0.9", "2"]]},
        {"mode": "threshold", "also": ["nonsense"]},
    ],
)
def test_a_scoring_rule_that_makes_no_sense_is_refused(world, scoring):
    spec = bound_spec()
    spec["items"][1]["scoring"] = scoring
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=spec)


def test_a_scoring_rule_needs_an_indicator(world):
    spec = bound_spec()
    spec["items"][0]["scoring"] = {"mode": "threshold"}
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=spec)


def test_a_gate_or_target_on_an_unknown_indicator_is_refused(world):
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=bound_spec(targets={"nonsense": "0.9"}))
    with pytest.raises(StandardInvalid):
        services.standard_save(
            actor=world.users["district"], spec=bound_spec(targets={"enrolment_rate": "NaN"})
        )
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=bound_spec(gates=[{"indicator": "x"}]))


def test_the_standard_workbook_keeps_scoring_targets_and_gates(world):
    from assessment import reports

    spec = bound_spec(targets={"members_satisfaction_rate": "0.9"}, gates=[{"indicator": "enrolment_rate"}])
    back = reports.read_standard_xlsx(reports.standard_xlsx(spec))
    assert back["items"][1]["scoring"] == {"mode": "threshold"}
    assert back["items"][0]["scoring"] == {}
    assert (back["targets"], back["gates"]) == (spec["targets"], spec["gates"])
    saved = services.standard_save(actor=world.users["district"], spec=back)
    assert saved.targets == {"members_satisfaction_rate": "0.9"}


def test_a_workbook_with_broken_scoring_is_refused(world):
    from assessment import reports

    data = reports.standard_xlsx(bound_spec())
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    book["items"]["G3"] = "{not json"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(StandardInvalid):
        reports.read_standard_xlsx(out.getvalue())


def test_the_standard_page_shows_scoring_targets_and_gates(world, client_for):
    services.standards_install()
    from assessment.models import Standard

    mine = Standard.objects.get(code="seed1-mine-home")
    page = client_for(world.users["district"]).get(mine.get_absolute_url()).content.decode()
    assert (
        "按指标计分" in page and "card_issuance_rate" in page and "职工入会率达99%以上（篇一（六）1）" in page
    )
