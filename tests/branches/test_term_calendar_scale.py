"""The term calendar at any size: overdue and upcoming term ends paged, the chart counted in the
database, a fixed number of queries whatever the number of committees in scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import Branch, Committee, Term
from branches.views.committees import TERM_CALENDAR_PAGE
from tests.branches.federation import build_province

pytestmark = pytest.mark.django_db


def _committees(today: dt.date) -> tuple[int, int]:
    """A union committee in every enterprise: every third one overdue, an old and a later term for
    the others (the later one current); (overdue, upcoming)."""
    committees = Committee.objects.bulk_create(
        [Committee(branch=b, kind="union") for b in Branch.objects.filter(kind="enterprise").order_by("path")]
    )
    terms = []
    overdue = 0
    for i, c in enumerate(committees):
        old_start = today - dt.timedelta(days=2000 + i)
        terms.append(
            Term(
                committee=c,
                number=1,
                elected_on=old_start,
                start=old_start,
                end=old_start + dt.timedelta(days=1000),
            )
        )
        if i % 3 == 0:
            overdue += 1
            continue
        start = today - dt.timedelta(days=100)
        terms.append(
            Term(committee=c, number=2, elected_on=start, start=start, end=today + dt.timedelta(days=10 + i))
        )
    Term.objects.bulk_create(terms)
    return overdue, len(committees) - overdue


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("enterprises", [40, 400])
def test_the_term_calendar_of_a_province_pages_its_committees_in_a_fixed_number_of_queries(
    enterprises, client_for
):
    province, reviewer = build_province(enterprises)
    today = timezone.localdate()
    overdue, upcoming = _committees(today)
    client = client_for(reviewer)
    url = reverse("branches:term_calendar")
    queries, response = _get(client, url)
    assert queries <= 30, queries
    assert len(response.context["overdue"]) == min(overdue, TERM_CALENDAR_PAGE)
    assert response.context["overdue_page"].total == overdue
    assert sum(len(ends) for _m, ends in response.context["months"]) == min(upcoming, TERM_CALENDAR_PAGE)
    assert response.context["upcoming_page"].total == upcoming
    # the chart counts every committee of the scope, not the page's
    in_horizon = sum(response.context["chart"]["option"]["series"][0]["data"])
    assert in_horizon == upcoming
    ends = [e.term.end for _m, month in response.context["months"] for e in month]
    assert ends == sorted(ends) and all(e >= today for e in ends)
    assert [e.status.state for e in response.context["overdue"]] == ["overdue"] * len(
        response.context["overdue"]
    )
    if enterprises > TERM_CALENDAR_PAGE:
        first_overdue = response.context["overdue_page"].next_cursor
        first_upcoming = response.context["upcoming_page"].next_cursor
        later, response = _get(client, f"{url}?overdue={first_overdue}&upcoming={first_upcoming}")
        assert later == queries
        assert len(response.context["overdue"]) == min(overdue - TERM_CALENDAR_PAGE, TERM_CALENDAR_PAGE)
        second = [e.term.end for _m, month in response.context["months"] for e in month]
        assert second[0] >= ends[-1]
        assert 'id="upcoming-pages"' in response.content.decode()
