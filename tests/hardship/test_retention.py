"""PIPL retention: closed hardship files lose their personal data after N years; statistics and audit stay."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation

from hardship import rules, selectors, services
from hardship.exceptions import Conflict, HardshipError, PermissionRefused
from hardship.models import (
    Application,
    FileEntry,
    HardshipFile,
    HouseholdMember,
    Notification,
    Relief,
    Transition,
    Upload,
)
from tests.hardship.factories import application_in, open_file_for
from unionhome.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date(2026, 11, 26)
YEARS = 3


@pytest.mark.parametrize(
    ("today", "years", "cutoff"),
    [
        (dt.date(2026, 11, 26), 3, dt.date(2023, 11, 26)),
        (dt.date(2028, 2, 29), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 2, 29), 4, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 1), 0, dt.date(2026, 1, 1)),
    ],
)
def test_the_retention_cutoff_is_the_same_day_n_years_earlier(today, years, cutoff):
    assert rules.retention_cutoff(today, years) == cutoff


@pytest.mark.parametrize(
    ("closed_on", "due"),
    [
        (dt.date(2023, 11, 25), True),  # N years + 1 day
        (dt.date(2023, 11, 26), False),  # exactly N years: not yet "more than"
        (dt.date(2023, 11, 27), False),  # N years - 1 day
        (None, False),
    ],
)
def test_a_file_is_due_only_when_closed_more_than_n_years_ago(closed_on, due):
    assert rules.purge_due(closed_on, TODAY, YEARS) is due


def test_a_negative_retention_period_is_a_programming_error():
    with pytest.raises(ValueError):
        rules.retention_cutoff(TODAY, -1)


def _closed_file(world, worker, *, closed_on: dt.date, campaign, amount=Decimal("800")):
    """A worker's file closed on a day, with a delivered application, an upload and file entries."""
    application = application_in(campaign, worker, "relief_delivered", description="丈夫下岗，孩子上学")
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.make_aware(dt.datetime.combine(closed_on - dt.timedelta(days=60), dt.time(9)))
    )
    upload = Upload(
        application=application,
        kind="diagnosis",
        extension="pdf",
        original_name="诊断证明.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    upload.file.save("upload.pdf", ContentFile(PDF), save=False)
    upload.save()
    Transition.objects.create(
        application=application,
        action="reject",
        from_state="submitted",
        to_state="returned",
        reason="缺诊断证明",
    )
    Relief.objects.create(
        application=application,
        form="money",
        amount=amount,
        delivered_on=closed_on - dt.timedelta(days=30),
        delivered_by="工会主席",
        note="春节慰问，妻子住院",
    )
    Notification.objects.create(
        user=world.users["worker"], application=application, message="您的申请已退回：缺诊断证明"
    )
    file = open_file_for(worker)
    FileEntry.objects.create(
        file=file,
        kind="help",
        on=closed_on - dt.timedelta(days=30),
        form="money",
        amount=amount,
        note="住院慰问",
    )
    FileEntry.objects.create(file=file, kind="closed", on=closed_on, note="妻子病愈，已再就业")
    HardshipFile.objects.filter(pk=file.pk).update(
        status="closed", closed_on=closed_on, closed_reason="妻子病愈，已再就业"
    )
    file.refresh_from_db()
    return file, application, upload


@pytest.fixture
def old(world, campaign):
    """worker_a1's file closed N years + 1 day ago."""
    return _closed_file(world, world.worker_a1, closed_on=dt.date(2023, 11, 25), campaign=campaign)


@pytest.fixture
def recent(world, campaign):
    """worker_a2's file closed N years - 1 day ago."""
    return _closed_file(world, world.worker_a2, closed_on=dt.date(2023, 11, 27), campaign=campaign)


def test_a_file_closed_more_than_n_years_ago_loses_its_personal_data(old, django_capture_on_commit_callbacks):
    file, application, upload = old
    path = upload.file.path
    assert os.path.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        plans = services.purge_expired_files(today=TODAY, years=YEARS, for_real=True)
    assert [p.file_id for p in plans] == [file.pk]
    assert plans[0].application_ids == [application.pk]
    file.refresh_from_db()
    application.refresh_from_db()
    assert (file.situation, file.causes, file.closed_reason) == ("", "", "")
    assert file.purged_at is not None
    assert not FileEntry.objects.filter(file=file).exclude(note="").exists()
    assert not HouseholdMember.objects.filter(application=application).exists()
    assert not Upload.objects.filter(application=application).exists()
    assert not Notification.objects.filter(application=application).exists()
    assert not Transition.objects.filter(application=application).exclude(reason="").exists()
    assert (
        application.description == "" and application.category_reason == "" and application.per_capita is None
    )
    assert application.purged_at is not None
    relief = Relief.objects.get(application=application)
    assert relief.note == ""
    assert not os.path.exists(path)


def test_a_purge_keeps_the_statistics_summaries_add_up_from(old):
    file, application, _upload = old
    before = selectors.relief_total(application.campaign)
    entries_before = list(FileEntry.objects.filter(file=file).values_list("kind", "on", "form", "amount"))
    services.purge_expired_files(today=TODAY, years=YEARS, for_real=True)
    application.refresh_from_db()
    assert selectors.relief_total(application.campaign) == before == Decimal("800")
    assert (
        application.state,
        application.category,
        application.primary_cause,
        application.household_size,
    ) == (
        "relief_delivered",
        1,
        "major_illness",
        3,
    )
    assert application.enterprise_id and application.campaign_id
    assert (
        list(FileEntry.objects.filter(file=file).values_list("kind", "on", "form", "amount"))
        == entries_before
    )


def test_a_purge_writes_one_audit_event_per_file_with_counts_only(old):
    file, application, _upload = old
    services.purge_expired_files(today=TODAY, years=YEARS, for_real=True)
    events = AuditEvent.objects.filter(action="hardship.purge")
    assert events.count() == 1
    event = events.get()
    assert event.object_id == str(file.pk) and event.actor is None
    assert event.branch_path == file.branch.path
    assert event.after["applications"] == [application.pk]
    assert event.after["members"] == 3 and event.after["uploads"] == 1 and event.after["entries"] == 2
    assert "张三" not in str(event.after) and "病愈" not in str(event.after)


def test_a_file_closed_less_than_n_years_ago_is_kept(recent):
    file, application, upload = recent
    assert services.purge_expired_files(today=TODAY, years=YEARS, for_real=True) == []
    file.refresh_from_db()
    assert file.situation and file.closed_reason and file.purged_at is None
    assert HouseholdMember.objects.filter(application=application).count() == 3
    assert Upload.objects.filter(pk=upload.pk).exists()
    assert os.path.exists(upload.file.path)
    assert not AuditEvent.objects.filter(action="hardship.purge").exists()


def test_open_files_and_their_applications_are_never_touched(world, campaign):
    application = application_in(campaign, world.worker_a1, "relief_delivered")
    file = open_file_for(world.worker_a1, opened_on=dt.date(2015, 1, 1))
    HardshipFile.objects.filter(pk=file.pk).update(closed_on=dt.date(2016, 1, 1))  # stale date, still open
    assert services.purge_expired_files(today=TODAY, years=1, for_real=True) == []
    file.refresh_from_db()
    assert file.situation == "妻子患病" and file.purged_at is None
    assert HouseholdMember.objects.filter(application=application).count() == 3
    with translation.override("zh-hans"), pytest.raises(Conflict, match="尚未到清除期限"):
        services.purge_file(file=file, today=TODAY, years=1)


def test_an_application_still_in_progress_keeps_its_data_even_when_an_old_file_is_purged(
    old, world, campaign
):
    from tests.hardship.factories import campaign_for

    later = campaign_for(world.district, name="2027年送温暖", year=2027)
    running = application_in(later, world.worker_a1, "submitted")
    services.purge_expired_files(today=TODAY, years=YEARS, for_real=True)
    running.refresh_from_db()
    assert running.purged_at is None and running.description
    assert HouseholdMember.objects.filter(application=running).count() == 3


def test_the_dry_run_changes_nothing(old, recent):
    file, application, upload = old
    counts = (HouseholdMember.objects.count(), Upload.objects.count(), AuditEvent.objects.count())
    plans = services.purge_expired_files(today=TODAY, years=YEARS)
    assert [p.file_id for p in plans] == [file.pk]
    assert (HouseholdMember.objects.count(), Upload.objects.count(), AuditEvent.objects.count()) == counts
    file.refresh_from_db()
    assert file.purged_at is None and file.situation
    assert os.path.exists(upload.file.path)


def test_a_second_run_finds_nothing_more_to_purge(old):
    services.purge_expired_files(today=TODAY, years=YEARS, for_real=True)
    assert services.purge_expired_files(today=TODAY, years=YEARS, for_real=True) == []
    assert AuditEvent.objects.filter(action="hardship.purge").count() == 1


def test_a_user_cannot_run_the_purge(old, world):
    file, _application, _upload = old
    with pytest.raises(PermissionRefused):
        services.purge_file(actor=world.users["admin"], file=file, today=TODAY, years=YEARS)
    file.refresh_from_db()
    assert file.purged_at is None


def test_a_retention_below_one_year_is_refused(old):
    with translation.override("zh-hans"), pytest.raises(HardshipError, match="保存期限至少为一年"):
        services.purge_expired_files(today=TODAY, years=0, for_real=True)
    assert not AuditEvent.objects.filter(action="hardship.purge").exists()


def test_the_command_is_a_dry_run_by_default_and_purges_with_for_real(
    world, campaign, settings, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    settings.UNIONHOME = {**settings.UNIONHOME, "HARDSHIP_RETENTION_YEARS": 2}
    file, application, upload = _closed_file(
        world,
        world.worker_a1,
        closed_on=rules.retention_cutoff(today, 2) - dt.timedelta(days=1),
        campaign=campaign,
    )
    out = StringIO()
    call_command("purge_hardship_files", stdout=out)
    assert f"would purge file {file.pk}" in out.getvalue()
    assert "dry run, nothing changed" in out.getvalue()
    assert HouseholdMember.objects.filter(application=application).count() == 3
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_hardship_files", "--for-real", stdout=out)
    assert f"purged file {file.pk}" in out.getvalue() and "retention 2 years" in out.getvalue()
    assert not HouseholdMember.objects.filter(application=application).exists()
    assert not os.path.exists(upload.file.path)
    out = StringIO()
    call_command("purge_hardship_files", "--years", "5", stdout=out)
    assert "would purge 0 closed hardship files (retention 5 years)" in out.getvalue()
