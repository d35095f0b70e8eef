import datetime as dt

import pytest

from hardship import services
from hardship.models import Application, Relief, Transition
from tests.conftest import build_world
from tests.e2e.test_accessibility import violations
from tests.hardship.factories import campaign_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    + b"\x00" * 32
)
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def _as(page, login, username, viewport):
    page.context.clear_cookies()
    page.set_viewport_size(viewport)
    login(username)


def _upload(page, kind, name):
    page.select_option("#upload-form select[name=kind]", kind)
    page.set_input_files(
        "#upload-form input[name=file]", files=[{"name": name, "mimeType": "image/png", "buffer": PNG}]
    )
    page.click("#upload-form button[type=submit]")
    page.wait_for_load_state()


def test_the_whole_hardship_path_from_application_to_relief(page, live_server, login, shot):
    world = build_world()
    campaign = campaign_for(world.district)
    page.on("dialog", lambda dialog: dialog.accept())

    # the worker applies on a phone, with an upload
    _as(page, login, "worker", PHONE)
    page.goto(f"{live_server.url}/portal/hardship/")
    page.click(f"#apply-{campaign.pk}")
    page.wait_for_selector("#application-form")
    page.select_option("select[name='app-marital_status']", "married")
    page.select_option("select[name='app-primary_cause']", "major_illness")
    page.check("input[name='app-other_causes'][value='child_in_school']")
    page.fill("textarea[name='app-description']", "爱人患病住院，孩子上学。")
    page.fill("input[name='m-0-monthly_income']", "1500")
    page.select_option("select[name='m-1-relation']", "spouse")
    page.fill("input[name='m-1-name']", "王芳")
    page.fill("input[name='m-1-monthly_income']", "1000")
    page.check("input[name='m-1-ill']")
    page.click("#add-member")
    page.select_option("select[name='m-2-relation']", "child")
    page.fill("input[name='m-2-name']", "张小明")
    page.fill("input[name='m-2-monthly_income']", "0")
    page.check("input[name='m-2-in_school']")
    page.check("input[name='app-consent']")
    shot("hardship-01-worker-form")
    page.click("#save")
    page.wait_for_selector("#category-reason")
    assert "低于最低生活保障线的150%" in page.locator("#category-reason").inner_text()
    _upload(page, "id_copy", "身份证.png")
    assert "身份证复印件" in page.locator("#uploads").inner_text()
    page.click("#actions button[value=submit]")
    page.wait_for_load_state()
    assert page.locator("#state").inner_text() == "已提交"
    shot("hardship-02-worker-submitted")
    application = Application.objects.get(worker=world.worker_a1)

    # the officer returns it for a missing document
    _as(page, login, "officer", DESK)
    page.goto(f"{live_server.url}/office/hardship/campaigns/{campaign.pk}/")
    assert world.worker_a1.masked_id_number in page.locator("#applications").inner_text()
    page.click("#applications >> text=张三")
    page.wait_for_selector("#act")
    assert "户口本复印件" in page.locator("#missing").inner_text()
    page.fill("#comment", "请补交户口本复印件")
    page.click("#act button[value=return]")
    page.wait_for_load_state()
    assert page.locator("#state").inner_text() == "退回补充材料"
    shot("hardship-03-officer-returned")

    # the worker sees the reason, uploads the document and resubmits
    _as(page, login, "worker", PHONE)
    page.goto(f"{live_server.url}/portal/hardship/")
    assert "请补交户口本复印件" in page.locator("#my-applications").inner_text()
    page.click("#my-applications a")
    assert "请补交户口本复印件" in page.locator("#reason").inner_text()
    _upload(page, "household_register", "户口本.png")
    page.click("#actions button[value=resubmit]")
    page.wait_for_load_state()
    assert page.locator("#state").inner_text() == "已提交"

    # the officer approves and publishes the notice
    _as(page, login, "officer", DESK)
    page.goto(f"{live_server.url}/office/hardship/applications/{application.pk}/")
    page.click("#act button[value=approve]")
    page.wait_for_load_state()
    page.click("#act button[value=publish]")
    page.wait_for_load_state()
    assert page.locator("#state").inner_text() == "公示中"
    page.goto(
        f"{live_server.url}/office/hardship/campaigns/{campaign.pk}/enterprises/{world.ent_a.pk}/notice/"
    )
    notice = page.locator("#notice-table").inner_text()
    assert "张三" in notice and "甲一分会" in notice and world.worker_a1.id_number not in notice
    shot("hardship-04-public-notice")

    # the notice period ends (the scheduler's daily run, on the day after its last day)
    application.refresh_from_db()
    assert services.end_due_notices(today=application.notice_end + dt.timedelta(days=1)) == 1

    # the officer reports to the district
    page.goto(f"{live_server.url}/office/hardship/campaigns/{campaign.pk}/")
    page.click(f"#report-{world.ent_a.code}")
    page.wait_for_load_state()
    assert Application.objects.get(pk=application.pk).state == "reported"

    # the district approves in the balancing view and records the relief
    _as(page, login, "district", DESK)
    page.goto(f"{live_server.url}/office/hardship/campaigns/{campaign.pk}/balance/")
    assert "甲企业工会" in page.locator("#balance-summary").inner_text()
    page.check(f"#decide input[name=ids][value='{application.pk}']")
    page.select_option("#decision", "approve")
    shot("hardship-05-district-balancing")
    page.click("#decide button[type=submit]")
    page.wait_for_load_state()
    assert Application.objects.get(pk=application.pk).state == "district_approved"
    page.goto(f"{live_server.url}/office/hardship/applications/{application.pk}/relief/")
    page.select_option("select[name=form]", "money")
    page.fill("input[name=amount]", "2000")
    page.fill("input[name=delivered_by]", "区总工会 王主席")
    assert page.input_value("input[name=delivered_on]")  # today, in the date picker's own format
    page.click("main input[name=submit]")
    page.wait_for_load_state()
    assert Relief.objects.get(application=application).amount == 2000

    # the worker sees the outcome
    _as(page, login, "worker", PHONE)
    page.goto(f"{live_server.url}/portal/hardship/{application.pk}/")
    assert page.locator("#state").inner_text() == "已帮扶"
    assert "2,000.00元" in page.locator("#relief").inner_text()  # the money filter: separators, 元
    assert page.locator("#reason").count() == 0  # the return's reason belongs to the history now
    assert "请补交户口本复印件" in page.locator("#history").inner_text()
    shot("hardship-06-worker-outcome")
    assert [t.to_state for t in Transition.objects.filter(application=application)] == [
        "submitted", "returned", "submitted", "approved", "on_notice", "notice_ended", "reported",
        "district_approved", "relief_delivered",
    ]  # fmt: skip


