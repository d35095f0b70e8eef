import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import reports, selectors, services
from assessment.exceptions import StandardInvalid
from assessment.models import Assessment, Evidence, Standard, TitleAward
from branches.models import Branch
from tests.assessment.conftest import YEAR, accept_meeting, small_spec
from tests.factories import make_branch
from unionhome.models import AccessLog, AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_unit_scores_its_self_check_on_the_page(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small)
    items = {s.item.text: s.item_id for s in a.scores.select_related("item")}
    client = client_for(world.users["branch"])
    response = client.post(
        reverse("assessment:assessment_score", args=[a.pk]),
        {
            f"score-{items['班子健全']}": "58",
            f"comment-{items['班子健全']}": "有台账",
            f"score-{items['满意率']}": "40",
        },
    )
    assert response.status_code == 302
    assert sorted(a.scores.values_list("self_score", flat=True)) == [40, 58]
    page = client.get(reverse("assessment:assessment_detail", args=[a.pk])).content.decode()
    assert "98.0" in page and "有台账" in page and "提交自查" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("很多", "不是有效分数"),
        ("NaN", "不是有效分数"),
        ("inf", "不是有效分数"),
        ("-Infinity", "不是有效分数"),
        ("1e400", "不是有效分数"),
        ("-1", "不是有效分数"),
        ("7.25", "的整数倍"),
    ],
)
def test_a_score_that_is_not_a_number_is_refused_with_a_message(
    world, std_small, make_assessment, client_for, typed, message
):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.first().item_id
    client = client_for(world.users["branch"])
    response = client.post(
        reverse("assessment:assessment_score", args=[a.pk]), {f"score-{item}": typed}, follow=True
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not a.scores.filter(self_score__isnull=False).exists()
    assert not AuditEvent.objects.filter(action="assessment.self_score").exists()


def test_a_score_above_the_items_points_shows_the_message(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.get(item__text="满意率").item_id
    client = client_for(world.users["branch"])
    response = client.post(
        reverse("assessment:assessment_score", args=[a.pk]), {f"score-{item}": "41"}, follow=True
    )
    assert "满意率" in response.content.decode() and "0 至 40" in response.content.decode()


def test_the_workflow_through_the_pages(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    client = client_for(world.users["officer"])
    url = reverse("assessment:assessment_transition", args=[a.pk])
    client.post(url, {"action": "review", "state": "self_scored"})
    client.post(url, {"action": "accept", "state": "reviewed"})
    a.refresh_from_db()
    assert a.state == "accepted" and a.rating == "meets"
    response = client.post(url, {"action": "accept", "state": "reviewed"}, follow=True)
    assert "已" in response.content.decode()  # the double click is told what happened
    assert a.transitions.count() == 2


def test_evidence_upload_and_checked_download(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small)
    item = a.scores.first().item_id
    client = client_for(world.users["branch"])
    client.post(
        reverse("assessment:evidence_upload", args=[a.pk]),
        {"item": item, "file": SimpleUploadedFile("台账.pdf", PDF)},
    )
    e = Evidence.objects.get()
    response = client.get(reverse("assessment:evidence_download", args=[e.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AccessLog.objects.filter(object_id=str(e.pk)).exists()
    refused = client.post(
        reverse("assessment:evidence_upload", args=[a.pk]),
        {"item": item, "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")},
        follow=True,
    )
    assert "只接受" in refused.content.decode()
    assert Evidence.objects.count() == 1
    assert (
        client_for(world.users["officer_b"])
        .get(reverse("assessment:evidence_download", args=[e.pk]))
        .status_code
        == 404
    )


def test_the_enterprise_page_shows_the_veto_panel_and_total(
    world, std_home, fake_facts, make_assessment, client_for
):
    from branches.facts import Fact

    fake_facts["A"] = {"enrolment_rate": Fact(Decimal("0.9260"), "926 / 1000", "花名册")}
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    page = (
        client_for(world.users["district"])
        .get(reverse("assessment:assessment_detail", args=[a.pk]))
        .content.decode()
    )
    assert "否决项" in page and "92.60%" in page and "不低于 95.00%" in page and "花名册" in page
    assert "一票否决：入会率低于95%" in page.replace(" ", "") or "入会率低于95%" in page
    assert "未达到标准" in page
    assert "无数据" in page  # congress_held: nobody provides it here


def test_report_pdf_holds_the_chinese_text(
    world, std_home, clear_home_facts, make_assessment, client_for, tmp_path
):
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    response = client_for(world.users["district"]).get(reverse("assessment:assessment_pdf", args=[a.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "甲企业工会" in text and "否决项" in text and "职代会" in text and "100.0" in text


def test_report_xlsx_lists_items_scores_and_vetoes(
    world, std_home, clear_home_facts, make_assessment, client_for
):
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    response = client_for(world.users["officer"]).get(reverse("assessment:assessment_xlsx", args=[a.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "考核项目", "否决项", "自动指标"]
    items = list(book["考核项目"].iter_rows(values_only=True))
    assert items[1][1] == "组织健全" and items[1][4] == 50
    vetoes = [r[0] for r in book["否决项"].iter_rows(values_only=True)]
    assert "入会率低于95%" in vetoes


def test_district_imports_a_standard_and_a_bad_file_changes_nothing(world, std_small, client_for):
    spec = selectors.standard_spec(selectors.standard_full(std_small.pk))
    spec["code"] = "imported"
    client = client_for(world.users["district"])
    ok = client.post(
        reverse("assessment:standard_import"),
        {"file": SimpleUploadedFile("s.xlsx", reports.standard_xlsx(spec))},
    )
    assert ok.status_code == 302 and Standard.objects.filter(code="imported").exists()
    spec["code"] = "bad"
    spec["items"][0]["points"] = 10
    bad = client.post(
        reverse("assessment:standard_import"),
        {"file": SimpleUploadedFile("s.xlsx", reports.standard_xlsx(spec))},
    )
    assert "不是 100" in bad.content.decode() and not Standard.objects.filter(code="bad").exists()
    officer = client_for(world.users["officer"])
    assert officer.post(reverse("assessment:standard_import"), {}).status_code == 403


def test_editing_through_the_form_makes_a_version_when_in_use(world, std_small, make_assessment, client_for):
    make_assessment(world.branch_a1, std_small)
    client = client_for(world.users["district"])
    data = {
        "code": "small", "name": "小家标准二", "issuer": "区总", "level": "small_home", "title": "model_small_home",
        "kind": "scored", "effective_date": "2025-01-01", "pass_mark": "80",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-0-section": "组织", "items-0-text": "甲", "items-0-points": "70",
        "items-1-section": "组织", "items-1-text": "乙", "items-1-points": "30",
        "vetoes-TOTAL_FORMS": "0", "vetoes-INITIAL_FORMS": "0", "edits": std_small.edits,
    }  # fmt: skip
    response = client.post(reverse("assessment:standard_edit", args=[std_small.pk]), data, follow=True)
    assert "版本 2" in response.content.decode() or "第 2 版" in response.content.decode()
    assert list(
        Standard.objects.filter(code="small").values_list("version", flat=True).order_by("version")
    ) == [1, 2]
    data["items-1-points"] = "20"
    data["edits"] = Standard.objects.get(code="small", version=2).edits
    again = client.post(
        reverse("assessment:standard_edit", args=[Standard.objects.get(code="small", version=2).pk]), data
    )
    page = again.content.decode()
    assert "90" in page and Standard.objects.filter(code="small").count() == 2


def test_two_editors_of_a_standard_not_in_use_the_second_save_is_refused(world, std_small, client_for):
    first, second = client_for(world.users["district"]), client_for(world.users["district"])
    url = reverse("assessment:standard_edit", args=[std_small.pk])
    shown = std_small.edits
    data = {
        "code": "small", "issuer": "区总", "level": "small_home", "title": "model_small_home",
        "kind": "scored", "effective_date": "2025-01-01", "pass_mark": "80",
        "items-TOTAL_FORMS": "1", "items-INITIAL_FORMS": "0",
        "items-0-section": "组织", "items-0-text": "甲", "items-0-points": "100",
        "vetoes-TOTAL_FORMS": "0", "vetoes-INITIAL_FORMS": "0", "edits": shown,
    }  # fmt: skip
    assert first.post(url, {**data, "name": "第一人的名称"}).status_code == 302
    refused = second.post(url, {**data, "name": "第二人的名称"})
    assert refused.status_code == 200 and "已被他人修改" in refused.content.decode()
    standard = Standard.objects.get(pk=std_small.pk)
    assert standard.name == "第一人的名称" and standard.edits == shown + 1
    assert Standard.objects.filter(code="small").count() == 1
    without = second.post(url, {**{k: v for k, v in data.items() if k != "edits"}, "name": "无版本"})
    assert without.status_code == 200 and "此页面已过期或不完整" in without.content.decode()
    assert Standard.objects.get(pk=std_small.pk).name == "第一人的名称"


def test_unit_page_shows_titles_next_due_and_trend(world, std_small, make_assessment, client_for):
    a = accept_meeting(make_assessment(world.branch_a1, std_small, number=3))
    TitleAward.objects.create(branch=world.branch_a1, title="model_small_home", level="enterprise", year=a.year,
                              awarded_on="2026-10-01", decided_by="甲企业工会", assessment=a,
                              recheck_due="2027-12-31")  # fmt: skip
    page = (
        client_for(world.users["branch"])
        .get(reverse("assessment:unit", args=[world.branch_a1.pk]))
        .content.decode()
    )
    assert "模范职工小家" in page and "甲企业工会" in page
    assert "下次应考核" in page and "trend-data" in page


def test_title_award_through_the_page(world, std_small, make_assessment, client_for):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("assessment:title_award", args=[world.branch_a1.pk]),
        {"title": "model_small_home", "level": "enterprise", "awarded_on": "2026-11-01", "decided_by": "甲企业工会",
         "assessment": a.pk},
    )  # fmt: skip
    assert response.status_code == 302 and TitleAward.objects.get().assessment == a


def _overview_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("assessment:overview") + f"?year={YEAR}")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_overview_ranks_units_in_a_constant_number_of_queries(world, std_small, make_assessment, client_for):
    client = client_for(world.users["district"])
    accept_meeting(make_assessment(world.branch_a1, std_small))
    small, _page = _overview_queries(client)
    for n in range(8):
        unit = make_branch(world.ent_b, f"B9{n}", "branch", f"新分会{n}")
        basis = accept_meeting(make_assessment(unit, std_small))
        TitleAward.objects.create(branch=unit, title="model_small_home", level="enterprise", awarded_on="2026-10-01",
                                  decided_by="乙", assessment=basis, year=basis.year, recheck_due="2027-12-31")  # fmt: skip
    large, page = _overview_queries(client)
    assert large == small
    assert page.index("甲一分会") < page.index("甲企业工会")  # scored units rank above units without one
    assert Branch.objects.filter(kind="branch").count() == 11


def test_overview_of_the_demo_data_is_constant_and_shows_the_model_home_and_the_vetoed_one(demo_data, client):
    from unionhome.models import User

    client.force_login(User.objects.get(username="district"))
    queries, page = _overview_queries(client)
    assert queries <= 12
    assert "东山煤矿工会" in page and "城东供电公司工会" in page
    e01 = Assessment.objects.get(branch__code="E01", period_kind="district", year=YEAR)
    e02 = Assessment.objects.get(branch__code="E02", period_kind="district", year=YEAR)
    assert e01.rating == "meets" and not e01.vetoed
    assert e02.rating == "does_not_meet" and e02.vetoed
    detail = client.get(reverse("assessment:assessment_detail", args=[e02.pk])).content.decode()
    from branches.selectors import assessment_facts
    from unionhome.templatetags.unionhome import pct

    rate = assessment_facts(branch=e02.branch, year=YEAR)["enrolment_rate"].value
    assert rate < Decimal("0.95")
    assert "职工入会率低于95%" in detail and pct(rate) in detail
    count = Assessment.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Assessment.objects.count() == count


def test_worker_answers_the_members_evaluation_in_the_portal(world, client_for):
    from assessment import services

    r = services.round_create(
        actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="2026年会员评家"
    )
    client = client_for(world.users["worker"])
    assert "2026年会员评家" in client.get(reverse("assessment_portal:rounds")).content.decode()
    client.post(reverse("assessment_portal:answer", args=[r.pk]), {"verdict": "satisfied", "comment": "好"})
    again = client.post(
        reverse("assessment_portal:answer", args=[r.pk]), {"verdict": "unsatisfied"}, follow=True
    )
    assert "已经" in again.content.decode()
    assert r.answers.count() == 1
    url = reverse("assessment:round_detail", args=[r.pk])
    results = client_for(world.users["officer"]).get(url).content.decode()
    assert "本轮结束后公布结果" in results and "100.00%" not in results  # open: withheld
    from tests.factories import UserFactory, WorkerFactory

    for _ in range(4):
        member = UserFactory(worker=WorkerFactory(branch=world.branch_a2))
        services.evaluation_answer(actor=member, round_=r, verdict="very_satisfied")
    client_for(world.users["officer"]).post(reverse("assessment:round_close", args=[r.pk]))
    results = client_for(world.users["officer"]).get(url).content.decode()
    assert "100.00%" in results and "张三" not in results and "<li>好</li>" in results


def test_a_worker_of_another_enterprise_does_not_see_the_round(world, client_for):
    from assessment import services
    from tests.factories import UserFactory

    r = services.round_create(actor=world.users["officer_b"], branch=world.ent_b, year=YEAR, name="乙")
    client = client_for(UserFactory(worker=world.worker_a2))
    assert client.get(reverse("assessment_portal:answer", args=[r.pk])).status_code == 404


@pytest.mark.parametrize("username", ["officer", "branch"])
def test_standards_are_view_only_below_the_district(world, std_small, client_for, username):
    client = client_for(world.users[username])
    page = client.get(reverse("assessment:standard_detail", args=[std_small.pk])).content.decode()
    assert "小家标准" in page and reverse("assessment:standard_edit", args=[std_small.pk]) not in page
    response = client.post(reverse("assessment:standard_create"), {"code": "x"})
    assert response.status_code == 403 and not Standard.objects.filter(code="x").exists()


@pytest.mark.parametrize(
    "model",
    ["standard", "standarditem", "assessment", "evidence", "transition", "titleaward", "evaluationanswer"],
)
def test_admin_lists_render_for_the_administrator(world, std_small, make_assessment, client_for, model):
    make_assessment(world.branch_a1, std_small)
    response = client_for(world.users["admin"]).get(reverse(f"admin:assessment_{model}_changelist"))
    assert response.status_code == 200


def test_standards_cannot_be_changed_in_the_admin(world, std_small, client_for):
    client = client_for(world.users["admin"])
    client.post(reverse("admin:assessment_standard_change", args=[std_small.pk]), {"name": "改名"})
    std_small.refresh_from_db()
    assert std_small.name == "小家标准"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_keep_their_query_count_as_rows_grow(world, std_small, make_assessment, client_for):
    from assessment import services

    client = client_for(world.users["district"])
    urls = [
        reverse("assessment:index"),
        reverse("assessment:standard_list"),
        reverse("assessment:round_list"),
    ]
    make_assessment(world.branch_a1, std_small)
    services.round_create(actor=world.users["officer"], branch=world.ent_a, year=YEAR, name="一")
    before = [_count(client, u) for u in urls]
    for n in range(6):
        unit = make_branch(world.ent_b, f"B8{n}", "branch", f"分会{n}")
        make_assessment(unit, std_small)
        services.round_create(actor=world.users["officer_b"], branch=unit, year=YEAR, name=f"轮{n}")
        services.standard_save(actor=world.users["district"], spec={**small_spec(), "code": f"s{n}"})
    assert [_count(client, u) for u in urls] == before


def test_reminders_task_runs_through_celery(world, std_small):
    from assessment.tasks import send_reminders

    first = send_reminders.delay().get()
    assert first["self_check_due"] == 4  # A1, A2, A1G, B1: nothing submitted this quarter
    assert set(send_reminders.delay().get().values()) == {0}  # each reminder once


def test_union_officer_opens_a_members_evaluation_round_and_a_branch_officer_may_not(world, client_for):
    from assessment.models import EvaluationRound

    data = {"unit": world.ent_a.pk, "year": YEAR, "name": "年度会员评家"}
    assert client_for(world.users["branch"]).post(reverse("assessment:round_list"), data).status_code == 403
    assert client_for(world.users["officer"]).post(reverse("assessment:round_list"), data).status_code == 302
    assert list(EvaluationRound.objects.values_list("name", flat=True)) == ["年度会员评家"]


# --- strict parameters -------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["bogus", "draft'--", "DRAFT", "draft\x00"])
def test_an_unknown_state_filter_is_a_bad_request_not_the_whole_list(world, client_for, state):
    response = client_for(world.users["officer"]).get(reverse("assessment:index"), {"state": state})
    assert response.status_code == 400


def test_a_known_state_filters_the_list(world, std_small, make_assessment, client_for):
    make_assessment(world.branch_a1, std_small)
    client = client_for(world.users["officer"])
    page = client.get(reverse("assessment:index"), {"state": "draft"}).content.decode()
    assert 'data-state="draft"' in page
    page = client.get(reverse("assessment:index"), {"state": "accepted"}).content.decode()
    assert 'data-state="draft"' not in page


@pytest.mark.parametrize(
    "year", ["abc", "1_000", "-1", "99999999999999999999", "٢٠٢٦", "1999", "3000", " 2026"]
)
def test_a_year_the_overview_never_offers_is_a_bad_request(world, client_for, year):
    response = client_for(world.users["officer"]).get(reverse("assessment:overview"), {"year": year})
    assert response.status_code == 400


def test_the_overview_takes_an_offered_year(world, client_for):
    response = client_for(world.users["officer"]).get(reverse("assessment:overview"), {"year": "2025"})
    assert response.status_code == 200 and response.context["year"] == 2025


@pytest.mark.parametrize("unit", ["abc", "99999999999999999999", "-1", "B1"])
def test_a_unit_one_may_not_open_is_ignored_with_a_message(world, client_for, unit):
    if unit == "B1":
        unit = str(world.branch_b1.pk)
    response = client_for(world.users["branch"]).get(reverse("assessment:assessment_create"), {"unit": unit})
    assert response.status_code == 200
    assert "您不能为该单位发起考核" in response.content.decode()
    assert response.context["form"].initial["unit"] is None


def test_the_new_assessment_link_is_shown_to_who_may_open_one(world, client_for):
    page = client_for(world.users["branch"]).get(reverse("assessment:index")).content.decode()
    assert 'id="new-assessment"' in page


def test_a_standard_code_with_a_quote_and_a_newline_still_exports(world, std_small, client_for):
    Standard.objects.filter(pk=std_small.pk).update(code='a"b\nc')  # written before codes were checked
    response = client_for(world.users["district"]).get(
        reverse("assessment:standard_export", args=[std_small.pk])
    )
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\n" not in header and header.startswith("attachment; filename")
    assert "a%22b" not in header and header.endswith(".xlsx"), "the name is the system's (kind and date)"


@pytest.mark.parametrize("code", ['a"b', "a\nb", "标准", "a b", "x" * 65])
def test_a_standard_code_must_be_a_slug(world, code):
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=small_spec(code=code))
    assert not Standard.objects.exists()


@pytest.mark.parametrize("points", ["NaN", "inf", "1e400", "33.33"])
def test_points_that_are_not_a_plain_number_are_refused(world, points):
    items = [{"section": "一", "text": "甲", "points": points}, {"section": "一", "text": "乙", "points": 60}]
    with pytest.raises(StandardInvalid):
        services.standard_save(actor=world.users["district"], spec=small_spec(items=items, pass_mark=points))
    assert not Standard.objects.exists()


def test_a_second_click_on_a_step_shows_the_conflict(world, std_small, make_assessment, client_for):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    client = client_for(world.users["officer"])
    url = reverse("assessment:assessment_transition", args=[a.pk])
    client.post(url, {"action": "review", "state": "self_scored"})
    response = client.post(url, {"action": "review", "state": "self_scored"}, follow=True)
    assert response.status_code == 200 and "已复核" in response.content.decode()
    assert a.transitions.count() == 1


def test_the_page_offers_only_the_users_steps_and_history_names_the_actor(
    world, std_small, make_assessment, client_for
):
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    officer_page = client_for(world.users["officer"]).get(a.get_absolute_url()).content.decode()
    assert 'id="action-review"' in officer_page and 'id="action-return"' in officer_page
    assert 'id="action-submit"' not in officer_page
    branch_page = client_for(world.users["branch"]).get(a.get_absolute_url()).content.decode()
    assert 'id="action-' not in branch_page
    client = client_for(world.users["officer"])
    client.post(
        reverse("assessment:assessment_transition", args=[a.pk]), {"action": "return", "comment": "补台账"}
    )
    history = client.get(a.get_absolute_url()).content.decode()
    assert "补台账" in history and "officer" in history


def test_the_demo_mine_is_evaluated_against_its_own_targets_and_holds_its_title_on_the_districts_check(
    demo_data, client
):
    """篇一(六)1 "职工入会率达99以上，发证率100": the mine's own standard applies its own targets; at the
    demo's rates its half-year evaluation does not meet them, and the title rests on the check that
    meets the district's standard."""
    from assessment.models import TitleAward
    from unionhome.models import User

    own = Assessment.objects.get(
        branch__code="E01", standard__code="seed1-mine-home", period_kind="half_year"
    )
    assert own.state == "accepted" and own.rating != "meets" and not own.vetoed
    client.force_login(User.objects.get(username="district"))
    page = client.get(reverse("assessment:assessment_detail", args=[own.pk])).content.decode()
    assert "99.00%" in page and "100.00%" in page  # the mine's own targets, shown beside its rates
    from branches.selectors import assessment_facts
    from unionhome.templatetags.unionhome import pct

    facts = assessment_facts(branch=own.branch, year=YEAR)
    enrolment, cards = facts["enrolment_rate"].value, facts["card_issuance_rate"].value
    assert Decimal("0.95") <= enrolment < Decimal("0.99") and cards < 1  # meets 95 %, not the mine's own
    assert pct(enrolment) in page and pct(cards) in page and "未达标" in page
    title = TitleAward.objects.get(branch__code="E01", title="model_home")
    assert title.assessment.standard.code == "seed5-five-shapes" and title.assessment.rating == "meets"
    assert not TitleAward.objects.filter(assessment=own).exists()
