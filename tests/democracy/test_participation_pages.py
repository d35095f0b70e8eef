"""The participation page at any size: a page of enterprises with their rates counted in a fixed
number of queries (equal to the rate of each enterprise on its own), and a page of contests."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from democracy import selectors, services
from democracy.models import Contest, Proposal
from democracy.views.competitions import ENTERPRISES_PAGE
from tests.branches.federation import build_province

pytestmark = pytest.mark.django_db


def test_the_rates_of_a_page_of_enterprises_equal_each_enterprises_own(world):
    services.contest_record(
        actor=world.users["officer"], enterprise=world.ent_a, kind="competition", title="技能比武",
        held_on=dt.date(2026, 5, 1), participants=[world.worker_a1],
    )  # fmt: skip
    # a worker of B in A's contest does not count for B; a contest of another year counts for none
    Contest.objects.create(enterprise=world.ent_a, kind="skill", title="外厂", held_on=dt.date(2026, 6, 1))
    Contest.objects.get(title="外厂").participants.add(world.worker_b1)
    Contest.objects.create(enterprise=world.ent_b, kind="skill", title="去年", held_on=dt.date(2025, 6, 1))
    Contest.objects.get(title="去年").participants.add(world.worker_b1)
    enterprises = list(selectors.enterprises(world.users["district"]).order_by("path"))
    for year in (2025, 2026):
        counts = selectors.participation_of(enterprises, year, chunk=1)
        assert counts == {e.pk: selectors.participation(e, year) for e in enterprises}
        assert selectors.participation_of(enterprises, year) == counts
    counts = selectors.participation_of(enterprises, 2026)
    assert counts[world.ent_a.pk][0] == 1 and counts[world.ent_b.pk][0] == 0
    assert selectors.participation_of(enterprises, 2025)[world.ent_b.pk][0] == 1


def test_a_proposal_counts_for_the_enterprise_of_its_proposer(world):
    from tests.democracy.conftest import make_session

    session = make_session(world)
    Proposal.objects.create(
        enterprise=world.ent_b, branch=world.worker_b1.branch, session=session, kind="proposal",
        proposer=world.worker_b1, title="食堂", content="改善", submitted_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    enterprises = list(selectors.enterprises(world.users["district"]).order_by("path"))
    counts = selectors.participation_of(enterprises, 2026)
    assert counts == {e.pk: selectors.participation(e, 2026) for e in enterprises}
    assert counts[world.ent_b.pk][0] == 1


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("enterprises", [40, 400])
def test_the_participation_page_of_a_province_takes_a_fixed_number_of_queries(enterprises, client_for):
    province, reviewer = build_province(enterprises)
    client = client_for(reviewer)
    url = reverse("democracy:contest_list")
    first, page = _queries(client, url)
    assert first <= 25, first
    rows = page.split('id="participation-table"')[1].split("</tbody>")[0].count("<tr><td>")
    assert rows == min(enterprises, ENTERPRISES_PAGE)
    assert ('rel="next"' in page.split('id="participation-pages"')[1].split("</div>")[0]) is (
        enterprises > ENTERPRISES_PAGE
    )
    if enterprises > ENTERPRISES_PAGE:
        following = client.get(url)
        for _n in range(7):  # the eighth page, by the "next" links
            following = client.get(url + following.context["page"].next_url)
        last, page = _queries(client, url + following.context["page"].previous_url)
        assert last == first
        assert (
            page.split('id="participation-table"')[1].split("</tbody>")[0].count("<tr><td>")
            == ENTERPRISES_PAGE
        )


def test_the_contests_are_listed_a_page_at_a_time_newest_first(world, client_for):
    from democracy.views.competitions import CONTESTS_PAGE

    Contest.objects.bulk_create(
        [
            Contest(
                enterprise=world.ent_a,
                kind="skill",
                title=f"比武{i:03d}",
                held_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            )
            for i in range(CONTESTS_PAGE + 1)
        ]
    )
    client = client_for(world.users["district"])
    url = reverse("democracy:contest_list")
    first = client.get(url).content.decode()
    assert f"比武{CONTESTS_PAGE:03d}" in first and "比武000" not in first
    cursor = client.get(url).context["contests"].next_cursor
    assert cursor and 'id="contest-pages"' in first
    second = client.get(url, {"contests": cursor}).content.decode()
    assert "比武000" in second and f"比武{CONTESTS_PAGE:03d}" not in second
    back = client.get(
        url, {"contests": client.get(url, {"contests": cursor}).context["contests"].previous_cursor}
    )
    assert f"比武{CONTESTS_PAGE:03d}" in back.content.decode() and "比武000" not in back.content.decode()
    replayed = client_for(world.users["officer_b"]).get(url, {"contests": cursor})
    assert replayed.status_code == 200 and "比武000" not in replayed.content.decode()
    assert client.get(url, {"contests": "forged"}).status_code == 400
    assert client.get(url, {"cursor": cursor}).status_code == 400  # a contests cursor for the enterprises
