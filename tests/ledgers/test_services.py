"""Ledger services: the happy path, each refusal, and nothing changed on a refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from democracy.models import Representative, Term
from ledgers import services
from ledgers.models import LedgerAttachment, LedgerEntry, LedgerParticipant
from tests.factories import WorkerFactory
from tests.ledgers.factories import PNG, entry_at
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent
from unionhome.versioning import StaleEdit

TODAY = timezone.localdate()


def _training(world, actor="officer", **overrides):
    values = {
        "actor": world.users[actor],
        "branch": world.branch_a1,
        "kind": "training",
        "date": TODAY,
        "title": "岗位练兵",
        "data": {"form": "drill", "hours": "4", "trainer": "技术科"},
        "participants": [(world.worker_a1.pk, Decimal("4"), ""), (world.worker_a2.pk, Decimal("4"), "")],
    }
    values.update(overrides)
    return services.entry_create(**values)


def test_create_keeps_typed_data_participants_and_an_audit_event(world):
    entry = _training(world)
    assert entry.data == {"form": "drill", "hours": "4", "trainer": "技术科"}
    assert sorted(entry.participants.values_list("worker__name", flat=True)) == ["张三", "李四"]
    assert entry.created_by == world.users["officer"]
    event = AuditEvent.objects.get(action="ledgers.entry.create")
    assert event.branch_path == world.branch_a1.path
    assert event.after["hours"] == "4"
    assert len(event.after["participants"]) == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"data": {"form": "drill"}}, "hours"),  # required
        ({"data": {"form": "nap", "hours": "4"}}, "form"),  # not a choice
        ({"data": {"form": "drill", "hours": "0.4"}}, "hours"),  # below the minimum
        ({"date": TODAY + dt.timedelta(days=1)}, "date"),  # in the future
        ({"date": dt.date(1999, 12, 31)}, "date"),
        ({"title": "  "}, "title"),
        ({"participants": [(10**9, Decimal("4"), "")]}, "participants"),  # no such worker
        ({"participants": [("x", Decimal("4"), "")]}, "participants"),
    ],
)
def test_invalid_data_is_refused_and_nothing_is_written(world, overrides, field):
    with pytest.raises(services.LedgerError) as refused:
        _training(world, **overrides)
    assert field in refused.value.errors
    assert not LedgerEntry.objects.exists()
    assert not LedgerParticipant.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="ledgers.").exists()


def test_participants_must_be_on_the_roster_of_the_units_enterprise(world):
    with pytest.raises(services.LedgerError) as refused:
        _training(world, participants=[(world.worker_b1.pk, Decimal("2"), "")])
    assert "participants" in refused.value.errors
    assert not LedgerEntry.objects.exists()


def test_hours_are_required_of_each_participant_of_a_training(world):
    with pytest.raises(services.LedgerError) as refused:
        _training(world, participants=[(world.worker_a1.pk, None, "")])
    assert refused.value.errors == {"participants": services._messages()["hours"]}


def test_a_workshop_must_lie_in_the_entrys_subtree(world):
    officer = world.users["officer"]
    with pytest.raises(services.LedgerError) as refused:
        services.entry_create(
            actor=officer, branch=world.branch_a1, kind="safety_inspection", date=TODAY, title="安全检查",
            data={"workshop": world.branch_a2.pk, "findings_count": 0},
        )  # fmt: skip
    assert "workshop" in refused.value.errors
    entry = services.entry_create(
        actor=officer, branch=world.ent_a, kind="safety_inspection", date=TODAY, title="安全检查",
        data={"workshop": world.branch_a2.pk, "findings_count": 0},
    )  # fmt: skip
    assert entry.data["workshop"] == world.branch_a2.pk


@pytest.mark.parametrize("actor", ["officer_b", "district", "worker"])
def test_who_may_not_record_at_the_unit_is_refused(world, actor):
    with pytest.raises(PermissionRefused):
        _training(world, actor=actor)
    assert not LedgerEntry.objects.exists()


def test_a_branch_officer_records_in_their_subtree_only(world):
    assert _training(world, actor="branch").branch == world.branch_a1
    with pytest.raises(PermissionRefused):
        _training(world, actor="branch", branch=world.branch_a2)


def test_unknown_and_linked_kinds_are_refused(world):
    for kind in ("nothing", "letters_visits"):
        with pytest.raises(services.LedgerError):
            _training(world, kind=kind)
    assert not LedgerEntry.objects.exists()


def test_hidden_danger_status_follows_its_closing_date(world):
    officer = world.users["officer"]
    found = TODAY - dt.timedelta(days=10)
    data = {
        "workshop": world.branch_a1.pk,
        "description": "顶板离层",
        "deadline": found + dt.timedelta(days=5),
    }
    entry = services.entry_create(
        actor=officer, branch=world.branch_a1, kind="hidden_danger", date=found, title="隐患", data=data
    )
    assert entry.status == "open"
    entry = services.entry_update(
        actor=officer, entry=entry, date=found, title="隐患", data={**data, "closed_on": found + dt.timedelta(days=3)},
        version=entry.version,
    )  # fmt: skip
    assert entry.status == "rectified"
    with pytest.raises(services.LedgerError) as refused:
        services.entry_update(
            actor=officer, entry=entry, date=found, title="隐患",
            data={**data, "deadline": found - dt.timedelta(days=1)}, version=entry.version,
        )  # fmt: skip
    assert "deadline" in refused.value.errors
    entry.refresh_from_db()
    assert entry.status == "rectified" and entry.data["closed_on"]


def test_update_checks_the_version_and_is_audited(world):
    entry = _training(world)
    stale = entry.version
    services.entry_update(
        actor=world.users["officer"], entry=entry, date=TODAY, title="岗位练兵（补记）",
        data={"form": "drill", "hours": "2"}, participants=[(world.worker_a1.pk, Decimal("2"), "")], version=stale,
    )  # fmt: skip
    entry.refresh_from_db()
    assert entry.title == "岗位练兵（补记）"
    assert list(entry.participants.values_list("hours", flat=True)) == [Decimal("2.0")]
    event = AuditEvent.objects.get(action="ledgers.entry.update")
    assert event.before["hours"] == "4" and event.after["hours"] == "2"
    with pytest.raises(StaleEdit):
        services.entry_update(
            actor=world.users["officer"], entry=entry, date=TODAY, title="又改", data={"form": "drill", "hours": "1"},
            version=stale,
        )  # fmt: skip
    entry.refresh_from_db()
    assert entry.title == "岗位练兵（补记）"


def test_the_district_reads_but_may_not_edit(world):
    entry = _training(world)
    with pytest.raises(PermissionRefused):
        services.entry_update(
            actor=world.users["district"],
            entry=entry,
            date=TODAY,
            title="x",
            data={"form": "drill", "hours": "1"},
        )
    with pytest.raises(PermissionRefused):
        services.entry_delete(actor=world.users["district"], entry=entry)
    assert LedgerEntry.objects.filter(pk=entry.pk, title="岗位练兵").exists()


def test_delete_removes_the_entry_its_participants_and_is_audited(world):
    entry = _training(world)
    services.entry_delete(actor=world.users["officer"], entry=entry)
    assert not LedgerEntry.objects.exists() and not LedgerParticipant.objects.exists()
    assert AuditEvent.objects.filter(action="ledgers.entry.delete").count() == 1


def test_attachments_are_judged_by_content(world):
    entry = entry_at(world.branch_a1)
    officer = world.users["officer"]
    attachment = services.attachment_add(
        actor=officer, entry=entry, file=SimpleUploadedFile("..\\..\\evil.exe", PNG, content_type="text/html")
    )
    assert (attachment.content_type, attachment.extension, attachment.original_name) == (
        "image/png",
        "png",
        "evil.exe",
    )
    for content in (b"MZ\x90\x00" + b"\x00" * 60, b""):
        with pytest.raises(services.LedgerError):
            services.attachment_add(actor=officer, entry=entry, file=SimpleUploadedFile("a.png", content))
    assert LedgerAttachment.objects.count() == 1
    with pytest.raises(PermissionRefused):
        services.attachment_delete(actor=world.users["officer_b"], attachment=attachment)
    services.attachment_delete(actor=officer, attachment=attachment)
    assert not LedgerAttachment.objects.exists()


def test_representatives_training_names_a_term_of_the_units_enterprise(world):
    term = Term.objects.create(enterprise=world.ent_a, number=3, elected_on=TODAY - dt.timedelta(days=10))
    other = Term.objects.create(enterprise=world.ent_b, number=1, elected_on=TODAY - dt.timedelta(days=10))
    Representative.objects.create(term=term, worker=world.worker_a1, constituency=world.branch_a1)
    officer = world.users["officer"]
    values = {"occasion": "after_election", "hours": "8"}
    with pytest.raises(services.LedgerError) as refused:
        services.entry_create(
            actor=officer, branch=world.ent_a, kind="representative_training", date=TODAY, title="代表培训",
            data={**values, "term": other.pk},
        )  # fmt: skip
    assert "term" in refused.value.errors
    entry = services.entry_create(
        actor=officer, branch=world.ent_a, kind="representative_training", date=TODAY, title="代表培训",
        data={**values, "term": term.pk}, participants=[(world.worker_a1.pk, Decimal("8"), "")],
    )  # fmt: skip
    assert entry.data["term"] == term.pk


def test_a_worker_who_left_may_still_be_named(world):
    left = WorkerFactory(branch=world.branch_a2, status="left")
    entry = services.entry_create(
        actor=world.users["officer"], branch=world.ent_a, kind="model_worker", date=TODAY, title="劳模",
        data={"worker": left.pk, "category": "model_worker", "honour": "市劳动模范", "level": "city", "year": 2020},
    )  # fmt: skip
    assert entry.data["worker"] == left.pk


@pytest.mark.parametrize(
    ("hours", "code"), [("0.2", "hours_range"), ("1.3", "hours_step"), ("999", "hours_range")]
)
def test_a_participants_hours_in_range_and_step_or_nothing_is_written(world, hours, code):
    with pytest.raises(services.LedgerError) as refused:
        _training(world, participants=[(world.worker_a1.pk, hours, "")])
    assert refused.value.errors == {"participants": services._messages()[code]}
    assert not LedgerEntry.objects.exists() and not LedgerParticipant.objects.exists()


def test_a_participants_role_longer_than_the_column_is_refused(world):
    with pytest.raises(services.LedgerError):
        _training(world, participants=[(world.worker_a1.pk, "4", "长" * 61)])
    assert not LedgerEntry.objects.exists()
