import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from assessment import reports, selectors, services
from assessment.exceptions import AssessmentError, Conflict, PermissionRefused, StandardInvalid, UploadRefused
from assessment.models import (
    Assessment,
    EvaluationAnswer,
    Evidence,
    ItemScore,
    Participation,
    Reminder,
    Standard,
    StandardItem,
    TitleAward,
    Transition,
)
from assessment.permissions import capacities
from assessment.workflows import ASSESSMENT
from branches.facts import Fact
from tests.assessment.conftest import YEAR, accept_meeting, put_state, small_spec
from tests.factories import UserFactory, WorkerFactory
from unionhome.answer_once import AnswersClosed
from unionhome.models import AuditEvent
from unionhome.workflow import ReasonRequired, StateConflict, UnknownAction

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- standards -------------------------------------------------------------------------------


def test_district_creates_a_standard_whose_points_sum_to_100(world):
    standard = services.standard_save(actor=world.users["district"], spec=small_spec())
    assert standard.version == 1
    assert sum(i.points for i in StandardItem.objects.filter(section__standard=standard)) == 100
    assert AuditEvent.objects.filter(action="standard.save").count() == 1


@pytest.mark.parametrize(
    "items",
    [
        [{"section": "一", "text": "甲", "points": 60}, {"section": "一", "text": "乙", "points": "39.9"}],
        [{"section": "一", "text": "甲", "points": 60}, {"section": "一", "text": "乙", "points": "40.1"}],
        [],
    ],
)
def test_a_standard_not_summing_to_100_is_refused_and_nothing_is_saved(world, items):
    with pytest.raises(StandardInvalid) as exc:
        services.standard_save(actor=world.users["district"], spec=small_spec(items=items))
    assert "100" in str(exc.value) or "至少" in str(exc.value) or "item" in str(exc.value)
    assert not Standard.objects.exists()


def test_an_unknown_indicator_is_refused(world):
    spec = small_spec(vetoes=[{"text": "x", "indicator": "made_up"}])
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=spec)
    assert not Standard.objects.exists()


@pytest.mark.parametrize("role", ["officer", "branch", "worker"])
def test_only_the_district_creates_standards(world, role):
    with pytest.raises(PermissionRefused):
        services.standard_save(actor=world.users[role], spec=small_spec())
    assert not Standard.objects.exists()


def test_editing_an_unused_standard_changes_it_in_place(world, std_small):
    spec = small_spec(name="新名称")
    edited = services.standard_save(actor=world.users["district"], spec=spec, standard=std_small)
    assert edited.pk == std_small.pk and edited.version == 1 and edited.name == "新名称"


def test_editing_a_standard_in_use_makes_a_new_version_and_old_assessments_keep_theirs(
    world, std_small, make_assessment
):
    old = make_assessment(world.branch_a1, std_small)
    old_items = sorted(old.scores.values_list("item__text", "item__points"))
    items = [
        {"section": "组织", "text": "班子健全", "points": 30},
        {"section": "组织", "text": "新项目", "points": 70},
    ]
    new = services.standard_save(
        actor=world.users["district"], spec=small_spec(items=items), standard=std_small
    )
    assert new.pk != std_small.pk and new.version == 2 and new.code == std_small.code
    old.refresh_from_db()
    assert old.standard_id == std_small.pk
    assert sorted(old.scores.values_list("item__text", "item__points")) == old_items
    assert StandardItem.objects.filter(section__standard=std_small).count() == 2
    with pytest.raises(Conflict):
        services.standard_save(actor=world.users["district"], spec=small_spec(), standard=std_small)


def test_standard_round_trips_through_xlsx(world, std_home):
    spec = selectors.standard_spec(selectors.standard_full(std_home.pk))
    data = reports.standard_xlsx(spec)
    back = reports.read_standard_xlsx(data)
    assert back["name"] == "模范职工之家标准"
    assert [i["text"] for i in back["items"]] == ["组织健全", "职代会"]
    assert [v["indicator"] for v in back["vetoes"]] == [
        "enrolment_rate",
        "branches_below_small_home_share",
        "congress_held",
    ]
    back["code"] = "home-copy"
    copy = services.standard_save(actor=world.users["district"], spec=back)
    assert copy.veto_rules.count() == 3


