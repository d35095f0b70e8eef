"""The findings table: every finding of the tree computed by a refresh, read by the dashboards of
large scopes; equal to the live findings, scoped, swapped whole, kept when a refresh fails."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from branches import services, tasks
from branches.models import Branch, FindingRecord, FindingRun
from branches.selectors import federation
from tests.branches.federation import build_city
from tests.factories import WorkerFactory
from unionhome.models import AuditEvent, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_city()


@pytest.fixture
def large(settings):
    """Every scope of more than two units reads the table."""
    settings.UNIONHOME = {**settings.UNIONHOME, "FINDINGS_LIVE_MAX_UNITS": 2}


def _live(user) -> list[tuple]:
    return sorted(
        (f.code, f.branch.pk, str(f.message), f.url, f.severity) for f in federation.all_findings(user)
    )


def _table(user) -> list[tuple]:
    return sorted(
        (r.code, r.branch_id, r.message, r.url, r.severity) for r in federation.table_findings(user)
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", ["city", "district", "officer"])
def test_the_table_holds_the_live_findings_of_every_scope_in_both_languages(demo_data, username, language):
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.DONE and run.findings == FindingRecord.objects.count()
    user = User.objects.get(username=username)
    with translation.override(language):
        live = _live(user)
        assert live and _table(user) == live
        table_groups = federation.table_groups(user)
        live_groups = federation.group_findings(federation.all_findings(user))
    assert [(g.code, g.label, g.severity, g.count) for g in table_groups] == [
        (g.code, g.label, g.severity, g.count) for g in live_groups
    ]
    for table_group, live_group in zip(table_groups, live_groups, strict=True):
        assert [(f.branch.pk, str(f.message), f.url) for f in table_group.first] == [
            (f.branch.pk, str(f.message), f.url) for f in live_group.first
        ]


def test_seed_demo_fills_the_table(demo_data):
    run = federation.findings_run()
    assert run is not None and run.findings > 0
    assert set(FindingRecord.objects.values_list("language", flat=True)) == {"zh-hans", "en"}


def test_a_district_reviewer_never_reads_another_districts_rows(city):
    services.refresh_findings()
    d1 = city.users["d1"]
    rows = list(federation.table_findings(d1))
    assert rows and all(r.path.startswith(city.d1.path) for r in rows)
    assert not any(r.branch_id == city.e2.pk for r in rows)
    # A row whose copied path is stale (its unit moved since the computation) is not shown there.
    FindingRecord.objects.filter(branch=city.e2).update(path=city.d1.path + "ZZZZ")
    assert not federation.table_findings(d1).filter(branch=city.e2).exists()
    assert federation.table_findings(city.users["d2"]).filter(branch=city.e2).exists() is False
    assert federation.table_findings(city.users["city"]).filter(branch=city.e2).exists()


def test_a_failed_refresh_keeps_the_previous_rows_and_says_why(city, monkeypatch):
    services.refresh_findings()
    before = list(FindingRecord.objects.order_by("pk").values_list("pk", "code", "branch_id", "message"))
    done = federation.findings_run()

    def broken(user, root=None, **kwargs):
        raise RuntimeError("provider down")

    monkeypatch.setattr(federation, "all_findings", broken)
    run = services.refresh_findings()
    assert run.status == FindingRun.Status.FAILED and "provider down" in run.reason
    assert FindingRun.objects.get(pk=run.pk).status == FindingRun.Status.FAILED
    assert (
        list(FindingRecord.objects.order_by("pk").values_list("pk", "code", "branch_id", "message")) == before
    )
    assert federation.findings_run() == done
    assert federation.findings_failure(done).pk == run.pk


def test_a_swap_that_fails_midway_leaves_the_previous_rows(city, monkeypatch):
    services.refresh_findings()
    before = FindingRecord.objects.count()
    real = FindingRecord.objects.bulk_create
    calls = []

    def half(objs, *args, **kwargs):
        calls.append(1)
        real(objs, *args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr("branches.services.findings.bulkcopy.available", lambda: False)
    monkeypatch.setattr(FindingRecord.objects, "bulk_create", half)
    run = services.refresh_findings()
    assert calls and run.status == FindingRun.Status.FAILED
    assert FindingRecord.objects.count() == before


def test_the_command_refreshes_and_the_schedule_runs_the_task(city, settings):
    call_command("refresh_findings", verbosity=0)
    assert federation.findings_run() is not None
    assert settings.CELERY_BEAT_SCHEDULE["findings-refresh"]["task"] == "branches.tasks.refresh_findings"
    assert (
        settings.CELERY_BEAT_SCHEDULE["findings-refresh"]["schedule"]
        == 60 * (settings.UNIONHOME["FINDINGS_REFRESH_MINUTES"])
    )
    tasks.refresh_findings.delay()
    assert FindingRun.objects.filter(status=FindingRun.Status.DONE).count() == 2


# --- the pages ------------------------------------------------------------------------------------------


def test_a_large_scope_without_a_run_computes_live_once_and_queues_a_refresh(city, large, client_for):
    response = client_for(city.users["city"]).get(reverse("branches:dashboard"))
    assert response.status_code == 200
    assert response.context["findings_run"] is None  # computed on this request
    assert {g.code for g in response.context["groups"]} >= {"leadership_missing"}
    assert federation.findings_run() is not None  # the queued refresh ran (tasks are eager in tests)
    again = client_for(city.users["city"]).get(reverse("branches:dashboard"))
    assert again.context["findings_run"] == federation.findings_run()
    assert [(g.code, g.count) for g in again.context["groups"]] == [
        (g.code, g.count) for g in response.context["groups"]
    ]
    assert 'id="findings-refresh"' in again.content.decode()


def test_a_large_scope_reads_the_table_until_the_next_refresh(city, large, client_for):
    services.refresh_findings()
    client = client_for(city.users["city"])
    url = reverse("branches:findings_list") + "?kind=enrolment_below"
    assert client.get(url).context["page"].total == 0
    WorkerFactory.create_batch(4, branch=city.e2, is_member=False, member_since=None)
    stale = client.get(url)
    assert stale.context["page"].total == 0 and stale.context["findings_run"] is not None
    assert 'id="findings-state"' in stale.content.decode()
    response = client.post(reverse("branches:findings_refresh"))
    assert response.status_code == 302
    fresh = client.get(url)
    assert [r.branch.code for r in fresh.context["page"].object_list] == ["C", "D2", "E2"]
    assert AuditEvent.objects.filter(action="findings.refresh", actor=city.users["city"]).count() == 1
    narrowed = client.get(url + "&q=西区")
    assert [r.branch.code for r in narrowed.context["page"].object_list] == ["D2", "E2"]
    mine = client_for(city.users["d1"]).get(url)
    assert [r.branch.code for r in mine.context["page"].object_list] == []


def test_a_small_scope_sees_a_change_at_once(city, client_for):
    services.refresh_findings()
    client = client_for(city.users["e1"])
    url = reverse("branches:findings_list") + "?kind=enrolment_below"
    assert client.get(url).context["page"].total == 0
    WorkerFactory.create_batch(4, branch=city.e1, is_member=False, member_since=None)
    response = client.get(url)
    assert response.context["findings_run"] is None
    assert [f.branch.code for f in response.context["page"].object_list] == ["E1"]


def test_an_officer_may_not_ask_for_a_refresh(city, large, client_for):
    services.refresh_findings()
    runs, events = FindingRun.objects.count(), AuditEvent.objects.count()
    for name in ("e1", "e1b"):
        response = client_for(city.users[name]).post(reverse("branches:findings_refresh"))
        assert response.status_code == 403
    assert (FindingRun.objects.count(), AuditEvent.objects.count()) == (runs, events)
    page = client_for(city.users["e1"]).get(reverse("branches:dashboard")).content.decode()
    assert 'id="findings-refresh"' not in page
    assert client_for(city.users["city"]).get(reverse("branches:findings_refresh")).status_code == 405


def test_the_page_says_when_the_last_computation_failed(city, large, client_for, monkeypatch):
    services.refresh_findings()
    monkeypatch.setattr(federation, "all_findings", lambda *a, **k: 1 / 0)
    services.refresh_findings()
    monkeypatch.undo()
    page = client_for(city.users["city"]).get(reverse("branches:dashboard")).content.decode()
    assert 'id="findings-failed"' in page


def test_a_closed_unit_leaves_the_table_at_once(city, large, client_for):
    services.refresh_findings()
    assert federation.table_findings(city.users["city"]).filter(branch=city.e3).exists()
    Branch.objects.filter(pk=city.e3.pk).update(is_active=False, closed_on="2026-01-01")
    assert not federation.table_findings(city.users["city"]).filter(branch=city.e3).exists()


FINDINGS = "/office/dashboard/findings/?kind=enrolment_below&q=%E8%A5%BF%E5%8C%BA"


@pytest.mark.parametrize(
    ("sent", "back_to"),
    [
        (FINDINGS, FINDINGS),
        ("/office/?node=3", "/office/?node=3"),
        ("https://evil.example/office/", "/office/"),
        ("//evil.example/office/", "/office/"),
        ("/office/roster/", "/office/"),
        ("/no/such/page/", "/office/"),
        ("", "/office/"),
    ],
)
def test_the_refresh_returns_to_the_page_it_was_asked_from_and_nowhere_else(
    city, large, client_for, sent, back_to
):
    assert reverse("branches:dashboard") == "/office/"
    services.refresh_findings()
    response = client_for(city.users["city"]).post(reverse("branches:findings_refresh"), {"next": sent})
    assert response.status_code == 302 and response["Location"] == back_to
