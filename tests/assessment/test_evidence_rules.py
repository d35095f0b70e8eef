"""The assessment judged on evidence: the plans' own thresholds, gates, exact vetoes and due dates
(docs/DOMAIN.md, "Assessment"). One test (at least) per rule of the plans that the engine applies.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from assessment import rules, selectors, services
from assessment.models import Standard, StandardItem
from branches.facts import Fact
from tests.assessment.conftest import YEAR, home_spec, put_state

IND = rules.INDICATORS


def _newest(code: str) -> Standard:
    return Standard.objects.filter(code=code).order_by("-version").first()


def _item(standard: Standard, starts: str) -> StandardItem:
    return StandardItem.objects.get(section__standard=standard, text__startswith=starts)


def _suggestion(assessment, item):
    return selectors.suggestions_of(assessment)[item.pk]


# --- W1: per-standard targets (篇一 (六)1 "职工入会率达99以上，发证率100") ----------------------------


def test_w1_a_standard_carries_its_own_enrolment_target(world, fake_facts, make_assessment):
    std = services.standard_save(
        actor=world.users["district"],
        spec=home_spec(code="mine", targets={"enrolment_rate": "0.99", "card_issuance_rate": "1"}),
    )
    fake_facts["A"] = {"enrolment_rate": Fact(Decimal("0.975"), "39 of 40", "roster"),
                       "congress_held": Fact(True, "", "congress")}  # fmt: skip
    a = make_assessment(world.ent_a, std, kind="annual", number=1)
    result = selectors.result_of(a)
    veto = next(v for v in result.vetoes if v.indicator.key == "enrolment_rate")
    assert veto.finding == "vetoed"  # 97.5 % is below this standard's 99 %, though above the general 95 %
    assert veto.indicator.threshold == "不低于 99.00%"


def test_w1_the_mine_standard_refuses_the_coal_mine_at_97_5_and_96(world, fake_facts, make_assessment):
    services.standards_install()
    mine = _newest("seed1-mine-home")
    assert mine.targets == {"enrolment_rate": "0.99", "card_issuance_rate": "1"}
    fake_facts["A"] = {
        "enrolment_rate": Fact(Fraction(39, 40), "39 of 40", "roster"),
        "card_issuance_rate": Fact(Fraction(24, 25), "24 of 25", "roster"),
    }
    a = make_assessment(world.ent_a, mine, kind="annual", number=1)
    item = _item(mine, "（六）1")
    assert _suggestion(a, item).score == 0
    put_state(a, "reviewed", self_scores={}, reviewer_scores={})  # full marks typed by hand
    result = selectors.result_of(a)
    assert result.total == 100
    assert result.rating == "does_not_meet"  # the gates: enrolment 99 %, cards 100 %
    assert {g.key: g.finding for g in result.gates} == {
        "enrolment_rate": "not_met",
        "card_issuance_rate": "not_met",
    }


# --- W2: the model small home's five conditions must all hold (篇二 §四) --------------------------


def test_w2_the_small_home_standard_is_five_conditions_that_must_all_hold(world, fake_facts, make_assessment):
    services.standards_install()
    small = _newest("seed2-model-small-home")
    assert small.version == 2 and small.kind == "checklist" and small.pass_mark == 100
    item = _item(small, "重大事项")
    assert item.indicator == "workers_satisfaction_rate"
    fake_facts["A1"] = {"workers_satisfaction_rate": Fact(Fraction(1, 4), "1 of 4", "round")}
    a = make_assessment(world.branch_a1, small, number=1)
    assert _suggestion(a, item).score == 0
    scores = dict(StandardItem.objects.filter(section__standard=small).values_list("text", "points"))
    scores[item.text] = 0
    put_state(a, "reviewed", self_scores=scores, reviewer_scores=scores)
    result = selectors.result_of(a)
    assert result.total == 80 and result.rating == "does_not_meet"


def test_w2_satisfaction_of_a_small_home_counts_its_own_round_of_all_workers(world, settings):
    settings.UNIONHOME_MIN_ANSWERS = 1
    from assessment.models import EvaluationRound
    from tests.factories import UserFactory, WorkerFactory

    outsider = UserFactory(worker=WorkerFactory(branch=world.branch_a1, is_member=False))
    own = services.round_create(actor=world.users["officer"], branch=world.branch_a1, year=YEAR, name="甲一分会职工满意度",
                                audience=EvaluationRound.Audience.WORKERS)  # fmt: skip
    services.evaluation_answer(actor=outsider, round_=own, verdict="unsatisfied")
    services.evaluation_answer(actor=world.users["worker"], round_=own, verdict="satisfied")
    services.round_close(actor=world.users["officer"], round_=own)
    wide = services.round_create(
        actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="全企业会员评家"
    )
    services.evaluation_answer(actor=UserFactory(worker=WorkerFactory(branch=world.branch_a2)), round_=wide,
                               verdict="satisfied")  # fmt: skip
    services.round_close(actor=world.users["officer"], round_=wide)
    facts = selectors.gather_facts(branch=world.branch_a1, year=YEAR)
    assert facts["workers_satisfaction_rate"].value == Fraction(1, 2)  # the branch's own round only


def test_w2_a_members_round_refuses_a_worker_who_is_not_a_member(world):
    from tests.factories import UserFactory, WorkerFactory
    from unionhome.exceptions import DomainError, PermissionRefused

    outsider = UserFactory(worker=WorkerFactory(branch=world.branch_a1, is_member=False))
    r = services.round_create(
        actor=world.users["officer"], branch=world.branch_a1, year=YEAR, name="会员评家"
    )
    with pytest.raises((DomainError, PermissionRefused)):
        services.evaluation_answer(actor=outsider, round_=r, verdict="satisfied")
    assert r.answers.count() == 0


# --- W3: exact comparisons (篇二 §五.4(1) "职工入会率低于95%") ---------------------------------------


def test_w3_a_rate_just_below_95_percent_is_vetoed_however_close(world):
    assert rules.veto_finding(IND["enrolment_rate"], Fraction(968, 1019)) == "vetoed"  # 94.9951 %
    assert rules.veto_finding(IND["enrolment_rate"], Fraction(19, 20)) == "clear"


def test_w3_the_roster_gives_the_exact_rate(world, settings):
    settings.UNIONHOME_FACT_PROVIDERS = ["branches.selectors.assessment_facts"]
    from tests.factories import WorkerFactory

    WorkerFactory(branch=world.branch_a1, is_member=False)  # 2 members of 3 workers
    facts = selectors.gather_facts(branch=world.ent_a, year=YEAR)
    assert facts["enrolment_rate"].value == Fraction(2, 3)
    assert facts["enrolment_rate"].value != Decimal("0.6667")  # not the rate rounded to four places


def test_w3_linear_and_band_items_compare_exactly(world):
    linear = {"mode": "linear", "zero_at": "0.80", "full_at": "0.90"}
    assert rules.suggest(linear, Decimal(10), [(IND["contract_fulfilment_rate"], Fraction(17, 20))]) == 5
    just_under = [(IND["contract_fulfilment_rate"], Fraction(8999, 10000))]
    # never rounded up to full marks; down to the item's step (half points by default)
    assert rules.suggest(linear, Decimal(10), just_under) == Decimal("9.5")
    assert rules.suggest(linear, Decimal(10), just_under, Decimal("0.1")) == Decimal("9.9")
    bands = {"mode": "bands", "bands": [["0.95", "1"], ["0.90", "0.5"]]}
    assert rules.suggest(bands, Decimal(8), [(IND["enrolment_rate"], Fraction(9499, 10000))]) == 4
    assert rules.suggest(bands, Decimal(8), [(IND["enrolment_rate"], Fraction(19, 20))]) == 8
    assert rules.suggest(bands, Decimal(8), [(IND["enrolment_rate"], None)]) is None


# --- W4: a planned congress is not a congress held (篇二 §五.4(2), 篇三 4.1.3.1) -----------------------


def test_w4_a_planned_congress_dated_later_does_not_count_as_held(world):
    from democracy import selectors as democracy_selectors
    from democracy.models import Session
    from tests.democracy.conftest import make_term

    year = dt.date.today().year
    Session.objects.create(term=make_term(world), number=1, held_on=dt.date(year, 12, 31), place="礼堂",
                           status=Session.Status.PLANNED)  # fmt: skip
    fact = democracy_selectors.assessment_facts(branch=world.ent_a, year=year)["congress_held"]
    assert fact.value is False
    assert fact.due_on == dt.date(year, 12, 31)


def test_w4_no_congress_held_and_none_planned_is_not_held_without_a_due_day(world):
    from democracy import selectors as democracy_selectors

    fact = democracy_selectors.assessment_facts(branch=world.ent_a, year=dt.date.today().year)[
        "congress_held"
    ]
    assert fact.value is False and fact.due_on is None


def test_w4_a_closed_session_counts_as_held(world):
    from democracy import selectors as democracy_selectors
    from democracy.models import Session
    from tests.democracy.conftest import make_term

    year = dt.date.today().year
    Session.objects.create(term=make_term(world), number=1, held_on=dt.date(year, 1, 1), place="礼堂",
                           status=Session.Status.CLOSED)  # fmt: skip
    assert democracy_selectors.assessment_facts(branch=world.ent_a, year=year)["congress_held"].value is True


@pytest.mark.parametrize(("kind", "finding"), [("half_year", "not_yet_due"), ("annual", "no_data")])
def test_w4_a_congress_not_yet_due_does_not_veto_a_half_year_assessment(
    world, std_home, fake_facts, make_assessment, kind, finding
):
    fake_facts["A"] = {"congress_held": Fact(False, "", "congress", due_on=dt.date(YEAR, 12, 31))}
    a = make_assessment(world.ent_a, std_home, kind=kind, number=1)
    veto = next(v for v in selectors.result_of(a).vetoes if v.indicator.key == "congress_held")
    assert veto.finding == finding


def test_w4_a_congress_not_held_in_a_past_year_vetoes(world, std_home, fake_facts, make_assessment):
    fake_facts["A"] = {"congress_held": Fact(False, "", "congress")}
    a = make_assessment(world.ent_a, std_home, kind="half_year", number=1)
    veto = next(v for v in selectors.result_of(a).vetoes if v.indicator.key == "congress_held")
    assert veto.finding == "vetoed"


# --- veto (5): funds pending before their due date are not "not remitted" ---------------------------


def test_veto5_funds_pending_before_the_due_date_carry_the_due_date(world, settings):
    from branches.models import FundsRemittance

    settings.UNIONHOME_FACT_PROVIDERS = ["branches.selectors.assessment_facts"]
    year = dt.date.today().year + 1  # due next year: pending whatever today is
    FundsRemittance.objects.create(
        branch=world.ent_a, year=year, amount_due=1000, due_on=dt.date(year, 12, 15)
    )
    fact = selectors.gather_facts(branch=world.ent_a, year=year)["funds_remitted"]
    assert fact.value is False and fact.due_on == dt.date(year, 12, 15)


def test_veto5_a_mid_year_assessment_is_not_vetoed_for_funds_not_yet_due(
    world, fake_facts, make_assessment, settings
):
    settings.UNIONHOME_FACT_PROVIDERS = ["tests.assessment.providers.fake_provider"]
    spec = home_spec(
        code="funds", vetoes=[{"text": "（5）未完成工会经费上解任务", "indicator": "funds_remitted"}]
    )
    std = services.standard_save(actor=world.users["district"], spec=spec)
    fake_facts["A"] = {
        "funds_remitted": Fact(False, "0 of 1000 paid; pending", "funds", due_on=dt.date(YEAR, 12, 15))
    }
    a = make_assessment(world.ent_a, std, kind="half_year", number=1)
    put_state(a, "reviewed", self_scores={}, reviewer_scores={})
    result = selectors.result_of(a)
    assert [v.finding for v in result.vetoes] == ["not_yet_due"]
    assert result.vetoed is False and result.rating == "meets"


def test_veto5_funds_overdue_veto(world, fake_facts, make_assessment, settings):
    settings.UNIONHOME_FACT_PROVIDERS = ["tests.assessment.providers.fake_provider"]
    spec = home_spec(
        code="funds", vetoes=[{"text": "（5）未完成工会经费上解任务", "indicator": "funds_remitted"}]
    )
    std = services.standard_save(actor=world.users["district"], spec=spec)
    fake_facts["A"] = {"funds_remitted": Fact(False, "0 of 1000 paid; outstanding", "funds")}
    a = make_assessment(world.ent_a, std, kind="half_year", number=1)
    assert [v.finding for v in selectors.result_of(a).vetoes] == ["vetoed"]


# --- W5: 4.1.2.2 reads letters and visits answered in time ----------------------------------------


def test_w5_item_4_1_2_2_reads_letters_and_visits_answered_in_time(world, fake_facts, make_assessment):
    services.standards_install()
    checklist = _newest("seed3-management-checklist")
    item = _item(checklist, "4.1.2.2")
    assert item.indicator == "ledger_letters_answered_in_time"
    fake_facts["A"] = {
        "ledger_letters_answered_in_time": Fact(Fraction(9, 10), "9 of 10", "work ledgers"),
        "proposals_answered_rate": Fact(Decimal(1), "", "democracy"),
    }
    a = make_assessment(world.ent_a, checklist, kind="annual", number=1)
    suggestion = _suggestion(a, item)
    assert suggestion.score == 0
    assert [(r.key, r.detail) for r in suggestion.evidence] == [
        ("ledger_letters_answered_in_time", "9 of 10")
    ]


# --- W6: members' satisfaction is a main measure (篇五 原则3) --------------------------------------


@pytest.mark.parametrize(("rate", "rating"), [(Decimal(0), "does_not_meet"), (None, "undecided"),
                                              (Decimal("0.96"), "meets")])  # fmt: skip
def test_w6_members_satisfaction_gates_the_five_shapes_rating(
    world, fake_facts, make_assessment, rate, rating
):
    services.standards_install()
    five = _newest("seed5-five-shapes")
    assert [g["indicator"] for g in five.gates] == ["members_satisfaction_rate"]
    fake_facts["A"] = {
        "members_satisfaction_rate": Fact(rate, "", "round"),
        **{k: Fact(v, "", "t") for k, v in [("committees_complete", True), ("enrolment_rate", Decimal(1)),
           ("congress_held", True), ("disclosure_in_place", True), ("collective_contract_in_force", True),
           ("branches_below_small_home_share", Decimal(0)), ("funds_withheld", False),
           ("abnormal_petitions", 0)]},
    }  # fmt: skip
    a = make_assessment(world.ent_a, five, kind="annual", number=1)
    put_state(a, "reviewed", self_scores={}, reviewer_scores={})
    result = selectors.result_of(a)
    assert result.total == 100
    assert result.rating == rating


def test_w6_a_round_with_too_few_answers_gives_no_satisfaction(world, settings):
    settings.UNIONHOME_MIN_ANSWERS = 5
    r = services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="会员评家")
    services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="unsatisfied")
    services.round_close(actor=world.users["officer"], round_=r)
    assert selectors.gather_facts(branch=world.ent_a, year=YEAR)["members_satisfaction_rate"].value is None


# --- W7: the independent bank account item reads the finance ledger (篇五 内容1) -----------------------


@pytest.mark.parametrize(("value", "score"), [(1, 3), (0, 0), (None, None)])
def test_w7_the_bank_account_item_reads_the_independent_account(
    world, fake_facts, make_assessment, value, score
):
    services.standards_install()
    five = _newest("seed5-five-shapes")
    item = _item(five, "有独立的工会经费银行账户")
    assert item.indicator == "ledger_independent_account"
    fake_facts["A"] = {"funds_remitted": Fact(True, "", "funds")}
    if value is not None:
        fake_facts["A"]["ledger_independent_account"] = Fact(value, "", "work ledgers")
    a = make_assessment(world.ent_a, five, kind="annual", number=1)
    assert _suggestion(a, item).score == score


# --- new versions, never edits ---------------------------------------------------------------------


def test_the_fixed_standards_are_new_versions_and_old_assessments_keep_theirs(
    world, make_assessment, monkeypatch
):
    from assessment import seeds

    monkeypatch.setattr(seeds, "STANDARDS", [])  # the database as it was: the first editions only
    services.standards_install()
    v1 = _newest(seeds.FIVE_SHAPES["code"])
    assert v1.version == 1 and not v1.gates
    a = make_assessment(world.ent_a, v1, kind="annual", number=1)
    monkeypatch.undo()
    created = services.standards_install()
    assert {s.code: s.version for s in created}["seed5-five-shapes"] == 2
    assert list(
        Standard.objects.filter(code=seeds.FIVE_SHAPES["code"]).values_list("version", flat=True)
    ) == [2, 1]
    a.refresh_from_db()
    assert a.standard_id == v1.pk
    assert not StandardItem.objects.get(pk=_item(v1, "有独立的工会经费银行账户").pk).scoring  # v1 untouched
    assert services.standards_install() == []  # idempotent
    assert {s.code for s in created} >= {
        "seed1-mine-home",
        "seed1-workshop-centres",
        "seed1-group-five-forms",
    }
