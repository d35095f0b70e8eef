import datetime as dt
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hardship.models import Application, HardshipFile, HouseholdMember, Relief, Transition, Upload
from tests.factories import WorkerFactory
from tests.hardship.factories import application_in, open_file_for
from unionhome.models import AccessLog

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def _formset(members):
    data = {
        "m-TOTAL_FORMS": str(len(members)),
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "15",
    }
    for i, m in enumerate(members):
        for k, v in m.items():
            if v is True:
                data[f"m-{i}-{k}"] = "on"
            elif v is not False:
                data[f"m-{i}-{k}"] = v
    return data


def _application_post(worker, *, consent=True, spouse_income="1000", id_number=None):
    data = {
        "app-marital_status": "married",
        "app-primary_cause": "major_illness",
        "app-other_causes": ["child_in_school"],
        "app-government_aid": "0",
        "app-medical_self_paid": "0",
        "app-property_loss": "0",
        "app-description": "妻子患病，孩子上学",
    }
    if consent:
        data["app-consent"] = "on"
    data.update(
        _formset(
            [
                {
                    "relation": "self",
                    "name": worker.name,
                    "id_number": id_number or worker.id_number,
                    "monthly_income": "1500",
                    "unmarried": False,
                },
                {
                    "relation": "spouse",
                    "name": "王芳",
                    "id_number": "",
                    "monthly_income": spouse_income,
                    "unmarried": False,
                    "ill": True,
                },
                {
                    "relation": "child",
                    "name": "张小明",
                    "id_number": "",
                    "monthly_income": "0",
                    "unmarried": True,
                    "in_school": True,
                },
            ]
        )
    )
    # The form's version: the worker's application as it is now (the page would carry it).
    latest = Application.objects.filter(worker=worker).order_by("-id").first()
    if latest is not None:
        data["app-version"] = latest.version
    return data


# --- the worker in the portal -----------------------------------------------------------------------


