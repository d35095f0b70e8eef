import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from hardship import rules, selectors, services, tasks
from hardship.exceptions import Conflict, HardshipError, PermissionRefused, UploadRefused
from hardship.models import Application, Campaign, FileEntry, HardshipFile, Notification, Transition, Upload
from hardship.workflows import APPLICATION
from tests.conftest import build_world
from tests.factories import AppointmentFactory
from tests.hardship.factories import application_in, campaign_for, open_file_for
from unionhome import workflow
from unionhome.models import AuditEvent

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    + b"\x00" * 64
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _members(worker, self_income="1500", spouse_income="1000"):
    return [
        {
            "relation": "self",
            "name": worker.name,
            "id_number": worker.id_number,
            "monthly_income": Decimal(self_income),
        },
        {"relation": "spouse", "name": "王芳", "id_number": "", "monthly_income": Decimal(spouse_income)},
        {
            "relation": "child",
            "name": "张小明",
            "id_number": "",
            "monthly_income": Decimal("0"),
            "in_school": True,
        },
    ]


def _fill(actor, application, *, consent=True, **data):
    payload = {
        "marital_status": "married",
        "primary_cause": "child_in_school",
        "government_aid": Decimal("0"),
    }
    payload.update(data)
    members = _members(application.worker)
    members = [{"unmarried": True, "in_school": False, "disabled": False, "ill": False, **m} for m in members]
    return services.application_save(
        actor=actor, application=application, data=payload, members=members, consent=consent
    )


def _state(application):
    return Application.objects.get(pk=application.pk).state


# --- campaigns ---------------------------------------------------------------------------------------


def test_only_a_district_reviewer_creates_a_campaign_with_limits_from_its_line(world):
    deadline = dt.datetime(2026, 12, 30, 17, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    for role in ("officer", "branch", "worker"):
        with pytest.raises(PermissionRefused):
            services.campaign_create(
                actor=world.user(role),
                district=world.district,
                name="x",
                year=2026,
                line=Decimal("780"),
                deadline=deadline,
            )
    assert not Campaign.objects.exists()
    campaign = services.campaign_create(
        actor=world.user("district"),
        district=world.district,
        name="送温暖",
        year=2026,
        line=Decimal("780"),
        deadline=deadline,
    )
    assert campaign.notice_days == 5
    assert rules.limits(campaign.line)[3] == Decimal("2340.00")
    assert AuditEvent.objects.filter(action="hardship.campaign.create").count() == 1


# --- drafts -------------------------------------------------------------------------------------------


def test_a_worker_starts_a_draft_with_themself_listed_and_cannot_start_a_second(world, campaign):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    assert application.state == "draft" and application.worker == world.worker_a1
    assert application.enterprise == world.ent_a and not application.entered_on_paper
    assert [m.relation for m in application.members.all()] == ["self"]
    with pytest.raises(HardshipError):
        services.application_create(actor=world.user("worker"), campaign=campaign)
    assert Application.objects.count() == 1


def test_saving_a_draft_shows_the_supported_category_with_its_reason(world, campaign):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    application = _fill(world.user("worker"), application)
    assert application.household_size == 3
    assert application.per_capita == Decimal("833.33")
    assert application.category == 1
    assert "1170.00" in application.category_reason
    application = _fill(world.user("worker"), application, government_aid=Decimal("3000"))
    # (2500 + 3000) / 3 = 1833.33: above 2 L, no illness: no category
    assert application.category is None
    assert "1833.33" in application.category_reason


def test_submitting_needs_consent_and_a_category_and_changes_nothing_otherwise(world, campaign):
    worker = world.user("worker")
    application = _fill(worker, services.application_create(actor=worker, campaign=campaign), consent=False)
    with pytest.raises(HardshipError) as exc:
        services.transition(actor=worker, application=application, action="submit")
    assert exc.value.code == "consent"
    application = _fill(worker, application, government_aid=Decimal("5000"))
    with pytest.raises(HardshipError) as exc:
        services.transition(actor=worker, application=application, action="submit")
    assert exc.value.code == "category"
    assert _state(application) == "draft" and not Transition.objects.exists()
    application = _fill(worker, application)
    services.transition(actor=worker, application=application, action="submit")
    assert _state(application) == "submitted"


def test_an_invalid_id_number_of_a_member_is_refused_and_nothing_is_saved(world, campaign):
    worker = world.user("worker")
    application = services.application_create(actor=worker, campaign=campaign)
    members = [
        {
            "relation": "self",
            "name": "张三",
            "id_number": "110105199001010000",
            "monthly_income": Decimal("1"),
        }
    ]
    with pytest.raises(HardshipError):
        services.application_save(
            actor=worker, application=application, data={}, members=members, consent=True
        )
    assert Application.objects.get(pk=application.pk).consent_at is None


def test_others_cannot_edit_a_workers_draft(world, campaign):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    for role in ("officer", "branch", "district", "officer_b"):
        with pytest.raises(PermissionRefused):
            _fill(world.user(role), application)
    # still the fresh draft: no income entered, so no category computed
    assert Application.objects.get(pk=application.pk).per_capita is None
    assert application.members.count() == 1


def test_a_branch_officer_enters_a_paper_application_only_in_own_subtree(world, campaign):
    branch = world.user("branch")
    application = services.application_create(actor=branch, campaign=campaign, worker=world.worker_a1)
    assert application.entered_on_paper
    _fill(branch, application)
    services.transition(actor=branch, application=application, action="submit")
    assert _state(application) == "submitted"
    with pytest.raises(PermissionRefused):
        services.application_create(actor=branch, campaign=campaign, worker=world.worker_a2)
    with pytest.raises(PermissionRefused):
        services.application_create(actor=world.user("officer_b"), campaign=campaign, worker=world.worker_a2)
    assert Application.objects.count() == 1


def test_a_closed_campaign_takes_no_applications(world, campaign):
    services.campaign_close(actor=world.user("district"), campaign=campaign)
    with pytest.raises(HardshipError):
        services.application_create(actor=world.user("worker"), campaign=campaign)
    assert not Application.objects.exists()


# --- uploads --------------------------------------------------------------------------------------------


def test_uploads_are_accepted_by_their_content_and_stored_privately(world, campaign, settings):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    upload = services.upload_add(
        actor=world.user("worker"),
        application=application,
        kind="id_copy",
        file=SimpleUploadedFile("身份证.png", PNG, content_type="text/plain"),
    )
    assert upload.content_type == "image/png" and upload.extension == "png"
    assert upload.original_name == "身份证.png"
    assert str(settings.MEDIA_ROOT) in upload.file.path
    pdf = services.upload_add(
        actor=world.user("worker"),
        application=application,
        kind="bills",
        file=SimpleUploadedFile("bills.jpg", PDF, content_type="image/jpeg"),
    )
    assert pdf.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "type"),
        (b"MZ\x90\x00" + b"\x00" * 300, "type"),  # an executable named .pdf
        (b"PK\x03\x04" + b"\x00" * 300, "type"),  # a zip
        (b"", "empty"),
    ],
)
def test_uploads_of_other_types_are_refused_whatever_their_name(world, campaign, content, code):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    with pytest.raises(UploadRefused) as exc:
        services.upload_add(
            actor=world.user("worker"),
            application=application,
            kind="diagnosis",
            file=SimpleUploadedFile("诊断.pdf", content, content_type="application/pdf"),
        )
    assert exc.value.code == code
    assert not Upload.objects.exists()


