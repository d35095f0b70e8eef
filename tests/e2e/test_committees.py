import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from branches.models import Committee, CommitteeSeat, FundsPayment, FundsRemittance, Term, WorkshopPost
from tests.conftest import build_world
from tests.factories import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_sees_findings_and_records_an_election(page, live_server, login, shot):
    world = build_world()
    today = timezone.localdate()
    WorkerFactory.create_batch(50, branch=world.branch_a1, gender="F")
    union = Committee.objects.create(branch=world.ent_a, kind="union")
    Term.objects.create(
        committee=union, number=1, elected_on=today - dt.timedelta(days=1900), start=today - dt.timedelta(days=1900),
        end=today - dt.timedelta(days=2),
    )  # fmt: skip
    WorkshopPost.objects.create(branch=world.branch_a1, post="publicity")
    remittance = FundsRemittance.objects.create(
        branch=world.ent_a, year=today.year, amount_due=Decimal(100), due_on=today - dt.timedelta(days=10)
    )
    FundsPayment.objects.create(
        remittance=remittance, amount=Decimal(40), paid_on=today - dt.timedelta(days=20)
    )

    login("officer")
    findings = page.locator("#findings").text_content()  # grouped by kind, the first of each
    assert "换届已逾期2天" in findings and "未建立女职工委员会" in findings
    assert "工会经费欠缴" in findings and "车间岗位空缺" in findings
    shot("committees-dashboard")

    page.goto(f"{live_server.url}/office/branches/{world.ent_a.pk}/")
    assert "未选举产生经费审查委员会" in page.locator("#unit-findings").inner_text()
    page.click("#unit-findings a >> nth=0")  # each finding links to the page that fixes it
    page.wait_for_load_state()
    assert page.url.endswith(f"/office/branches/{world.ent_a.pk}/committees/")
    page.click(f"a[href='/office/committees/{union.pk}/terms/add/']")
    page.fill("input[name=elected_on]", (today - dt.timedelta(days=1)).isoformat())
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert "已登记换届选举：" in page.content()
    assert "第2届" in page.content()
    page.click(f"a[href='/office/terms/{union.terms.get(number=2).pk}/seats/add/']")
    page.locator(".ts-control input").first.fill("张三")  # the people picker searches the roster
    page.locator(".ts-dropdown .option", has_text="张三").click()
    page.select_option("select[name=position]", "chair")
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert CommitteeSeat.objects.filter(worker=world.worker_a1, position="chair").exists()
    shot("committees-unit")


def test_worker_sees_their_union_on_a_phone(browser, live_server):
    world = build_world()
    today = timezone.localdate()
    union = Committee.objects.create(branch=world.ent_a, kind="union")
    term = Term.objects.create(
        committee=union, number=1, elected_on=today, start=today, end=today + dt.timedelta(days=1800)
    )
    CommitteeSeat.objects.create(term=term, worker=world.worker_a2, position="chair", start=today)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "worker")
    page.fill("input[name=password]", "unionhome-test-pw")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/portal/committees/")
    assert "主席：李四" in page.locator("main").inner_text()
    page.screenshot(path="test-artifacts/portal-committees.png", full_page=True)
    context.close()
