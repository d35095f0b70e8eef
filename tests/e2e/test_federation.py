"""The federation dashboard in a browser: the city reviewer drills down two levels in place (htmx,
under the Content-Security-Policy), searches a unit, and the chart's target label stays inside."""

import pytest

from branches.models import CounterDelta
from tests.branches.federation import build_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TARGET_LABEL = """() => {
  const option = window.echarts.getInstanceByDom(document.querySelector("#rates-chart")).getOption();
  return option.series[0].markLine.label.position;
}"""


def test_the_city_reviewer_drills_down_two_levels(page, live_server, login, shot):
    build_city()
    login("city")
    assert page.url.endswith("/office/")
    table = page.locator("#tree-table")
    assert "东区总工会" in table.inner_text() and "东区一厂工会" not in table.inner_text()
    page.wait_for_selector("#rates-chart canvas")
    assert page.evaluate(TARGET_LABEL) == "insideEndTop"

    page.click("[data-expand='D1']")
    page.wait_for_selector("#unit-E1")
    assert page.locator("#unit-E1").get_attribute("data-level") == "1"
    assert page.locator("[data-expand='D1']").count() == 0  # opened: no second request
    page.click("[data-expand='E1']")
    page.wait_for_selector("#unit-E1B")
    assert page.locator("#unit-E1B").get_attribute("data-level") == "2"
    assert "西区二厂工会" not in table.inner_text()  # the other district stays closed
    assert page.url.endswith("/office/")  # drilled down in place
    shot("federation-dashboard-drilled")

    page.fill("#unit-q", "二厂")
    page.click("#unit-search button[type=submit]")
    page.wait_for_selector("#unit-E2")
    assert "西区二厂工会" in page.locator("#tree-table").inner_text()
    assert "东区一厂工会" not in page.locator("#tree-table").inner_text()


def test_a_worker_added_by_an_enterprise_is_on_the_city_dashboard_at_once(page, live_server, login, shot):
    """The enterprise's officer adds a worker in the form; the city reviewer's dashboard counts it
    on the next load, before any fold of the counter changes (docs/SCALING.md, "Dashboards at any
    size")."""
    world = build_city()
    login("e1")
    page.goto(f"{live_server.url}/office/roster/add/")
    form = page.locator("form:has(input[name=id_number])")
    form.locator("input[name=name]").fill("新来的职工")
    form.locator("select[name=gender]").select_option("F")
    form.locator("input[name=id_number]").fill("110105199003076144")
    form.locator("select[name=branch]").select_option(str(world.e1b.pk))
    form.locator("[type=submit][name=submit]").click()
    page.wait_for_load_state()
    assert "/office/roster/" in page.url and "/add/" not in page.url
    assert CounterDelta.objects.filter(branch=world.e1b).exists()  # pending, not folded

    page.context.clear_cookies()
    login("city")
    workers = page.locator("div.border.rounded", has_text="职工数").first
    assert workers.inner_text().split()[-1] == "4"  # the three of the world and the new one
    women = page.locator("div.border.rounded", has_text="女职工数").first
    assert women.inner_text().split()[-1] == "2"
    shot("federation-dashboard-counts-a-new-worker")
