"""The federation dashboard in a browser: the city reviewer drills down two levels in place (htmx,
under the Content-Security-Policy), searches a unit, and the chart's target label stays inside."""

import pytest

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