def test_a_worker_applies_fills_in_uploads_and_submits_in_the_portal(world, campaign, client_for):
    client = client_for(world.user("worker"))
    page = client.get(reverse("hardship_portal:index"))
    assert campaign.name in page.content.decode() and "申请" in page.content.decode()
    response = client.post(reverse("hardship_portal:apply", args=[campaign.pk]))
    application = Application.objects.get(worker=world.worker_a1)
    assert response["Location"] == reverse("hardship_portal:edit", args=[application.pk])
    edit = client.get(response["Location"]).content.decode()
    assert "谁能看到您的信息" in edit and "1170.00" in edit
    response = client.post(
        reverse("hardship_portal:edit", args=[application.pk]), _application_post(world.worker_a1)
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.household_size == 3 and application.per_capita == Decimal("833.33")
    assert application.category == 1 and application.consent_at is not None
    assert application.other_causes == ["child_in_school"]
    detail = client.get(reverse("hardship_portal:detail", args=[application.pk])).content.decode()
    assert "第1类" in detail and "低于最低生活保障线的150%" in detail
    assert "身份证复印件" in detail  # still missing
    client.post(
        reverse("hardship_portal:upload", args=[application.pk]),
        {"kind": "id_copy", "file": SimpleUploadedFile("id.png", PNG)},
    )
    assert application.uploads.count() == 1
    client.post(reverse("hardship_portal:act", args=[application.pk]), {"action": "submit"})
    assert Application.objects.get(pk=application.pk).state == "submitted"


def test_the_edit_form_refuses_an_invalid_member_id_number_and_keeps_the_draft(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "draft")
    client = client_for(world.user("worker"))
    response = client.post(
        reverse("hardship_portal:edit", args=[application.pk]),
        _application_post(world.worker_a1, id_number="110105199001010000"),
    )
    assert response.status_code == 200
    assert "身份证号无效" in response.content.decode()
    assert application.members.count() == 3 and HouseholdMember.objects.filter(name="王芳").count() == 0


def test_a_worker_cannot_upload_a_disguised_file(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "draft")
    client = client_for(world.user("worker"))
    response = client.post(
        reverse("hardship_portal:upload", args=[application.pk]),
        {"kind": "diagnosis", "file": SimpleUploadedFile("诊断.pdf", b"<?php echo 1; ?>" * 10)},
        follow=True,
    )
    assert "只接受PDF、JPG和PNG文件" in response.content.decode()
    assert not Upload.objects.exists()


def test_a_worker_sees_only_own_applications(world, campaign, client_for):
    other = application_in(campaign, world.worker_a2, "submitted")
    client = client_for(world.user("worker"))
    assert client.get(reverse("hardship_portal:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("hardship_portal:edit", args=[other.pk])).status_code == 404


def test_a_worker_sees_the_status_change_and_reason_of_a_return(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    client_for(world.user("officer")).post(
        reverse("hardship:application_act", args=[application.pk]),
        {"action": "return", "comment": "缺少户口本复印件"},
    )
    client = client_for(world.user("worker"))
    index = client.get(reverse("hardship_portal:index")).content.decode()
    assert "退回补充材料" in index and "缺少户口本复印件" in index
    detail = client.get(reverse("hardship_portal:detail", args=[application.pk])).content.decode()
    assert "缺少户口本复印件" in detail and "重新提交" in detail


def test_members_of_the_enterprise_see_the_notice_without_sensitive_data(world, campaign, client_for):
    application = application_in(campaign, world.worker_a2, "on_notice", description="肝癌晚期")
    client = client_for(world.user("worker"))
    page = client.get(reverse("hardship_portal:notices")).content.decode()
    assert "李四" in page and "甲二分会" in page
    assert world.worker_a2.id_number not in page and "肝癌" not in page and "900.00" not in page
    assert str(application.per_capita) not in page


# --- the officer -----------------------------------------------------------------------------------


def test_the_officer_list_masks_id_numbers_and_the_detail_logs_each_view(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    client = client_for(world.user("officer"))
    page = client.get(reverse("hardship:campaign_detail", args=[campaign.pk])).content.decode()
    assert world.worker_a1.masked_id_number in page and world.worker_a1.id_number not in page
    detail = client.get(reverse("hardship:application_detail", args=[application.pk])).content.decode()
    assert world.worker_a1.id_number not in detail and "审核通过" in detail
    client.get(reverse("hardship:application_detail", args=[application.pk]))
    logs = AccessLog.objects.filter(
        object_type="hardship.application", object_id=str(application.pk), kind="view"
    )
    assert logs.count() == 2 and logs.first().user == world.user("officer")
    log_page = client.get(reverse("hardship:access_log")).content.decode()
    assert str(application) in log_page
    assert (
        client_for(world.user("officer_b"))
        .get(reverse("hardship:access_log"))
        .content.decode()
        .count(str(application))
        == 0
    )


def test_an_officer_approves_and_publishes_through_the_pages(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    client = client_for(world.user("officer"))
    url = reverse("hardship:application_act", args=[application.pk])
    client.post(url, {"action": "approve"})
    response = client.post(url, {"action": "approve"}, follow=True)  # a double click
    assert "无法“审核通过”（可能有人刚刚已处理）" in response.content.decode()
    client.post(url, {"action": "publish"})
    application.refresh_from_db()
    assert application.state == "on_notice" and application.notice_start == timezone.localdate()
    assert Transition.objects.filter(application=application).count() == 2


def test_a_return_without_a_reason_is_refused_on_the_page(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    response = client_for(world.user("officer")).post(
        reverse("hardship:application_act", args=[application.pk]),
        {"action": "return", "comment": ""},
        follow=True,
    )
    assert "请填写“退回补充材料”的理由；未做任何更改。" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "submitted"


def test_a_branch_officer_enters_a_paper_application(world, campaign, client_for):
    client = client_for(world.user("branch"))
    response = client.post(
        reverse("hardship:paper_new"), {"campaign": campaign.pk, "id_number": world.worker_a1.id_number}
    )
    application = Application.objects.get(worker=world.worker_a1)
    assert application.entered_on_paper and response["Location"] == reverse(
        "hardship:application_edit", args=[application.pk]
    )
    client.post(
        reverse("hardship:application_edit", args=[application.pk]), _application_post(world.worker_a1)
    )
    client.post(reverse("hardship:application_act", args=[application.pk]), {"action": "submit"})
    assert Application.objects.get(pk=application.pk).state == "submitted"
    # a worker outside the branch officer's subtree is not found
    response = client.post(
        reverse("hardship:paper_new"), {"campaign": campaign.pk, "id_number": world.worker_a2.id_number}
    )
    assert response.status_code == 200 and "没有该身份证号的职工" in response.content.decode()


def test_uploads_are_served_only_through_the_checked_view_and_logged(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    upload = Upload(
        application=application,
        kind="diagnosis",
        extension="png",
        original_name="诊断.png",
        content_type="image/png",
        size=len(PNG),
    )
    upload.file.save("x.png", io.BytesIO(PNG), save=False)
    upload.save()
    url = reverse("hardship:upload_download", args=[application.pk, upload.pk])
    response = client_for(world.user("officer")).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(kind="download", object_type="hardship.upload").count() == 1
    assert client_for(world.user("district")).get(url).status_code == 404  # not reported yet
    Application.objects.filter(pk=application.pk).update(state="reported")
    assert client_for(world.user("district")).get(url).status_code == 200
    assert client_for(world.user("officer_b")).get(url).status_code == 404


# --- documents ------------------------------------------------------------------------------------


def test_the_notice_pdf_lists_names_units_and_dates_in_chinese_but_no_sensitive_data(
    world, campaign, client_for
):
    application_in(campaign, world.worker_a1, "on_notice", description="肝癌晚期")
    response = client_for(world.user("officer")).get(
        reverse("hardship:notice_pdf", args=[campaign.pk, world.ent_a.pk])
    )
    text = pdf_text(response.content)
    assert "帮扶对象公示" in text and "张三" in text and "甲一分会" in text and "第1类" in text
    assert world.worker_a1.id_number not in text and "肝癌" not in text and "900" not in text


def test_attachment_1_pdf_and_xlsx_hold_the_file_form_with_masked_ids(world, campaign, client_for):
    application = application_in(campaign, world.worker_a1, "submitted")
    client = client_for(world.user("officer"))
    text = pdf_text(client.get(reverse("hardship:attachment1_pdf", args=[application.pk])).content)
    assert "困难职工档案表" in text and "张三" in text and "家庭成员" in text and "配偶" in text
    assert world.worker_a1.masked_id_number in text and world.worker_a1.id_number not in text
    response = client.get(reverse("hardship:attachment1_xlsx", args=[application.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row]
    assert "困难职工档案表（附件1）" in values and "张三" in values
    assert AccessLog.objects.filter(kind="export", object_id=str(application.pk)).count() == 2


def test_attachment_2_has_the_report_text_and_a_seal_space(world, campaign, client_for):
    application_in(campaign, world.worker_a1, "notice_ended")
    client = client_for(world.user("officer"))
    text = pdf_text(client.get(reverse("hardship:report_pdf", args=[campaign.pk, world.ent_a.pk])).content)
    assert "公示结果报告" in text and "附件2" in text and "企业工会（盖章）" in text and "张三" in text
    assert "第一类1户" in text.replace(" ", "")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("hardship:report_xlsx", args=[campaign.pk, world.ent_a.pk])).content)
    )
    values = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert "张三" in values and "甲一分会" in values


def test_exports_escape_formula_like_text(world, campaign, client_for):
    worker = WorkerFactory(branch=world.branch_a1, name="=HYPERLINK(1)")
    application_in(campaign, worker, "notice_ended")
    response = client_for(world.user("officer")).get(
        reverse("hardship:report_xlsx", args=[campaign.pk, world.ent_a.pk])
    )
    values = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        for c in row
    ]
    assert "'=HYPERLINK(1)" in values


# --- the district -------------------------------------------------------------------------------------


def test_the_district_balances_enterprises_flags_duplicates_and_decides_in_bulk(world, campaign, client_for):
    a = application_in(campaign, world.worker_a1, "reported")
    b = application_in(campaign, world.worker_b1, "reported", category=3)
    HouseholdMember.objects.create(
        application=b, relation="spouse", name="张三", id_number=world.worker_a1.id_number
    )
    client = client_for(world.user("district"))
    page = client.get(reverse("hardship:balance", args=[campaign.pk])).content.decode()
    assert "甲企业工会" in page and "乙企业工会" in page
    assert 'id="duplicates"' in page and world.worker_a1.masked_id_number in page
    assert world.worker_a1.id_number not in page
    response = client.post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [a.pk, b.pk], "decision": "reject", "reason": ""},
        follow=True,
    )
    assert "请填写理由" in response.content.decode()
    assert Application.objects.filter(state="reported").count() == 2
    client.post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [a.pk], "decision": "approve", "reason": ""},
    )
    client.post(
        reverse("hardship:balance_decide", args=[campaign.pk]),
        {"ids": [b.pk], "decision": "reject", "reason": "同一家庭重复申请"},
    )
    assert Application.objects.get(pk=a.pk).state == "district_approved"
    assert Application.objects.get(pk=b.pk).last_reason == "同一家庭重复申请"
    assert HardshipFile.objects.filter(worker=world.worker_a1, status="open").exists()
    response = client.post(
        reverse("hardship:application_relief", args=[a.pk]),
        {"form": "money", "amount": "1500", "delivered_on": "2026-12-28", "delivered_by": "区总工会"},
    )
    assert Relief.objects.get(application=a).amount == Decimal("1500")
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("hardship:balance_xlsx", args=[campaign.pk])).content)
    )
    summary = list(book["汇总"].iter_rows(values_only=True))
    row_a = next(r for r in summary if r[0] == "甲企业工会")
    assert row_a[1] == 1 and row_a[2] == 1500  # category 1: one family, 1,500 yuan
    detail = [c for r in book["申请"].iter_rows(values_only=True) for c in r]
    assert world.worker_a1.masked_id_number in detail and world.worker_a1.id_number not in detail
    assert AccessLog.objects.filter(kind="export").count() == 1


