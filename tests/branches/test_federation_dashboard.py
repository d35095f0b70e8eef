"""The federation dashboard: one level at a time, drilled down, searched, sorted and paged; findings
grouped by kind with a filtered list behind each; queries flat in workers and enterprises."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Branch
from tests.branches.federation import build_city
from tests.factories import WorkerFactory, make_branch

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_city()


def _codes(response) -> list[str]:
    return [r.branch.code for r in response.context["page"].object_list]


def test_the_city_reviewer_sees_the_city_and_one_level_below_it(city, client_for):
    response = client_for(city.users["city"]).get(reverse("branches:dashboard"))
    assert response.status_code == 200
    assert response.context["node"] == city.city
    assert response.context["current"].total.workers == 3
    assert _codes(response) == ["D1", "D2", "I1"]
    page = response.content.decode()
    assert 'id="unit-D1"' in page and 'id="unit-E1"' not in page  # the enterprises wait for a drill-down
    assert f'hx-get="{reverse("branches:dashboard_units", args=[city.d1.pk])}' in page


def test_a_district_reviewer_sees_only_its_own_district(city, client_for):
    response = client_for(city.users["d1"]).get(reverse("branches:dashboard"))
    assert response.context["node"] == city.d1 and _codes(response) == ["E1"]
    assert "西区" not in response.content.decode()


def test_drilling_down_returns_the_opened_row_and_its_children_in_scope(city, client_for):
    url = reverse("branches:dashboard_units", args=[city.d1.pk])
    response = client_for(city.users["city"]).get(url + "?level=1")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="unit-D1"' in page and 'id="unit-E1"' in page and 'id="unit-E1B"' not in page
    assert 'data-level="1"' in page
    deeper = client_for(city.users["city"]).get(
        reverse("branches:dashboard_units", args=[city.e1.pk]) + "?level=2"
    )
    assert 'id="unit-E1B"' in deeper.content.decode() and 'data-level="2"' in deeper.content.decode()
    assert client_for(city.users["d2"]).get(url).status_code == 404
    assert client_for(city.users["city"]).get(url + "?level=x").status_code == 400


def test_a_unit_is_opened_as_a_page_with_its_breadcrumbs(city, client_for):
    response = client_for(city.users["city"]).get(reverse("branches:dashboard") + f"?node={city.e1.pk}")
    assert [b.code for b in response.context["crumbs"]] == ["C", "D1", "E1"]
    assert _codes(response) == ["E1B"]
    assert (
        client_for(city.users["d2"]).get(reverse("branches:dashboard") + f"?node={city.e1.pk}").status_code
        == 404
    )


def test_search_by_name_or_code_stays_in_scope(city, client_for):
    url = reverse("branches:dashboard")
    assert _codes(client_for(city.users["city"]).get(url + "?q=二厂")) == ["E2"]
    assert _codes(client_for(city.users["city"]).get(url + "?q=e1b")) == ["E1B"]
    assert _codes(client_for(city.users["d1"]).get(url + "?q=二厂")) == []
    found = client_for(city.users["city"]).get(url + "?q=工会").context["page"].object_list
    assert {r.branch.code for r in found} >= {"C", "D1", "E1", "E2", "E3"}
    assert next(r for r in found if r.branch.code == "D1").total.workers == 1


def test_sorting_is_validated_and_done_on_the_server(city, client_for):
    WorkerFactory.create_batch(3, branch=city.e2)
    client = client_for(city.users["city"])
    url = reverse("branches:dashboard")
    assert _codes(client.get(url + "?sort=-workers"))[0] == "D2"
    assert _codes(client.get(url + "?sort=-code")) == ["I1", "D2", "D1"]
    assert _codes(client.get(url + "?sort=name"))[0] in {"D1", "D2", "I1"}
    assert client.get(url + "?sort=path;drop").status_code == 400
    assert client.get(url + "?sort=workers&sort=code").status_code == 400


def test_a_level_of_hundreds_of_enterprises_is_paged(city, client_for):
    for i in range(60):
        make_branch(city.d2, f"Z{i:03d}", "enterprise", f"西区企业{i}")
    client = client_for(city.users["city"])
    response = client.get(reverse("branches:dashboard") + f"?node={city.d2.pk}")
    assert len(_codes(response)) == 25 and response.context["page"].total == 61
    second = client.get(reverse("branches:dashboard") + response.context["page"].next_url)
    last = client.get(reverse("branches:dashboard") + second.context["page"].next_url)
    assert len(_codes(last)) == 11 and not last.context["page"].has_next
    assert client.get(reverse("branches:dashboard") + "?cursor=forged").status_code == 400
    units = reverse("branches:dashboard_units", args=[city.d2.pk])
    more = client.get(units + "?level=1")
    assert "data-more" in more.content.decode()
    following = client.get(units + more.context["page"].next_url)
    assert 'id="unit-D2"' not in following.content.decode()  # later pages are only more children
    assert _codes(following) == _codes(second)


def test_findings_are_grouped_by_kind_with_a_filtered_list_behind_each(city, client_for):
    WorkerFactory.create_batch(4, branch=city.e2, is_member=False, member_since=None)
    response = client_for(city.users["city"]).get(reverse("branches:dashboard"))
    groups = {g.code: g for g in response.context["groups"]}
    assert groups["enrolment_below"].count >= 2  # 西区二厂 and the districts above it
    assert groups["leadership_missing"].count == 3  # each of the three enterprises
    page = response.content.decode()
    assert 'data-code="leadership_missing"' in page and "?kind=leadership_missing" in page
    listing = client_for(city.users["city"]).get(
        reverse("branches:findings_list") + "?kind=leadership_missing"
    )
    assert [f.branch.code for f in listing.context["page"].object_list] == ["E1", "E2", "E3"]
    narrowed = client_for(city.users["city"]).get(
        reverse("branches:findings_list") + "?kind=leadership_missing&q=西区"
    )
    assert [f.branch.code for f in narrowed.context["page"].object_list] == ["E2"]
    mine = client_for(city.users["d1"]).get(reverse("branches:findings_list") + "?kind=leadership_missing")
    assert [f.branch.code for f in mine.context["page"].object_list] == ["E1"]
    assert (
        client_for(city.users["city"]).get(reverse("branches:findings_list") + "?kind=nope").status_code
        == 400
    )
    assert client_for(city.users["city"]).get(reverse("branches:findings_list")).status_code == 400


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(city, start: int, n: int) -> None:
    for i in range(start, start + n):
        parent = city.d1 if i % 2 else city.d2
        ent = make_branch(parent, f"G{i:03d}", "enterprise", f"企业{i}")
        branch = make_branch(ent, f"G{i:03d}B", "branch", f"分会{i}")
        WorkerFactory.create_batch(2, branch=branch, gender="F" if i % 3 else "M")


def test_the_dashboards_queries_do_not_grow_with_workers_or_enterprises(city, client_for):
    client = client_for(city.users["city"])
    dashboard = reverse("branches:dashboard")
    units = reverse("branches:dashboard_units", args=[city.d1.pk]) + "?level=1"
    search = dashboard + "?q=企业"
    _grow(city, 0, 3)
    small = (_queries(client, dashboard), _queries(client, units), _queries(client, search))
    _grow(city, 3, 12)
    WorkerFactory.create_batch(40, branch=city.e1g)
    assert Branch.objects.filter(kind="enterprise").count() == 18
    large = (_queries(client, dashboard), _queries(client, units), _queries(client, search))
    assert small == large


def test_the_dashboard_reads_no_roster_row(city, client_for):
    client = client_for(city.users["city"])
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("branches:dashboard"))
        client.get(reverse("branches:dashboard_units", args=[city.d1.pk]))
    roster = [q["sql"] for q in ctx.captured_queries if 'FROM "branches_worker"' in q["sql"]]
    assert roster == []
