"""The ranking overview (总览与排名) in the browser: a district reviewer goes to the next keyset page
and back, the ranks continuing across the pages."""

import datetime as dt

import pytest

from assessment import services
from assessment.selectors import ranking as ranking_module
from tests.assessment.conftest import small_spec
from tests.assessment.test_ranking import _accepted
from tests.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rows(page) -> list[tuple[str, str]]:
    """(rank, unit) of each row of the ranking table shown."""
    cells = page.locator("#ranking tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].innerText.trim(), r.cells[1].innerText.trim()])"
    )
    return [tuple(c) for c in cells]


def test_a_district_reviewer_pages_the_ranking_forward_and_back(page, live_server, login, shot, monkeypatch):
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 2)
    world = build_world()
    standard = services.standard_save(actor=world.users["district"], spec=small_spec())
    year = dt.date.today().year
    for branch, total in ((world.branch_a1, "91.0"), (world.branch_a2, "95.5"), (world.branch_b1, "88.0")):
        a = services.assessment_create(
            actor=world.users["admin"],
            branch=branch,
            standard=standard,
            period_kind="quarterly",
            year=year,
            number=4,
        )
        _accepted(a, total)

    login("district")
    page.goto(f"{live_server.url}/office/assessment/overview/?year={year}")
    assert _rows(page) == [("1", "甲二分会"), ("2", "甲一分会")]
    page.click("#ranking-pages a[rel=next]")
    page.wait_for_url("**cursor=**")
    assert _rows(page) == [("3", "乙一分会"), ("—", "甲企业工会")]  # the ranks continue, unranked follow
    assert f"year={year}" in page.url
    shot("assessment-ranking-second-page")
    page.click("#ranking-pages a[rel=prev]")
    page.wait_for_load_state()
    assert _rows(page) == [("1", "甲二分会"), ("2", "甲一分会")]
