import pytest

from tests.conftest import build_world
from tests.factories import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_in_and_sees_dashboard_and_roster(page, live_server, login, shot):
    world = build_world()
    WorkerFactory.create_batch(4, branch=world.branch_a2, is_member=False, member_since=None)
    login("officer")
    assert page.url.endswith("/office/")
    assert page.locator("h1").first.inner_text() == "工作台"
    page.wait_for_selector("#rates-chart canvas")  # the ECharts bar chart rendered
    assert "甲二分会" in page.locator("#tree-table").inner_text()
    assert page.locator("#findings").inner_text().count("入会率") >= 1  # the unit below target is listed
    assert page.locator("#tree-table tr[data-below='1']").count() >= 1
    assert "乙企业工会" not in page.content()
    shot("office-dashboard")

    page.click("nav >> text=花名册")
    page.wait_for_selector("#roster-table")
    table = page.locator("#roster-table").inner_text()
    assert "张三" in table and "李四" in table and "王五" not in table
    assert world.worker_a1.masked_id_number in table and world.worker_a1.id_number not in table
    page.select_option("select[name=is_member]", "false")
    page.click("#roster-filter button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#roster-table tbody tr").count() == 4
    shot("office-roster")


def test_worker_sees_own_profile_on_a_phone(browser, live_server, shot):
    build_world()
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "worker")
    page.fill("input[name=password]", "unionhome-test-pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")
    assert "2015-06-01入会" in page.locator("#membership").inner_text()
    assert "*" in page.locator("#my-id").inner_text()
    page.screenshot(path="test-artifacts/portal-profile.png", full_page=True)
    context.close()