def test_export_escapes_formula_like_text(world):
    spec = small_spec(items=[{"section": "=cmd", "text": "+x", "points": 100}])
    standard = services.standard_save(actor=world.users["district"], spec=spec)
    data = reports.standard_xlsx(selectors.standard_spec(selectors.standard_full(standard.pk)))
    back = reports.read_standard_xlsx(data)
    assert back["items"][0]["section"] == "'=cmd" and back["items"][0]["text"] == "'+x"


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_a_bad_file_is_refused_with_a_message(data):
    with pytest.raises(StandardInvalid):
        reports.read_standard_xlsx(data)


def test_the_seeded_standards_install_once(db):
    created = services.standards_install()
    assert sorted((s.code, s.version) for s in created) == [
        ("seed1-group-five-forms", 1),
        ("seed1-mine-home", 1),
        ("seed1-workshop-centres", 1),
        ("seed2-advanced-home", 1),
        ("seed2-advanced-home", 2),  # the first edition, then the one bound to its indicators
        ("seed2-model-small-home", 1),
        ("seed2-model-small-home", 2),
        ("seed3-management-checklist", 1),
        ("seed3-management-checklist", 2),
        ("seed5-five-shapes", 1),
        ("seed5-five-shapes", 2),
    ]
    advanced = Standard.objects.get(code="seed2-advanced-home", version=2)
    assert StandardItem.objects.filter(section__standard=advanced).count() == 11
    assert advanced.veto_rules.filter(text__contains="60%").exists()
    five = Standard.objects.get(code="seed5-five-shapes", version=2)
    assert list(five.sections.values_list("name", flat=True)) == ["规范", "和谐", "温暖", "平安", "创新"]
    assert services.standards_install() == []


# --- assessments -----------------------------------------------------------------------------


def test_branch_officer_opens_a_quarterly_self_check_of_own_branch(world, std_small):
    a = services.assessment_create(
        actor=world.users["branch"],
        branch=world.branch_a1,
        standard=std_small,
        period_kind="quarterly",
        year=YEAR,
        number=2,
    )
    assert (a.period_start, a.period_end) == (dt.date(YEAR, 4, 1), dt.date(YEAR, 6, 30))
    assert a.scores.count() == 2 and a.state == "draft"


@pytest.mark.parametrize(
    ("role", "unit", "error"),
    [
        ("branch", "branch_a2", PermissionRefused),  # a sibling branch
        ("officer_b", "branch_a1", PermissionRefused),
        ("district", "branch_a1", PermissionRefused),  # docs/PERMISSIONS.md: the district reviews enterprises
        ("worker", "branch_a1", PermissionRefused),
        ("branch", "ent_a", PermissionRefused),
    ],
)
def test_opening_an_assessment_is_refused_outside_ones_part(world, std_small, role, unit, error):
    with pytest.raises(error):
        services.assessment_create(
            actor=world.users[role],
            branch=getattr(world, unit),
            standard=std_small,
            period_kind="quarterly",
            year=YEAR,
        )
    assert not Assessment.objects.exists()


def test_a_standard_of_another_level_or_a_second_assessment_is_refused(world, std_small, std_home):
    officer = world.users["officer"]
    with pytest.raises(AssessmentError):
        services.assessment_create(
            actor=officer, branch=world.branch_a1, standard=std_home, period_kind="quarterly", year=YEAR
        )
    with pytest.raises(AssessmentError):
        services.assessment_create(
            actor=officer, branch=world.ent_a, standard=std_home, period_kind="quarterly", year=YEAR
        )
    services.assessment_create(
        actor=officer, branch=world.branch_a1, standard=std_small, period_kind="quarterly", year=YEAR
    )
    with pytest.raises(AssessmentError):
        services.assessment_create(
            actor=officer, branch=world.branch_a1, standard=std_small, period_kind="quarterly", year=YEAR
        )
    assert Assessment.objects.count() == 1


def _scores(a, values):
    return {s.item_id: (Decimal(values[s.item.text]), "说明") for s in a.scores.select_related("item")}


def test_the_unit_scores_itself_and_a_score_above_the_points_changes_nothing(
    world, std_small, make_assessment
):
    a = make_assessment(world.branch_a1, std_small)
    services.assessment_score(
        actor=world.users["branch"], assessment=a, scores=_scores(a, {"班子健全": 55, "满意率": 40})
    )
    assert sorted(a.scores.values_list("self_score", flat=True)) == [40, 55]
    with pytest.raises(AssessmentError):
        services.assessment_score(
            actor=world.users["branch"], assessment=a, scores=_scores(a, {"班子健全": 61, "满意率": 0})
        )
    assert sorted(a.scores.values_list("self_score", flat=True)) == [40, 55]