def test_the_application_form_on_a_phone(page, live_server, login, shot):
    """390 px: members added and removed, the error summary focused and linked, the upload preview."""
    world = build_world()
    campaign = campaign_for(world.district)
    _as(page, login, "worker", PHONE)
    page.goto(f"{live_server.url}/portal/hardship/")
    page.click(f"#apply-{campaign.pk}")
    page.wait_for_selector("#application-form")
    assert "填写全部家庭成员的月收入后" in page.locator("#category-preview").inner_text()
    # add five members, remove one
    page.fill("input[name='m-0-monthly_income']", "1500")
    for i, name in enumerate(["王芳", "张大", "张二", "张三妹", "张四"], start=1):
        if i > 1:
            page.click("#add-member")
        page.select_option(f"select[name='m-{i}-relation']", "spouse" if i == 1 else "child")
        page.fill(f"input[name='m-{i}-name']", name)
        page.fill(f"input[name='m-{i}-monthly_income']", "0")
    assert page.locator("input[name='m-TOTAL_FORMS']").input_value() == "6"
    assert page.locator(".member-card:visible").count() == 6
    page.locator(".member-card").nth(4).locator(".js-remove-member").click()
    assert page.locator(".member-card:visible").count() == 5
    assert page.locator(".member-card:visible .member-title").nth(4).inner_text() == "家庭成员5"
    # the page fits the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # a missing income: one summary at the top, focused, its link moves to the field
    page.fill("input[name='m-2-monthly_income']", "")
    page.select_option("select[name='app-primary_cause']", "major_illness")
    page.check("input[name='app-consent']")
    page.click("#save")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    # the removed member stays removed, and the rows keep the numbers the summary gives them
    assert page.locator(".member-card:visible").count() == 5
    assert "家庭成员3 · 月收入" in page.locator("#error-summary").inner_text()
    assert page.locator(".member-card:visible .member-title").nth(2).inner_text() == "家庭成员3"
    assert not violations(page), violations(page)
    shot("hardship-phone-01-error-summary")
    page.click("#error-summary a[href='#id_m-2-monthly_income']")
    assert page.evaluate("document.activeElement.name") == "m-2-monthly_income"
    page.fill("input[name='m-2-monthly_income']", "0")
    page.click("#save")
    page.wait_for_selector("#category-reason")
    names = [m.name for m in Application.objects.get(worker=world.worker_a1).members.all()]
    assert names == ["张三", "王芳", "张大", "张二", "张四"]
    # the upload shows the chosen file's name, size and a thumbnail before it is sent
    page.set_input_files(
        "#upload-form input[name=file]",
        files=[{"name": "户口本.png", "mimeType": "image/png", "buffer": PNG}],
    )
    page.wait_for_selector("#upload-preview img.upload-thumb")
    assert "户口本.png · 1 KB" in page.locator("#upload-preview").inner_text()
    shot("hardship-phone-02-upload-preview")
    assert not violations(page), violations(page)
