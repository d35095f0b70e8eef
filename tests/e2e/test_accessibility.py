"""WCAG 2.1 AA: every page of every role passes axe-core with no serious or critical violation.

The pages are those of the permission tables (``tests/<app>/permissions.py``) that answer a GET
with 200 for the role, with their objects built in one test world. Each page is also saved as a
screenshot, ``test-artifacts/screenshots/<role>/<page>.png`` (1280 px wide; the worker's pages
again at 390 px in ``worker-phone/``), so a reviewer can look at every page after a change.

axe-core is vendored in ``tests/e2e/vendor/`` (a test asset, never served) and injected into each
document by the browser itself, outside the page's Content-Security-Policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import build_world
from tests.e2e.conftest import ARTIFACTS
from tests.permission_table import ROLES
from tests.test_permission_crawler import TABLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PASSWORD = "unionhome-test-pw"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
FAILING_IMPACTS = {"serious", "critical"}
# The rules of WCAG 2.0/2.1, levels A and AA.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# Pages a visitor sees without an account (the permission tables cover the signed-in pages).
PUBLIC = {"login": "/accounts/login/"}
# URL names of files (PDF, .xlsx, uploads), not pages; a download these miss is skipped on opening.
DOWNLOAD = re.compile(r"(pdf|xlsx|export|download|attachment|sheet|template|_report)$")
# Endpoints answering JSON to a script (the people pickers), not pages.
JSON_ENDPOINTS = {"pick"}
# A fragment htmx swaps into a page has no <html> of its own to carry a title and a language.
FRAGMENT_RULES = {"document-title": {"enabled": False}, "html-has-lang": {"enabled": False}}


def _pages(world, role: str) -> dict[str, str]:
    """Page name → URL of every GET page the permission tables open (200) to the role."""
    pages = dict(PUBLIC) if role == "anonymous" else {}
    for name in sorted(TABLE):
        entry = TABLE[name]
        if entry.method != "get" or role not in entry.roles or entry.expect[role] != 200:
            continue
        if DOWNLOAD.search(name) or name in JSON_ENDPOINTS:
            continue
        with transaction.atomic():
            pages[name.replace(":", "-")] = entry.url(name, world)
    return pages


def _check(page, url: str) -> list[str] | None:
    """Open the page and return its serious and critical axe violations, one line per node (None:
    the URL is a file, not a page)."""
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise
    if response is None or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    if response.status != 200:
        # the permission table promised a page; the walk says which it could not check
        print(f"{url}: {response.status}, checked as it answered")
    fragment = not response.text().lstrip().lower().startswith("<!doctype")
    return violations(page, fragment=fragment)


def violations(page, *, fragment: bool = False) -> list[str]:
    """The serious and critical axe violations of the page as it is now, one line per element."""
    options = dict(AXE_OPTIONS)
    if fragment:
        options["rules"] = FRAGMENT_RULES
    page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", options)
    url = page.url
    lines = []
    for violation in result["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{violation['impact']} {violation['id']} on {url}: {' '.join(map(str, node['target']))}"
                f" — {node['failureSummary'].splitlines()[-1].strip()} :: {node['html'][:160]}"
            )
    return lines


def _walk(browser, live_server, role: str, viewports: dict[str, dict]) -> list[str]:
    world = build_world()
    pages = _pages(world, role)
    problems: list[str] = []
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        if role != "anonymous":
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", role)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
        for folder, viewport in viewports.items():
            page.set_viewport_size(viewport)
            target = ARTIFACTS / "screenshots" / folder
            target.mkdir(parents=True, exist_ok=True)
            for name, path in pages.items():
                found = _check(page, live_server.url + path)
                if found is None:
                    continue
                problems += found
                page.screenshot(path=str(target / f"{name}.png"), full_page=True)
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_has_no_serious_accessibility_violation(role, browser, live_server):
    viewports = {role: DESKTOP}
    if role == "worker":
        viewports["worker-phone"] = PHONE
    problems = _walk(browser, live_server, role, viewports)
    assert not problems, f"{len(problems)} serious or critical axe violations:\n" + "\n".join(
        sorted(set(problems))
    )


def test_axe_is_vendored_with_its_licence():
    vendor = Path(__file__).parent / "vendor"
    assert re.match(r"/\*! axe v4\.\d+\.\d+", AXE)
    assert "Mozilla Public License" in (vendor / "axe-core.LICENSE").read_text(encoding="utf-8")


def test_icons_are_hidden_from_the_accessible_name():
    """An icon beside a word adds nothing a screen reader should read ("house heart 职工之家")."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    icon = re.compile(r"<i class=\"bi[^>]*>")
    bare = [
        f"{path.relative_to(templates)}: {tag}"
        for path in templates.rglob("*.html")
        for tag in icon.findall(path.read_text(encoding="utf-8"))
        if 'aria-hidden="true"' not in tag
    ]
    assert not bare, bare