def test_a_reviewer_cannot_enter_the_units_own_scores(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    with pytest.raises(AssessmentError):
        services.assessment_score(
            actor=world.users["officer"], assessment=a, scores=_scores(a, {"班子健全": 1, "满意率": 1})
        )
    with pytest.raises(PermissionRefused):
        services.assessment_score(
            actor=world.users["officer_b"], assessment=a, scores=_scores(a, {"班子健全": 1, "满意率": 1})
        )
    assert not ItemScore.objects.filter(self_score__isnull=False).exists()


def test_submitting_needs_every_item_scored(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    with pytest.raises(AssessmentError):
        services.assessment_transition(actor=world.users["branch"], assessment=a, action="submit")
    a.refresh_from_db()
    assert a.state == "draft" and not Transition.objects.exists()


# Every step of the table × every role, on a branch's assessment and on an enterprise's.
BRANCH_STEPS = [
    ("draft", "submit", {"branch": "self_scored", "admin": "self_scored"}),
    ("self_scored", "review", {"officer": "reviewed", "admin": "reviewed"}),
    ("self_scored", "return", {"officer": "returned", "admin": "returned"}),
    ("reviewed", "accept", {"officer": "accepted", "admin": "accepted"}),
    ("reviewed", "return", {"officer": "returned", "admin": "returned"}),
    ("returned", "submit", {"branch": "self_scored", "admin": "self_scored"}),
    ("accepted", "return", {}),
    ("draft", "accept", {}),
]
ENTERPRISE_STEPS = [
    ("draft", "submit", {"officer": "self_scored", "admin": "self_scored"}),
    ("self_scored", "review", {"district": "reviewed", "admin": "reviewed"}),
    ("reviewed", "accept", {"district": "accepted", "admin": "accepted"}),
    ("reviewed", "return", {"district": "returned", "admin": "returned"}),
    ("accepted", "accept", {}),
]
ROLES = ["worker", "branch", "officer", "officer_b", "district", "admin"]


@pytest.mark.parametrize(
    ("unit", "state", "action", "role", "expected"),
    [("branch_a1", s, a, r, ok.get(r)) for s, a, ok in BRANCH_STEPS for r in ROLES]
    + [("ent_a", s, a, r, ok.get(r)) for s, a, ok in ENTERPRISE_STEPS for r in ROLES],
)
def test_each_transition_for_each_role(
    world, std_small, std_home, clear_home_facts, make_assessment, unit, state, action, role, expected
):
    branch = getattr(world, unit)
    a = make_assessment(
        branch,
        std_small if unit == "branch_a1" else std_home,
        kind="annual" if unit == "ent_a" else "quarterly",
        number=1 if unit == "ent_a" else 4,
    )
    put_state(a, state, self_scores={}, reviewer_scores={} if state != "draft" else None)
    before = Transition.objects.count()
    if expected:
        done = services.assessment_transition(
            actor=world.users[role], assessment=a, action=action, comment="理由"
        )
        assert done.state == expected
        assert (
            Transition.objects.filter(
                assessment=a, from_state=state, to_state=expected, action=action
            ).count()
            == 1
        )
        assert AuditEvent.objects.filter(action=f"assessment.{action}", object_id=str(a.pk)).exists()
    else:
        # a step of the table refuses who may not take it; a step not in the table refuses everyone
        refusal = PermissionRefused if (state, action) in ASSESSMENT.steps else StateConflict
        events = AuditEvent.objects.count()
        with pytest.raises(refusal) as exc:
            services.assessment_transition(
                actor=world.users[role], assessment=a, action=action, comment="理由"
            )
        assert refusal is PermissionRefused or exc.value.code == "state"
        a.refresh_from_db()
        assert a.state == state and Transition.objects.count() == before
        assert AuditEvent.objects.count() == events


def test_a_second_click_on_the_same_step_gets_a_clear_message(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    services.assessment_transition(
        actor=world.users["officer"], assessment=a, action="review", expected_state="self_scored"
    )
    with pytest.raises(StateConflict) as exc:
        services.assessment_transition(
            actor=world.users["officer"], assessment=a, action="review", expected_state="self_scored"
        )
    assert exc.value.code == "stale" and isinstance(exc.value, Conflict)
    assert "已复核" in str(exc.value)
    with pytest.raises(StateConflict) as exc:  # the same click without the page's state
        services.assessment_transition(actor=world.users["officer"], assessment=a, action="review")
    assert exc.value.code == "state" and "“已复核”" in str(exc.value) and "“完成复核”" in str(exc.value)
    assert Transition.objects.filter(assessment=a).count() == 1
    assert AuditEvent.objects.filter(action="assessment.review").count() == 1


def test_returning_needs_a_reason(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    with pytest.raises(ReasonRequired) as exc:
        services.assessment_transition(
            actor=world.users["officer"], assessment=a, action="return", comment=" \u3000"
        )
    assert exc.value.code == "reason" and "退回" in str(exc.value)
    a.refresh_from_db()
    assert a.state == "self_scored" and not Transition.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.return").exists()


def test_a_return_keeps_its_reason_in_the_history_and_the_audit(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    services.assessment_transition(
        actor=world.users["officer"], assessment=a, action="return", comment=" 台账不全 "
    )
    t = Transition.objects.get(assessment=a)
    assert (t.action, t.from_state, t.to_state, t.reason) == ("return", "self_scored", "returned", "台账不全")
    assert t.actor == world.users["officer"] and t.actor_name == world.users["officer"].get_username()
    event = AuditEvent.objects.get(action="assessment.return")
    assert event.before["state"] == "self_scored" and event.after["state"] == "returned"
    assert "reason" in event.after  # kept as the audit trail's privacy rules keep narratives


def test_a_refused_acceptance_writes_nothing(world, std_home, clear_home_facts, make_assessment):
    del clear_home_facts["A"]["congress_held"]  # a veto without data: undecided
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    events = AuditEvent.objects.count()
    with pytest.raises(AssessmentError) as exc:
        services.assessment_transition(actor=world.users["district"], assessment=a, action="accept")
    assert exc.value.code == "undecided"
    a.refresh_from_db()
    assert (a.state, a.total, a.rating, a.findings) == ("reviewed", None, "", None)
    assert not Transition.objects.exists() and AuditEvent.objects.count() == events


def test_an_unknown_action_is_refused(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    with pytest.raises(UnknownAction):
        services.assessment_transition(actor=world.users["branch"], assessment=a, action="approve")
    assert not Transition.objects.exists()


def test_acceptance_freezes_total_veto_and_rating(world, std_home, clear_home_facts, make_assessment):
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    done = services.assessment_transition(actor=world.users["district"], assessment=a, action="accept")
    assert (done.total, done.vetoed, done.rating) == (Decimal(100), False, "meets")
    clear_home_facts["A"]["enrolment_rate"] = Fact(Decimal("0.5"), "", "roster")
    result = selectors.result_of(done)
    assert result.frozen and result.rating == "meets" and not result.vetoed


def test_a_veto_without_data_blocks_acceptance_until_the_reviewer_records_a_finding(
    world, std_home, clear_home_facts, make_assessment
):
    del clear_home_facts["A"]["congress_held"]
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    assert selectors.result_of(a).rating == "undecided"
    with pytest.raises(AssessmentError):
        services.assessment_transition(actor=world.users["district"], assessment=a, action="accept")
    rule = a.standard.veto_rules.get(indicator="congress_held")
    with pytest.raises(PermissionRefused):
        services.veto_confirm(
            actor=world.users["officer"], assessment=a, veto_rule=rule, vetoed=False, comment="查阅记录"
        )
    services.veto_confirm(
        actor=world.users["district"],
        assessment=a,
        veto_rule=rule,
        vetoed=False,
        comment="现场查阅职代会记录",
    )
    done = services.assessment_transition(actor=world.users["district"], assessment=a, action="accept")
    assert done.rating == "meets"


def test_enrolment_below_95_percent_makes_the_unit_fail_whatever_its_total(
    world, std_home, clear_home_facts, make_assessment
):
    clear_home_facts["A"]["enrolment_rate"] = Fact(Decimal("0.9499"), "", "roster")
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    done = services.assessment_transition(actor=world.users["district"], assessment=a, action="accept")
    assert done.total == 100 and done.vetoed and done.rating == "does_not_meet"
    assert selectors.result_of(done).veto_reasons == ["入会率低于95%"]


# --- evidence --------------------------------------------------------------------------------


def test_evidence_is_checked_by_content(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.first().item
    e = services.evidence_upload(actor=world.users["branch"], assessment=a, item=item,
                                 upload=SimpleUploadedFile("台账.pdf", PDF))  # fmt: skip
    assert e.content_type == "application/pdf" and e.original_name == "台账.pdf"
    with pytest.raises(UploadRefused):
        services.evidence_upload(actor=world.users["branch"], assessment=a, item=item,
                                 upload=SimpleUploadedFile("fake.pdf", b"<script>alert(1)</script>"))  # fmt: skip
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * services.EVIDENCE_MAX_BYTES)
    with pytest.raises(UploadRefused):
        services.evidence_upload(actor=world.users["branch"], assessment=a, item=item, upload=big)
    with pytest.raises(PermissionRefused):
        services.evidence_upload(actor=world.users["officer_b"], assessment=a, item=item,
                                 upload=SimpleUploadedFile("x.pdf", PDF))  # fmt: skip
    assert Evidence.objects.count() == 1


def test_evidence_cannot_be_added_after_acceptance(world, std_small, make_assessment):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    with pytest.raises(AssessmentError):
        services.evidence_upload(actor=world.users["branch"], assessment=a, item=a.scores.first().item,
                                 upload=SimpleUploadedFile("x.pdf", PDF))  # fmt: skip
    assert not Evidence.objects.exists()


# --- titles ----------------------------------------------------------------------------------


def test_union_officer_awards_the_small_home_title_on_an_accepted_assessment(
    world, std_small, make_assessment
):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    award = services.title_award(actor=world.users["officer"], branch=world.branch_a1, title="model_small_home",
                                 level="enterprise", awarded_on=dt.date(YEAR, 12, 1), decided_by="甲企业工会", assessment=a)  # fmt: skip
    assert award.assessment == a


@pytest.mark.parametrize(
    ("role", "unit", "title"),
    [
        ("district", "branch_a1", "model_small_home"),  # small homes are the union's to award
        ("branch", "branch_a1", "model_small_home"),
        ("officer", "ent_a", "model_home"),  # homes are the district's
        ("officer_b", "branch_a1", "model_small_home"),
    ],
)
def test_titles_are_refused_outside_ones_part(world, role, unit, title):
    with pytest.raises(PermissionRefused):
        services.title_award(actor=world.users[role], branch=getattr(world, unit), title=title, level="city",
                             awarded_on=dt.date(YEAR, 12, 1), decided_by="x")  # fmt: skip
    assert not TitleAward.objects.exists()


def test_a_title_does_not_rest_on_a_failed_assessment(world, std_small, make_assessment):
    a = accept_meeting(make_assessment(world.branch_a1, std_small), rating="does_not_meet")
    with pytest.raises(AssessmentError):
        services.title_award(actor=world.users["officer"], branch=world.branch_a1, title="model_small_home",
                             level="enterprise", awarded_on=dt.date(YEAR, 12, 1), decided_by="x", assessment=a)  # fmt: skip
    with pytest.raises(AssessmentError):
        services.title_award(actor=world.users["officer"], branch=world.branch_a1, title="model_home",
                             level="enterprise", awarded_on=dt.date(YEAR, 12, 1), decided_by="x")  # fmt: skip
    assert not TitleAward.objects.exists()


# --- members evaluate the home ---------------------------------------------------------------


def test_a_member_answers_a_round_once_and_the_answer_is_anonymous(world):
    r = services.round_create(
        actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="2026年会员评家"
    )
    services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="satisfied", comment="很好")
    with pytest.raises(Conflict):
        services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="unsatisfied")
    assert EvaluationAnswer.objects.count() == 1 and Participation.objects.count() == 1
    assert not any(
        f.related_model and f.related_model.__name__ == "Worker" for f in EvaluationAnswer._meta.fields
    )
    for _ in range(4):
        member = UserFactory(worker=WorkerFactory(branch=world.branch_a2))
        services.evaluation_answer(actor=member, round_=r, verdict="basically")
    facts = selectors.gather_facts(branch=world.branch_a1, year=YEAR)
    assert facts["members_satisfaction_rate"].value is None  # the round is still open
    services.round_close(actor=world.users["officer"], round_=r)
    facts = selectors.gather_facts(branch=world.branch_a1, year=YEAR)
    assert facts["members_satisfaction_rate"].value == Decimal(1)


def test_a_closed_round_below_the_minimum_gives_no_rate(world):
    r = services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="评家")
    services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="unsatisfied", comment="太少")
    services.round_close(actor=world.users["officer"], round_=r)
    assert gather_members_rate(world) is None
    assert selectors.round_results(r) == {"answers": 1, "withheld": True, "minimum": 5}


def gather_members_rate(world):
    return selectors.gather_facts(branch=world.branch_a1, year=YEAR)["members_satisfaction_rate"].value


def test_non_members_and_other_enterprises_cannot_answer(world):
    r = services.round_create(actor=world.users["officer_b"], branch=world.ent_b, year=YEAR, name="乙")
    with pytest.raises(PermissionRefused):
        services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="satisfied")
    with pytest.raises(PermissionRefused):
        services.round_create(actor=world.users["branch"], branch=world.branch_a1, year=YEAR, name="x")
    world.worker_a1.is_member = False
    world.worker_a1.member_since = None
    world.worker_a1.save()
    r2 = services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="甲")
    with pytest.raises(PermissionRefused):
        services.evaluation_answer(actor=world.users["worker"], round_=r2, verdict="satisfied")
    assert not EvaluationAnswer.objects.exists()