def test_an_oversized_upload_is_refused(world, campaign):
    application = services.application_create(actor=world.user("worker"), campaign=campaign)
    big = SimpleUploadedFile(
        "big.pdf", PDF + b"0" * services.UPLOAD_MAX_BYTES, content_type="application/pdf"
    )
    with pytest.raises(UploadRefused) as exc:
        services.upload_add(actor=world.user("worker"), application=application, kind="bills", file=big)
    assert exc.value.code == "size"
    assert not Upload.objects.exists()


def test_nobody_but_the_applicant_adds_uploads_and_not_after_approval(world, campaign):
    application = application_in(campaign, world.worker_a1, "submitted")
    with pytest.raises(PermissionRefused):
        services.upload_add(
            actor=world.user("officer"),
            application=application,
            kind="bills",
            file=SimpleUploadedFile("a.png", PNG),
        )
    Application.objects.filter(pk=application.pk).update(state="approved")
    with pytest.raises(Conflict):
        services.upload_add(
            actor=world.user("worker"),
            application=application,
            kind="bills",
            file=SimpleUploadedFile("a.png", PNG),
        )
    assert not Upload.objects.exists()


# --- the workflow ---------------------------------------------------------------------------------------


def test_the_whole_path_through_the_services(world, campaign, django_capture_on_commit_callbacks):
    worker, officer, district = world.user("worker"), world.user("officer"), world.user("district")
    worker.email = "zhangsan@example.com"
    worker.save()
    application = _fill(worker, services.application_create(actor=worker, campaign=campaign))
    services.transition(actor=worker, application=application, action="submit")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            actor=officer, application=application, action="return", comment="请补交户口本复印件"
        )
    services.transition(actor=worker, application=application, action="resubmit")
    services.transition(actor=officer, application=application, action="approve")
    application = services.transition(actor=officer, application=application, action="publish")
    assert application.notice_end == timezone.localdate() + dt.timedelta(days=4)
    assert services.end_due_notices(today=application.notice_end) == 0
    assert services.end_due_notices(today=application.notice_end + dt.timedelta(days=1)) == 1
    assert services.report_enterprise(actor=officer, campaign=campaign, enterprise=world.ent_a) == 1
    application = Application.objects.get(pk=application.pk)
    services.district_decide(actor=district, applications=[application], approve=True, reason="")
    file = HardshipFile.objects.get(worker=world.worker_a1)
    assert file.status == "open" and file.next_review_on
    services.record_relief(
        actor=district,
        application=application,
        form="money",
        amount=Decimal("2000"),
        delivered_on=timezone.localdate(),
        delivered_by="区总工会 王主席",
    )
    assert _state(application) == "relief_delivered"
    steps = list(Transition.objects.filter(application=application).values_list("from_state", "to_state"))
    assert steps == [
        ("draft", "submitted"), ("submitted", "returned"), ("returned", "submitted"), ("submitted", "approved"),
        ("approved", "on_notice"), ("on_notice", "notice_ended"), ("notice_ended", "reported"),
        ("reported", "district_approved"), ("district_approved", "relief_delivered"),
    ]  # fmt: skip
    assert Transition.objects.get(to_state="returned").reason == "请补交户口本复印件"
    assert FileEntry.objects.get(file=file, kind="help").amount == Decimal("2000")
    assert AuditEvent.objects.filter(action__startswith="hardship.application.").count() >= 10
    notes = list(Notification.objects.filter(user=worker).values_list("message", flat=True))
    assert any("请补交户口本复印件" in n for n in notes)
    assert len(notes) == 7  # every step taken by someone else
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhangsan@example.com"]
    assert "请补交户口本复印件" in mail.outbox[0].body


