"""The ranking overview (总览与排名) is keyset-paged (docs/ARCHITECTURE.md, "Lists and pagination"):
paging forward and back lists every unit once, in the ranking's order, with ranks continuing across
pages; a forged cursor is a bad request that changes nothing; a cursor replayed by a user of another
subtree lists that user's units only; a page's queries do not grow with the units in scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import selectors
from assessment.models import Assessment, TitleAward
from assessment.selectors import ranking as ranking_module
from assessment.views.assessments import ORDER as ASSESSMENTS_ORDER
from branches.models import Branch
from tests.assessment.conftest import YEAR
from tests.assessment.test_ranking import _accepted
from tests.assessment.test_titles_award import vetoed
from tests.factories import make_branch
from unionhome import paging
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("assessment:overview")


@dataclass
class Tree:
    units: dict[str, Branch]
    expected: list[tuple[str, int | None]]  # the whole ranking: (unit code, rank)


@pytest.fixture
def tree(world, std_small, make_assessment, monkeypatch) -> Tree:
    """Fourteen units in the district's scope, three to a page: ties of the total across the first
    page's end, a unit whose later accepted assessment counts, a vetoed one with the highest total,
    and units without an accepted assessment of the year (none, a draft, one of last year)."""
    monkeypatch.setattr(ranking_module, "RANKING_PAGE_SIZE", 3)
    units = {b.code: b for b in (world.ent_a, world.ent_b, world.branch_a1, world.branch_a2, world.branch_b1)}
    for parent, code in [(world.ent_a, "A3"), (world.ent_a, "A4"), (world.ent_a, "A5")] + [
        (world.ent_b, f"B{n}") for n in range(2, 8)
    ]:
        units[code] = make_branch(parent, code, "branch", f"{code}分会")
    _accepted(make_assessment(units["A5"], std_small), "95.0")
    for code in ("A1", "A2", "B2"):  # a tie: by path
        _accepted(make_assessment(units[code], std_small), "88.0")
    _accepted(make_assessment(units["B3"], std_small, number=1), "97.0")  # superseded by number 4
    _accepted(make_assessment(units["B3"], std_small, number=4), "60.0", rating="does_not_meet")
    _accepted(make_assessment(units["A3"], std_small), "10.0", rating="does_not_meet")
    vetoed(make_assessment(units["B1"], std_small), total="99.9")
    vetoed(make_assessment(units["B6"], std_small), total="50.0")
    make_assessment(units["B5"], std_small, scored=True)  # a draft does not rank
    _accepted(make_assessment(units["B4"], std_small, year=YEAR - 1), "99.0")  # last year's
    ranked = ["A5", "A1", "A2", "B2", "B3", "A3", "B1", "B6"]
    unranked = ["A", "A4", "B", "B4", "B5", "B7"]
    expected = [(code, n) for n, code in enumerate(ranked, start=1)] + [(code, None) for code in unranked]
    return Tree(units, expected)


def _walk(client, url: str) -> tuple[list, list]:
    """Every row of the ranking as (unit code, rank), following "next" to the end, then "previous"
    back to the start (each page's rows in the order shown)."""
    response = client.get(url)
    forward = []
    while True:
        assert response.status_code == 200
        ranking = response.context["ranking"]
        forward.append([(r.branch.code, r.rank) for r in ranking.rows])
        if not ranking.page.has_next:
            break
        response = client.get(OVERVIEW + ranking.page.next_url)
    backward = []
    while True:
        ranking = response.context["ranking"]
        backward.insert(0, [(r.branch.code, r.rank) for r in ranking.rows])
        if not ranking.page.has_previous:
            break
        response = client.get(OVERVIEW + ranking.page.previous_url)
        assert response.status_code == 200
    return forward, backward


def _flat(pages: list[list]) -> list:
    return [row for page in pages for row in page]


def test_paging_forward_and_back_lists_every_unit_once_in_order_with_ranks_continuing(
    tree, world, client_for
):
    forward, backward = _walk(client_for(world.users["district"]), f"{OVERVIEW}?year={YEAR}")
    assert forward == backward
    assert [len(p) for p in forward] == [3, 3, 3, 3, 2]
    assert _flat(forward) == tree.expected  # every unit once, ranks 1–8 across four pages
    assert forward[1][0] == ("B2", 4)  # the tie of 88.0 continues on the second page


def test_ties_on_the_total_are_ordered_by_path(tree, world, client_for):
    rows = _flat(_walk(client_for(world.users["district"]), f"{OVERVIEW}?year={YEAR}")[0])
    tied = [code for code, _rank in rows if code in ("A1", "A2", "B2")]
    assert tied == sorted(tied, key=lambda code: tree.units[code].path) == ["A1", "A2", "B2"]


def test_vetoed_units_follow_every_unit_not_vetoed_and_unranked_units_come_last(tree, world, client_for):
    rows = _flat(_walk(client_for(world.users["district"]), f"{OVERVIEW}?year={YEAR}")[0])
    codes = [code for code, _rank in rows]
    vetoed_at = [codes.index("B1"), codes.index("B6")]  # 99.9 and 50.0, vetoed
    not_vetoed_at = [codes.index(c) for c in ("A5", "A1", "A2", "B2", "B3", "A3")]  # A3: 10.0
    assert max(not_vetoed_at) < min(vetoed_at)
    unranked_at = [i for i, (_code, rank) in enumerate(rows) if rank is None]
    assert min(unranked_at) > max(vetoed_at) and len(unranked_at) == 6
    assert [codes[i] for i in unranked_at] == sorted(
        (codes[i] for i in unranked_at), key=lambda code: tree.units[code].path
    )


def _state():
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "state", "total", "vetoed", "version")),
        TitleAward.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_forged_cursor_is_refused_and_changes_nothing(tree, world, client_for):
    client = client_for(world.users["district"])
    first = client.get(OVERVIEW, {"year": YEAR}).context["ranking"].page
    cursor = first.next_cursor
    assessments = paging.page(
        RequestFactory().get("/"), selectors.assessments(world.users["district"]),
        order=ASSESSMENTS_ORDER, name="assessment.assessments", size=2,
    )  # fmt: skip
    before = _state()
    forged = ["nonsense", cursor[:-3] + ("aaa" if not cursor.endswith("aaa") else "bbb"), "x" * 3000]
    for bad in forged:
        assert client.get(OVERVIEW, {"year": YEAR, "cursor": bad}).status_code == 400
    assert client.get(OVERVIEW, {"year": YEAR, "cursor": [cursor, cursor]}).status_code == 400
    # a cursor of another year's ranking, or of another list, is refused too
    assert client.get(OVERVIEW, {"year": YEAR - 1, "cursor": cursor}).status_code == 400
    assert client.get(reverse("assessment:index"), {"cursor": cursor}).status_code == 400
    assert client.get(OVERVIEW, {"year": YEAR, "cursor": assessments.next_cursor}).status_code == 400
    assert _state() == before


