"""Browser test of the congress and proposal workflow (officer workspace and worker portal)."""

import pytest

from democracy.models import Proposal, Resolution
from tests.conftest import build_world
from tests.democracy.conftest import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_congress_session_and_proposal_from_submission_to_rating(page, live_server, login, shot):
    world = build_world()
    session = make_session(world)

    # the officer signs in the representatives, opens the session and records a resolution
    login("officer")
    page.goto(f"{live_server.url}/office/democracy/sessions/{session.pk}/")
    assert "未达到法定人数" in page.locator("#attendance").inner_text()
    page.click("#signin-link")
    for select in page.locator("#signin-form select").all():
        select.select_option("present")
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#open-session")
    assert "已达到法定人数" in page.locator("#attendance").inner_text()
    page.click("#open-session")
    page.wait_for_selector("#resolution-form")
    assert page.locator("#session-status").inner_text() == "会议进行中"
    form = page.locator("#resolution-form")
    form.locator("input[name=title]").fill("关于职工食堂改造方案的决议")
    form.locator("textarea[name=text]").fill("大会同意职工食堂改造方案。")
    form.locator("input[name=votes_for]").fill("5")
    form.locator("input[name=votes_against]").fill("1")
    form.locator("input[name=votes_abstain]").fill("0")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    table = page.locator("#resolution-table").inner_text()
    assert "关于职工食堂改造方案的决议" in table and "通过" in table
    assert Resolution.objects.get().passed is True
    shot("democracy-congress-session")

    # a representative submits a proposal with two co-signers in the portal
    page.context.clear_cookies()
    login("worker")
    page.goto(f"{live_server.url}/portal/democracy/")
    assert "职工代表" in page.locator("#my-seat").inner_text()
    page.click("#submit-proposal")
    page.select_option("select[name=kind]", "proposal")
    page.fill("input[name=title]", "增设夜班通勤班车")
    page.fill("textarea[name=content]", "夜班职工下班后没有公交车，建议增设通勤班车。")
    boxes = page.locator("input[name=cosigners]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.click("input[type=submit]")
    page.wait_for_selector("#proposal-state")
    assert page.locator("#proposal-state").inner_text() == "已提交"
    shot("democracy-portal-proposal")
    proposal = Proposal.objects.get()

    # the officer accepts, assigns and answers it
    page.context.clear_cookies()
    login("officer")
    page.goto(f"{live_server.url}/office/democracy/proposals/{proposal.pk}/")
    page.click("#act-accept button[type=submit]")
    page.wait_for_selector("#act-assign")
    page.fill("#act-assign input[name=department]", "后勤服务中心")
    page.fill("#act-assign input[name=due_date]", "2030-06-30")
    page.click("#act-assign button[type=submit]")
    page.wait_for_selector("#act-answer")
    page.fill("#act-answer textarea[name=answer]", "已开通夜班通勤班车，每晚零点发车。")
    page.click("#act-answer button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#proposal-state").inner_text() == "已答复"
    assert "后勤服务中心" in page.content()
    shot("democracy-proposal-answered")

    # the representative rates the answer
    page.context.clear_cookies()
    login("worker")
    page.goto(f"{live_server.url}/portal/democracy/proposals/{proposal.pk}/")
    assert "已开通夜班通勤班车" in page.locator("#proposal-answer").inner_text()
    page.click("#rate-form button[value=satisfied]")
    page.wait_for_load_state()
    assert page.locator("#proposal-state").inner_text() == "满意"
    proposal.refresh_from_db()
    assert proposal.state == "satisfied"
    assert list(proposal.transitions.values_list("to_state", flat=True)) == [
        "submitted", "accepted", "assigned", "answered", "satisfied",
    ]  # fmt: skip
    shot("democracy-proposal-rated")
