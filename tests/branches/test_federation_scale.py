"""A federation's pages at any size: a unit's figures from one SUM along its path (equal to the
roll-up of its subtree), and the dashboard, its drill-down, the findings list and the unit page
loading a bounded number of units and queries, whatever the size of the tree."""

import contextlib
import traceback
from pathlib import Path

import pytest
from django.db.models.signals import post_init
from django.test import RequestFactory
from django.urls import reverse

from branches import selectors, services
from branches.models import Branch
from branches.selectors import federation
from branches.views.dashboard import FINDINGS_PAGE_SIZE, PAGE_SIZE
from branches.views.tree import CHILDREN_PAGE_SIZE
from ledgers import selectors as ledgers_selectors
from tests.branches.federation import build_province
from unionhome.models import User

pytestmark = pytest.mark.django_db


def _figures(row) -> tuple:
    return (
        row.branch.pk,
        row.total,
        row.own,
        row.enrolment_rate,
        row.card_issuance_rate,
        row.enrolment_ok,
        row.cards_ok,
        row.women_body,
    )


def test_a_units_figures_and_its_childrens_equal_the_roll_up_of_its_subtree(demo_data):
    admin = User.objects.get(username="admin")
    closed = Branch.objects.filter(kind="group").order_by("path").last()  # a closed unit counts too
    closed.is_active, closed.closed_on = False, "2026-01-01"  # with its workers: through the admin
    closed.save()
    rolled = {r.branch.pk: r for r in selectors.tree_stats(admin, include_closed=True)}
    units = list(Branch.objects.order_by("path"))
    assert len(units) == len(rolled) > 40
    for unit in units:
        assert _figures(selectors.stats_of(admin, unit)) == _figures(rolled[unit.pk])
        below = [
            r
            for r in selectors.tree_stats(admin, unit, include_closed=True)
            if r.branch.depth == unit.depth + 1
        ]
        level = federation.LevelRows(unit, "path", include_closed=True).page(
            RequestFactory().get("/"), size=999
        )
        assert [_figures(r) for r in level] == [_figures(r) for r in below]
        open_rows = federation.level_page(RequestFactory().get("/"), admin, unit, size=999)
        assert [_figures(r) for r in open_rows] == [
            _figures(r) for r in selectors.tree_stats(admin, unit) if r.branch.depth == unit.depth + 1
        ]


def test_a_level_sorted_by_a_figure_pages_in_the_order_of_the_whole_level(demo_data):
    admin = User.objects.get(username="admin")
    district = Branch.objects.get(code="D01")
    first = federation.level_page(RequestFactory().get("/"), admin, district, "-workers", size=2)
    rest = federation.level_page(RequestFactory().get(first.next_url), admin, district, "-workers", size=99)
    everything = federation.sort_rows(
        [r for r in selectors.tree_stats(admin, district) if r.branch.depth == district.depth + 1], "-workers"
    )
    assert len(everything) > 2 and not rest.has_next
    assert [r.branch.pk for r in first] + [r.branch.pk for r in rest] == [r.branch.pk for r in everything]


@contextlib.contextmanager
def _units_loaded():
    """How many ``Branch`` rows become objects inside the block, outside the ledgers' panel of the
    dashboard (its indicators read the workshops of the scope: docs/SCALING.md, "Findings")."""
    loaded = []
    ledgers = str(Path(ledgers_selectors.__file__).parent)

    def count(sender, **kwargs):
        if not any(frame.filename.startswith(ledgers) for frame in traceback.extract_stack()):
            loaded.append(1)

    post_init.connect(count, sender=Branch, weak=False)
    try:
        yield loaded
    finally:
        post_init.disconnect(count, sender=Branch)


def _following(client, url: str, context: str = "page") -> str:
    """The url of the page after the first of ``url`` (its keyset cursor)."""
    return url.split("?")[0] + client.get(url).context[context].next_url


def _pages(client, province) -> dict[str, str]:
    district = Branch.objects.get(code="D0")
    findings = _following(client, reverse("branches:findings_list") + "?kind=posts_missing")
    return {
        "dashboard": reverse("branches:dashboard"),
        "drill-down": reverse("branches:dashboard_units", args=[province.pk]),
        "drill-down of a district": _following(
            client, reverse("branches:dashboard_units", args=[district.pk])
        ),
        "findings list": _following(client, findings),
        "unit page": _following(client, reverse("branches:branch_detail", args=[district.pk]), "children"),
    }


@pytest.mark.parametrize("enterprises", [40, 400])
def test_the_pages_of_a_province_load_a_bounded_number_of_units(
    enterprises, settings, client_for, django_assert_max_num_queries
):
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 100}
    province, reviewer = build_province(enterprises)
    assert Branch.objects.count() == 5 * enterprises + 7  # 207 or 2,007 units
    services.refresh_findings()
    client = client_for(reviewer)
    kinds = len(federation.finding_labels())
    bound = {  # a page of units, the breadcrumbs and the opened unit, the first five of each kind
        "dashboard": PAGE_SIZE + 5 * kinds + 5,
        "drill-down": PAGE_SIZE + 5,
        "drill-down of a district": PAGE_SIZE + 5,
        "findings list": FINDINGS_PAGE_SIZE + 5,
        "unit page": CHILDREN_PAGE_SIZE + 5,
    }
    queries = {
        "dashboard": 55,
        "drill-down": 12,
        "drill-down of a district": 12,
        "findings list": 12,
        "unit page": 40,
    }
    for name, url in _pages(client, province).items():
        with _units_loaded() as loaded, django_assert_max_num_queries(queries[name]):
            response = client.get(url)
        assert response.status_code == 200, name
        assert len(loaded) <= bound[name], (name, len(loaded))