ROLES = ("worker", "branch", "officer", "officer_b", "district")
# The roles of the world that may take each step of an application of worker_a1 (not on paper).
TAKES = {
    "hardship.edit_application": {"worker"},
    "hardship.withdraw_submitted": {"worker"},
    "hardship.review_application": {"officer"},
    "hardship.decide_reported": {"district"},
}
ACTIONS = APPLICATION.all_actions()
STATES = list(Application.State.values)
# Steps of the table, by every role that may not take them (403); steps the table does not have in
# a state (a stale page, a double click) are refused to the role that could otherwise take them.
REFUSALS = [
    (state, action, role)
    for (state, action), step in APPLICATION.steps.items()
    for role in ROLES
    if role not in TAKES[step.permission]
] + [
    (state, action, "district" if action.startswith("district") or action == "record_relief" else "officer")
    for state in STATES
    for action in ACTIONS
    if (state, action) not in APPLICATION.steps
]


def test_the_roles_that_may_take_each_step_are_those_of_the_permission_map(world, campaign):
    for (state, _action), step in APPLICATION.steps.items():
        application = application_in(campaign, world.worker_a1, state)
        takers = {
            role for role in ROLES if workflow.may_take(APPLICATION, step, world.user(role), application)
        }
        assert takers == TAKES[step.permission], (state, _action)
        Application.objects.filter(pk=application.pk).delete()


@pytest.mark.parametrize(("state", "action", "role"), REFUSALS)
def test_every_step_a_role_may_not_take_is_refused_and_changes_nothing(world, campaign, state, action, role):
    application = application_in(campaign, world.worker_a1, state)
    before = (Application.objects.filter(pk=application.pk).values().get(), AuditEvent.objects.count())
    with pytest.raises((PermissionRefused, workflow.StateConflict)) as exc:
        services.transition(actor=world.user(role), application=application, action=action, comment="理由")
    if (state, action) in APPLICATION.steps:
        assert isinstance(exc.value, PermissionRefused)  # the step exists but not for this role
    else:
        assert exc.value.code == "state"
    assert (
        Application.objects.filter(pk=application.pk).values().get(),
        AuditEvent.objects.count(),
    ) == before
    assert not Transition.objects.exists() and not Notification.objects.exists()


