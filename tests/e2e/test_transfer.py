import pytest

from branches.models import Worker
from tests.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_transfers_a_worker_to_another_enterprise_and_officer_b_accepts(
    page, live_server, login, shot
):
    world = build_world()
    worker = world.worker_a1

    login("officer")
    page.goto(f"{live_server.url}/office/roster/{worker.pk}/")
    page.click("text=会员关系转接")
    page.select_option("select[name=to_unit]", str(world.ent_b.pk))
    page.fill("input[name=reason]", "调入乙企业工作")
    shot("transfer-start")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "待接收工会确认" in page.locator("#transfer-state").inner_text()
    shot("transfer-requested")
    transfer_url = page.url
    page.context.clear_cookies()

    login("officer_b")
    page.click("nav >> text=会员转接")
    assert "张三" in page.locator("#transfer-table").inner_text()
    page.goto(transfer_url)
    page.select_option("select[name=to_branch]", str(world.branch_b1.pk))
    shot("transfer-accept")
    page.click("input[type=submit][value=接收]")
    page.wait_for_load_state()
    assert "已接收" in page.locator("#transfer-state").inner_text()

    page.goto(f"{live_server.url}/office/roster/?branch={world.ent_b.pk}")
    table = page.locator("#roster-table").inner_text()
    assert "张三" in table
    page.click("#roster-table >> text=张三")
    page.wait_for_load_state()
    assert "2015-06-01" in page.content()  # the old membership date is kept
    assert "乙一分会" in page.content()
    shot("transfer-new-roster")
    assert Worker.objects.get(pk=worker.pk).branch_id == world.branch_b1.pk


def test_worker_confirms_their_member_information_on_a_phone(browser, live_server, shot):
    world = build_world()
    Worker.objects.filter(pk=world.worker_a1.pk).update(
        ethnic_group="01", political_status="13", education="30"
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "worker")
    page.fill("input[name=password]", "unionhome-test-pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")
    facts = page.locator("#my-facts").inner_text()
    assert "汉族" in facts and "群众" in facts and "大学专科" in facts
    page.click("#confirm-button")
    page.wait_for_load_state()
    assert "您已于" in page.locator("#confirmation").inner_text()
    page.screenshot(path="test-artifacts/portal-confirmed.png", full_page=True)
    assert Worker.objects.get(pk=world.worker_a1.pk).confirmed_on is not None
    context.close()