def test_a_closed_round_takes_no_answers(world):
    r = services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="甲")
    services.round_close(actor=world.users["officer"], round_=r)
    with pytest.raises(AnswersClosed):
        services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="satisfied")
    assert not Participation.objects.exists()


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_out_once_per_unit_and_quarter(
    world, std_small, make_assessment, mailoutbox, django_capture_on_commit_callbacks
):
    world.users["branch"].email = "branch@example.invalid"
    world.users["branch"].save()
    a = make_assessment(world.branch_a2, std_small, state="self_scored")
    Transition.objects.create(assessment=a, action="submit", from_state="draft", to_state="self_scored",
                              at=dt.datetime(YEAR, 9, 1, tzinfo=dt.UTC))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send(today=dt.date(YEAR, 11, 26))
    assert sent["review_overdue"] == 1
    assert sent["self_check_due"] == 3  # A1, A1G, B1 (A2 has submitted)
    assert any("branch@example.invalid" in m.to for m in mailoutbox)
    assert set(services.reminders_send(today=dt.date(YEAR, 11, 27)).values()) == {0}
    assert Reminder.objects.count() == 4


# --- concurrency -----------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_give_exactly_one_transition():
    from tests.conftest import build_world

    world = build_world()
    std = services.standard_save(actor=world.users["district"], spec=small_spec())
    a = services.assessment_create(
        actor=world.users["branch"], branch=world.branch_a1, standard=std, period_kind="quarterly", year=YEAR
    )
    put_state(a, "self_scored", self_scores={}, reviewer_scores={})
    outcomes = []
    barrier = threading.Barrier(2)

    def review(user):
        try:
            barrier.wait()
            services.assessment_transition(
                actor=user, assessment=a, action="review", expected_state="self_scored"
            )
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(world.users[u],)) for u in ("officer", "admin")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Transition.objects.filter(assessment=a).count() == 1