def test_the_district_does_not_see_applications_before_they_are_reported(world, campaign, client_for):
    application_in(campaign, world.worker_a1, "on_notice")
    page = (
        client_for(world.user("district"))
        .get(reverse("hardship:campaign_detail", args=[campaign.pk]))
        .content.decode()
    )
    assert "张三" not in page


def test_a_district_reviewer_creates_a_campaign_with_the_seed_deadline(world, client_for):
    client = client_for(world.user("district"))
    response = client.post(
        reverse("hardship:campaign_create"),
        {
            "name": "2027年元旦春节送温暖",
            "year": "2027",
            "line": "780",
            "deadline": "2027-12-30T17:30",
            "notice_days": "5",
        },
    )
    assert response.status_code == 302
    campaign = world.district.hardship_campaigns.get()
    local = timezone.localtime(campaign.deadline)
    assert (local.month, local.day, local.hour, local.minute) == (12, 30, 17, 30)
    assert str(local.tzinfo) == "Asia/Shanghai"
    page = client.get(reverse("hardship:campaign_detail", args=[campaign.pk])).content.decode()
    assert "1170.00" in page and "1560.00" in page and "2340.00" in page
    bad = client.post(
        reverse("hardship:campaign_create"),
        {"name": "x", "year": "2027", "line": "-1", "deadline": "2027-12-30T17:30", "notice_days": "0"},
    )
    assert bad.status_code == 200 and world.district.hardship_campaigns.count() == 1


