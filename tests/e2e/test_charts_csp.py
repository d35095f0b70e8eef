"""Every chart of the site, hovered by every role that sees it, raises no CSP violation and no
console error (ECharts' tooltips are drawn without inline styles: ``static/js/charts.js``)."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from branches.models import Appointment
from tests.conftest import _insert_rows
from unionhome.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "unionhome-demo"
ROLES = ("admin", "district", "officer", "officer_b", "branch")
# Pages with a chart and no object of their own.
FIXED_PAGES = (
    "branches:dashboard",
    "branches:term_calendar",
    "democracy:overview",
    "branches:funds_overview",
    "assessment:overview",
    "democracy:contest_list",
)
# Pages with a chart for one object: (a list that links to them, the page).
DETAIL_PAGES = (
    ("democracy:evaluation_list", "democracy:evaluation_detail"),
    ("democracy:survey_list", "democracy:survey_detail"),
    ("assessment:index", "assessment:assessment_detail"),
    ("assessment:overview", "assessment:unit"),
    ("assessment:round_list", "assessment:round_detail"),
    ("hardship:index", "hardship:campaign_detail"),
)
HOVER_GRID = [(x / 10, y / 10) for x in (1, 3, 5, 7, 9) for y in (2, 5, 8)]

# Before any page script: record every CSP violation of the document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`.trim());
});
"""
# Count, per chart, the tooltips ECharts shows (so that a hover that shows nothing cannot pass).
COUNT_TOOLTIPS = """
() => {
  window.__tips = [];
  document.querySelectorAll("[data-chart]").forEach((el, i) => {
    window.__tips[i] = 0;
    window.echarts.getInstanceByDom(el).on("showTip", () => { window.__tips[i] += 1; });
  });
  return document.querySelectorAll("[data-chart]").length;
}
"""


@pytest.fixture
def demo_committed(demo_snapshot, settings) -> None:
    """The demo data (``demo_data``), committed for the live server: inserted in one transaction,
    as the tables come in no particular order and their foreign keys are checked at commit."""
    models = [
        m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in demo_snapshot.tables
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in demo_snapshot.tables.items():
            _insert_rows(cursor, table, columns, rows)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    if any(demo_snapshot.media.iterdir()):
        shutil.copytree(demo_snapshot.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


def _detail_pattern(name: str) -> re.Pattern:
    return re.compile(re.escape(reverse(name, args=[987654321])).replace("987654321", r"\d+"))


def _own_unit(user: User) -> str | None:
    appointment = Appointment.objects.filter(user=user).select_related("branch").first()
    return reverse("assessment:unit", args=[appointment.branch.pk]) if appointment else None


def chart_pages(user: User) -> list[str]:
    """The pages with a chart this user may open: the fixed ones, and the first object of each
    kind that the lists show them (plus their own unit)."""
    client = Client()
    client.force_login(user)
    candidates = [reverse(name) for name in FIXED_PAGES]
    for list_name, detail_name in DETAIL_PAGES:
        listing = client.get(reverse(list_name))
        if listing.status_code == 200:
            found = _detail_pattern(detail_name).search(listing.content.decode())
            if found:
                candidates.append(found.group(0))
    if own := _own_unit(user):
        candidates.append(own)
    pages = []
    for url in dict.fromkeys(candidates):
        response = client.get(url)
        if response.status_code == 200 and 'data-chart="' in response.content.decode():
            pages.append(url)
    return pages


def _record_error(errors: list[str], msg) -> None:
    # The site has no favicon: the browser's own request for /favicon.ico is not a page's error.
    if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico"):
        errors.append(f"{msg.text} ({msg.location.get('url')})")


@pytest.mark.usefixtures("demo_committed")
@pytest.mark.parametrize("role", ROLES)
def test_hovering_every_chart_breaks_no_csp_rule(role, browser, live_server):
    pages = chart_pages(User.objects.get(username=role))
    assert reverse("branches:dashboard") in pages
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: _record_error(errors, msg))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{role} could not log in"

    problems: dict[str, list[str]] = {}
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        charts = page.locator("[data-chart]")
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-chart]')].every((el) => el.querySelector('canvas'))"
        )
        assert page.evaluate(COUNT_TOOLTIPS) == charts.count()
        for i in range(charts.count()):
            charts.nth(i).scroll_into_view_if_needed()
            box = charts.nth(i).locator("canvas").first.bounding_box()
            for fx, fy in HOVER_GRID:
                page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
                page.wait_for_timeout(40)
            page.mouse.move(0, 0)
        tips = page.evaluate("() => window.__tips")
        assert all(n > 0 for n in tips), f"{url}: a chart showed no tooltip when hovered ({tips})"
        found = page.evaluate("() => window.__cspViolations") + errors
        if found:
            problems[url] = dict(Counter(found))
        errors.clear()
    context.close()
    assert not problems, f"{role}: CSP violations or console errors while hovering charts: {problems}"