def test_a_cursor_replayed_in_another_subtree_shows_none_of_the_first_users_units(tree, world, client_for):
    first = client_for(world.users["officer"]).get(OVERVIEW, {"year": YEAR}).context["ranking"]
    shown_to_a = {r.branch.pk for r in first.rows}
    assert first.page.has_next and shown_to_a <= {
        u.pk for u in Branch.objects.filter(path__startswith=world.ent_a.path)
    }
    replayed = client_for(world.users["officer_b"]).get(
        OVERVIEW, {"year": YEAR, "cursor": first.page.next_cursor}
    )
    assert replayed.status_code == 200
    rows = replayed.context["ranking"].rows
    assert rows and all(r.branch.path.startswith(world.ent_b.path) for r in rows)
    assert not {r.branch.pk for r in rows} & {
        u.pk for u in Branch.objects.filter(path__startswith=world.ent_a.path)
    }
    assert replayed.context["ranking"].units == 8  # officer_b's own scope, counted


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_pages_queries_do_not_grow_with_the_units(tree, world, std_small, make_assessment, client_for):
    client = client_for(world.users["district"])
    second = OVERVIEW + client.get(OVERVIEW, {"year": YEAR}).context["ranking"].page.next_url
    few = (_queries(client, f"{OVERVIEW}?year={YEAR}"), _queries(client, second))
    for n in range(12):
        unit = make_branch(world.ent_b, f"C{n:02d}", "branch", f"新分会{n}")
        basis = _accepted(make_assessment(unit, std_small), f"{90 + n % 3}.0")
        TitleAward.objects.create(
            branch=unit, title="model_small_home", level="enterprise", awarded_on=f"{YEAR}-10-01",
            decided_by="乙", assessment=basis, year=basis.year, recheck_due=f"{YEAR + 1}-12-31",
        )  # fmt: skip
    assert (_queries(client, f"{OVERVIEW}?year={YEAR}"), _queries(client, second)) == few


@pytest.mark.postgres
def test_postgresql_finds_each_units_latest_accepted_assessment_by_its_index(tree, world):
    units = Branch.objects.filter(path__startswith=world.district.path)
    with connection.cursor() as cursor:
        # what the planner can use, not what it prefers on a tiny table
        for setting in ("enable_seqscan", "enable_bitmapscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
    plan = ranking_module.ranked_units(units, YEAR).order_by(*ranking_module.RANKING_ORDER)[:4].explain()
    assert "using assessment_accepted_latest" in plan  # the join's condition: one probe per unit