def test_the_district_sets_the_line_and_deadline_and_the_limits_follow(world, campaign, client_for):
    url = reverse("hardship:campaign_edit", args=[campaign.pk])
    data = {
        "name": campaign.name,
        "line": "800",
        "deadline": "2026-12-29T12:00",
        "notice_days": "7",
        "version": campaign.version,
    }
    assert client_for(world.user("officer")).post(url, data).status_code == 403
    response = client_for(world.user("district")).post(url, data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.line == Decimal("800") and campaign.notice_days == 7 and campaign.year == 2026
    page = (
        client_for(world.user("officer"))
        .get(reverse("hardship:campaign_detail", args=[campaign.pk]))
        .content.decode()
    )
    assert "1200.00" in page and "1600.00" in page and "2400.00" in page


def test_hardship_files_are_reviewed_and_closed_through_the_pages(world, client_for):
    file = open_file_for(world.worker_a1)
    client_for(world.user("officer")).post(
        reverse("hardship:file_review", args=[file.pk]),
        {"on": "2026-12-01", "situation": "病情好转", "note": "走访"},
    )
    client_for(world.user("district")).post(
        reverse("hardship:file_close", args=[file.pk]), {"on": "2026-12-20", "reason": "子女就业，脱困"}
    )
    file.refresh_from_db()
    assert (
        file.situation == "病情好转" and file.status == "closed" and file.closed_on == dt.date(2026, 12, 20)
    )
    page = client_for(world.user("worker")).get(reverse("hardship_portal:index")).content.decode()
    assert "我的困难职工档案" in page and "已脱困" in page


# --- queries do not grow with rows -----------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["campaign", "balance", "files", "portal", "notices"])
def test_list_pages_do_not_grow_queries_with_rows(world, campaign, client_for, page):
    def add(n, state):
        for _ in range(n):
            worker = WorkerFactory(branch=world.branch_a1)
            application_in(campaign, worker, state)
            open_file_for(worker)

    state = "reported" if page == "balance" else "on_notice"
    role = {"balance": "district", "portal": "worker", "notices": "worker"}.get(page, "officer")
    url = {
        "campaign": reverse("hardship:campaign_detail", args=[campaign.pk]),
        "balance": reverse("hardship:balance", args=[campaign.pk]),
        "files": reverse("hardship:files"),
        "portal": reverse("hardship_portal:index"),
        "notices": reverse("hardship_portal:notices"),
    }[page]
    client = client_for(world.user(role))
    add(2, state)
    small = _queries(client, url)
    add(8, state)
    assert _queries(client, url) == small