def test_a_double_click_gives_one_transition_and_a_clear_message(world, campaign):
    application = application_in(campaign, world.worker_a1, "submitted")
    services.transition(actor=world.user("officer"), application=application, action="approve")
    before = (Application.objects.filter(pk=application.pk).values().get(), AuditEvent.objects.count())
    with pytest.raises(Conflict) as exc:
        services.transition(actor=world.user("officer"), application=application, action="approve")
    assert str(exc.value) == (
        "该困难职工帮扶申请当前为“企业工会审核通过”，无法“审核通过”（可能有人刚刚已处理）；未做任何更改。"
    )
    assert Transition.objects.count() == 1
    assert (
        Application.objects.filter(pk=application.pk).values().get(),
        AuditEvent.objects.count(),
    ) == before


@pytest.mark.parametrize("action", sorted(rules.REASON_REQUIRED - {"object"}))
def test_returns_and_rejections_need_a_reason(world, campaign, action):
    state = next(s for (s, a) in APPLICATION.steps if a == action)
    application = application_in(campaign, world.worker_a1, state)
    actor = world.user("district" if action.startswith("district") else "officer")
    with pytest.raises(workflow.ReasonRequired) as exc:
        services.transition(actor=actor, application=application, action=action, comment=" \u3000 ")
    assert exc.value.code == "reason"
    assert str(exc.value) == f"请填写“{APPLICATION.action_label(action)}”的理由；未做任何更改。"
    assert _state(application) == state and not Transition.objects.exists()


def test_the_notice_cannot_end_before_its_last_day(world, campaign):
    application = application_in(campaign, world.worker_a1, "on_notice")
    with pytest.raises(HardshipError):
        services.transition(actor=world.user("officer"), application=application, action="end_notice")
    assert _state(application) == "on_notice"
    services.transition(
        actor=world.user("officer"),
        application=application,
        action="end_notice",
        today=application.notice_end + dt.timedelta(days=1),
    )
    assert _state(application) == "notice_ended"


