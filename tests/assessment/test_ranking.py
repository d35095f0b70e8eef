"""总览与排名: accepted assessments only, vetoed ones below the rest, numbers written for people; the
veto panel reads each veto item as 未触发 or 触发否决."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from assessment import rules, selectors
from assessment.models import Assessment
from tests.assessment.conftest import YEAR, accept_meeting
from tests.assessment.test_titles_award import award, vetoed
from tests.factories import make_branch
from unionhome.models import AccessLog

TODAY = dt.date(YEAR, 12, 1)


def _accepted(assessment, total, rating="meets"):
    accept_meeting(assessment, rating=rating)
    Assessment.objects.filter(pk=assessment.pk).update(total=Decimal(total))
    assessment.refresh_from_db()
    return assessment


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(1, 6, "16.7"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 16, "6.3"), (1, 8, "12.5"), (6, 6, "100.0")],
)
def test_percentages_are_rounded_half_up_to_one_place(part, whole, shown):
    assert str(rules.percent(part, whole)) == shown


def test_no_percentage_of_nothing():
    assert rules.percent(0, 0) is None


def test_totals_are_shown_to_one_place():
    assert str(rules.one_place(Decimal("94.7000000000000"))) == "94.7"
    assert str(rules.one_place(Decimal("94.75"))) == "94.8"


def test_only_accepted_assessments_rank(world, std_small, make_assessment):
    make_assessment(world.branch_a1, std_small, state="self_scored", scored=True)
    make_assessment(world.branch_a2, std_small, state="returned", scored=True)
    ranking = selectors.overview(world.users["district"], YEAR, TODAY)
    assert ranking.accepted == 0
    assert all(r.rank is None and r.total is None for r in ranking.rows)


def test_a_vetoed_unit_ranks_below_every_unit_not_vetoed(world, std_small, make_assessment, client_for):
    vetoed(make_assessment(world.branch_a1, std_small), total="96.3")
    _accepted(make_assessment(world.branch_a2, std_small), "95.3")
    other = make_branch(world.ent_b, "B7", "branch", "乙七分会")
    _accepted(make_assessment(other, std_small), "70.0", rating="does_not_meet")
    ranking = selectors.overview(world.users["district"], YEAR, TODAY)
    ranked = [r for r in ranking.rows if r.rank is not None]
    assert [r.branch.name for r in ranked][:1] == ["甲二分会"]
    assert ranked[-1].branch == world.branch_a1 and ranked[-1].vetoed
    assert [r.rank for r in ranked] == [1, 2, 3]
    page = (
        client_for(world.users["district"])
        .get(reverse("assessment:overview") + f"?year={YEAR}")
        .content.decode()
    )
    assert page.index("甲二分会") < page.index("甲一分会")
    assert ">96.3<" in page and ">95.3<" in page


def test_a_draft_with_a_higher_live_total_does_not_rank_above_an_accepted_one(
    world, std_small, make_assessment
):
    _accepted(make_assessment(world.branch_a2, std_small, number=3), "80.0")
    make_assessment(world.branch_a1, std_small, number=4, scored=True)  # 100 points typed, not accepted
    ranking = selectors.overview(world.users["district"], YEAR, TODAY)
    first = next(r for r in ranking.rows if r.rank == 1)
    assert first.branch == world.branch_a2
    assert next(r for r in ranking.rows if r.branch == world.branch_a1).rank is None


def test_the_ranking_and_its_export_round_shares_half_up(world, std_small, make_assessment, client_for):
    units = [world.branch_a1, world.branch_a2] + [
        make_branch(world.ent_b, f"B8{n}", "branch", f"乙分会{n}") for n in range(4)
    ]
    for n, unit in enumerate(units):
        _accepted(make_assessment(unit, std_small), "94.7" if n == 0 else "60.0",
                  rating="meets" if n == 0 else "does_not_meet")  # fmt: skip
    ranking = selectors.overview(world.users["district"], YEAR, TODAY)
    assert (ranking.accepted, ranking.meeting, str(ranking.meeting_share)) == (6, 1, "16.7")
    client = client_for(world.users["district"])
    page = client.get(reverse("assessment:overview") + f"?year={YEAR}").content.decode()
    assert "16.7%" in page and "16.6" not in page
    assert ">94.7<" in page and "94.70" not in page
    response = client.get(reverse("assessment:overview_export") + f"?year={YEAR}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == "甲一分会" and rows[1][3] == 94.7
    summary = dict(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert "16.7%" in summary.values()
    assert AccessLog.objects.filter(detail="ranking_xlsx", kind="export").exists()


def test_the_export_refuses_a_year_the_page_never_offers(world, client_for):
    response = client_for(world.users["district"]).get(reverse("assessment:overview_export") + "?year=abc")
    assert response.status_code == 400


def test_a_title_is_listed_only_while_in_force(world, std_small, make_assessment):
    a = accept_meeting(make_assessment(world.branch_a1, std_small))
    award(world, world.branch_a1, a)
    row = next(
        r
        for r in selectors.overview(world.users["district"], YEAR, TODAY).rows
        if r.branch == world.branch_a1
    )
    assert row.titles == ["模范职工小家"]


# --- the veto panel -------------------------------------------------------------------------------------


def test_the_veto_panel_reads_clear_or_vetoed_with_the_figure_named(world, std_home, make_assessment, fake_facts,
                                                                   client_for):  # fmt: skip
    from branches.facts import Fact

    fake_facts["A"] = {
        "enrolment_rate": Fact(Decimal("0.9600"), "", "roster"),
        "congress_held": Fact(False, "", ""),
    }
    a = make_assessment(world.ent_a, std_home, kind="district", number=1, state="self_scored")
    page = (
        client_for(world.users["district"])
        .get(reverse("assessment:assessment_detail", args=[a.pk]))
        .content.decode()
    )
    panel = page[page.index('id="veto-panel"') :]
    panel = panel[: panel.index("</table>")]
    assert "未触发" in panel and "触发否决" in panel
    assert "本年度召开职代会" in panel  # the figure behind each veto is named beside its value
    assert "<td>否</td>" not in panel