def test_a_groups_self_check_is_reviewed_by_someone_else_than_who_submitted_it(world, std_small):
    branch_officer = world.users["branch"]  # appointed at A1: self-checks its group A1G and reviews it
    assert capacities(branch_officer, world.group_a1) == {services.Capacity.SELF, services.Capacity.REVIEWER}
    assert capacities(branch_officer, world.branch_a1) == {services.Capacity.SELF}
    a = services.assessment_create(
        actor=branch_officer, branch=world.group_a1, standard=std_small, period_kind="quarterly", year=YEAR
    )
    services.assessment_score(
        actor=branch_officer,
        assessment=a,
        scores={s.item_id: (s.item.points, "") for s in a.scores.select_related("item")},
    )
    services.assessment_transition(actor=branch_officer, assessment=a, action="submit")
    put_state(a, "self_scored", reviewer_scores={})
    with pytest.raises(AssessmentError, match="上一级"):
        services.assessment_transition(actor=branch_officer, assessment=a, action="review")
    a.refresh_from_db()
    assert a.state == "self_scored"
    done = services.assessment_transition(actor=world.users["officer"], assessment=a, action="review")
    assert done.state == "reviewed"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_member_answering_twice_at_once_leaves_one_answer():
    from tests.conftest import build_world

    world = build_world()
    r = services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="评家")
    outcomes = []
    barrier = threading.Barrier(2)

    def answer():
        try:
            barrier.wait()
            services.evaluation_answer(actor=world.users["worker"], round_=r, verdict="satisfied")
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert EvaluationAnswer.objects.filter(round=r).count() == 1