def test_late_reports_are_refused_until_the_district_reopens_the_campaign(world, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    application = application_in(campaign, world.worker_a1, "notice_ended")
    with pytest.raises(HardshipError) as exc:
        services.report_enterprise(actor=world.user("officer"), campaign=campaign, enterprise=world.ent_a)
    assert exc.value.code == "deadline" and _state(application) == "notice_ended"
    with pytest.raises(PermissionRefused):
        services.campaign_reopen(actor=world.user("officer"), campaign=campaign)
    services.campaign_reopen(actor=world.user("district"), campaign=campaign)
    assert (
        services.report_enterprise(actor=world.user("officer"), campaign=campaign, enterprise=world.ent_a)
        == 1
    )
    assert _state(application) == "reported"


def test_an_upheld_objection_rejects_and_a_dismissed_one_continues_the_notice(world, campaign):
    officer = world.user("officer")
    upheld = application_in(campaign, world.worker_a1, "on_notice")
    services.record_objection(
        actor=officer, application=upheld, received_on=timezone.localdate(), content="家有商铺出租"
    )
    services.resolve_objection(actor=officer, application=upheld, upheld=True, resolution="核实属实")
    assert _state(upheld) == "rejected"
    assert upheld.objections.get().outcome == "upheld"
    messages = " ".join(Notification.objects.values_list("message", flat=True))
    assert "核实属实" in messages and "商铺" not in messages  # the objection's text stays with the union
    assert Application.objects.get(pk=upheld.pk).last_reason == "核实属实"
    other = application_in(campaign, world.worker_a2, "on_notice")
    services.record_objection(
        actor=officer, application=other, received_on=timezone.localdate(), content="收入不实"
    )
    services.resolve_objection(actor=officer, application=other, upheld=False, resolution="经核实收入无误")
    assert _state(other) == "on_notice" and other.objections.get().outcome == "dismissed"


def test_the_district_decides_in_bulk_only_reported_applications(world, campaign):
    a = application_in(campaign, world.worker_a1, "reported")
    b = application_in(campaign, world.worker_b1, "reported")
    c = application_in(campaign, world.worker_a2, "notice_ended")
    with pytest.raises(Conflict):
        services.district_decide(
            actor=world.user("district"), applications=[a, c], approve=False, reason="超出名额"
        )
    assert _state(a) == "reported"  # the batch is one transaction
    services.district_decide(
        actor=world.user("district"), applications=[a, b], approve=False, reason="超出名额"
    )
    assert {_state(a), _state(b)} == {"district_rejected"}
    assert Application.objects.get(pk=a.pk).last_reason == "超出名额"


def test_a_worker_withdraws_before_approval_and_may_apply_again(world, campaign):
    worker = world.user("worker")
    application = application_in(campaign, world.worker_a1, "submitted")
    services.transition(actor=worker, application=application, action="withdraw")
    assert _state(application) == "withdrawn"
    again = services.application_create(actor=worker, campaign=campaign)
    assert again.pk != application.pk


# --- hardship files --------------------------------------------------------------------------------------


def test_files_are_reviewed_by_the_enterprise_and_closed_or_reopened_by_the_district(world):
    file = open_file_for(world.worker_a1)
    today = timezone.localdate()
    with pytest.raises(PermissionRefused):
        services.file_review(actor=world.user("branch"), file=file, on=today, situation="", note="")
    services.file_review(actor=world.user("officer"), file=file, on=today, situation="病情稳定", note="走访")
    file.refresh_from_db()
    assert file.situation == "病情稳定" and file.next_review_on == today + dt.timedelta(days=90)
    with pytest.raises(PermissionRefused):
        services.file_close(actor=world.user("officer"), file=file, on=today, reason="脱困")
    with pytest.raises(HardshipError):
        services.file_close(actor=world.user("district"), file=file, on=today, reason="")
    assert HardshipFile.objects.get(pk=file.pk).status == "open"
    services.file_close(actor=world.user("district"), file=file, on=today, reason="子女工作，家庭脱困")
    file.refresh_from_db()
    assert file.status == "closed" and file.closed_reason == "子女工作，家庭脱困"
    with pytest.raises(HardshipError):
        services.file_add_help(
            actor=world.user("officer"), file=file, on=today, form="money", amount=Decimal("1"), note=""
        )
    services.file_reopen(actor=world.user("district"), file=file, on=today, reason="再次患病")
    file.refresh_from_db()
    assert file.status == "open" and file.closed_on is None
    assert list(file.entries.values_list("kind", flat=True)) == ["review", "closed", "reopened"]


def test_review_reminders_reach_the_enterprise_officers_once_per_due_date(world):
    file = open_file_for(world.worker_a1)
    HardshipFile.objects.filter(pk=file.pk).update(next_review_on=timezone.localdate())
    assert tasks.send_review_reminders.delay().get() == 1
    assert tasks.send_review_reminders.delay().get() == 0
    note = Notification.objects.get()
    assert note.user == world.user("officer") and "张三" in note.message


def test_officers_see_their_review_reminders_on_the_hardship_page(world, client_for):
    file = open_file_for(world.worker_a1)
    HardshipFile.objects.filter(pk=file.pk).update(next_review_on=timezone.localdate())
    services.send_review_reminders()
    page = client_for(world.user("officer")).get("/office/hardship/").content.decode()
    assert 'id="reminders"' in page and "张三的困难职工档案应于" in page
    assert "张三" not in client_for(world.user("officer_b")).get("/office/hardship/").content.decode()


def test_a_closed_campaign_takes_no_reports(world, campaign):
    application = application_in(campaign, world.worker_a1, "notice_ended")
    services.campaign_close(actor=world.user("district"), campaign=campaign)
    with pytest.raises(HardshipError) as exc:
        services.report_enterprise(actor=world.user("officer"), campaign=campaign, enterprise=world.ent_a)
    assert exc.value.code == "closed" and _state(application) == "notice_ended"


def test_assessment_facts_have_no_data_without_approved_applications(world, campaign):
    facts = selectors.assessment_facts(branch=world.ent_a, year=2026)
    assert facts["hardship_files_kept"].value is None and facts["hardship_files_reviewed"].value is None
    application_in(campaign, world.worker_a1, "district_approved")
    file = open_file_for(world.worker_a1)
    open_file_for(world.worker_a2)
    HardshipFile.objects.filter(pk=file.pk).update(next_review_on=timezone.localdate() - dt.timedelta(days=1))
    facts = selectors.assessment_facts(branch=world.ent_a, year=2026)
    assert facts["hardship_files_kept"].value == 2
    assert facts["hardship_files_reviewed"].value == Decimal("0.5000")
    assert selectors.assessment_facts(branch=world.ent_b, year=2026)["hardship_files_kept"].value is None


# --- concurrency (PostgreSQL) -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_give_exactly_one_transition():
    world = build_world()
    other_officer = AppointmentFactory(
        branch=world.ent_a, role="union_officer", user__username="officer2"
    ).user
    campaign = campaign_for(world.district)
    application = application_in(campaign, world.worker_a1, "submitted")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(user):
        try:
            barrier.wait()
            services.transition(actor=user, application=application, action="approve")
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (world.user("officer"), other_officer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    loser = next(o for o in outcomes if o != "ok")
    assert "无法“审核通过”（可能有人刚刚已处理）" in loser
    assert Transition.objects.filter(application=application).count() == 1
    assert Application.objects.get(pk=application.pk).state == "approved"
