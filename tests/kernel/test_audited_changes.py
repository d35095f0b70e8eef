"""``audit.changing``: a locked row changed in a block is saved with only what changed and audited once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import LeadershipGroup, Worker
from unionhome import audit
from unionhome.models import AuditEvent
from unionhome.versioning import StaleEdit

FIELDS = ("name", "card_number", "hire_date")


def _locked(worker: Worker) -> Worker:
    return Worker.objects.select_for_update().get(pk=worker.pk)


def _updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]


@pytest.mark.django_db
def test_a_change_is_saved_and_recorded_once_with_the_audited_fields(world):
    officer = world.users["officer"]
    worker = _locked(world.worker_a1)
    old_name, version = worker.name, worker.version
    with audit.changing(actor=officer, obj=worker, fields=FIELDS, action="worker.rename") as row:
        row.name = "改名后"
    events = list(AuditEvent.objects.filter(action="worker.rename"))
    assert len(events) == 1
    event = events[0]
    assert event.object_id == str(worker.pk)
    assert event.actor == officer
    assert event.branch_path == world.worker_a1.branch.path
    assert set(event.before) == set(event.after) == set(FIELDS)
    assert (event.before["name"], event.after["name"]) == (old_name, "改名后")
    assert event.before["card_number"] == event.after["card_number"]
    stored = Worker.objects.get(pk=worker.pk)
    assert stored.name == "改名后"
    assert stored.version == version + 1


@pytest.mark.django_db
def test_the_save_writes_only_the_changed_columns(world):
    worker = _locked(world.worker_a1)
    Worker.objects.filter(pk=worker.pk).update(card_number="SET-ELSEWHERE")  # unseen by this copy
    officer = world.users["officer"]
    with (
        CaptureQueriesContext(connection) as queries,
        audit.changing(actor=officer, obj=worker, fields=FIELDS, action="w.x") as row,
    ):
        row.name = "只改名字"
    (update,) = _updates(queries.captured_queries)
    assert '"name"' in update and '"version"' in update and '"updated_at"' in update
    assert '"card_number"' not in update and '"id_number"' not in update
    stored = Worker.objects.get(pk=worker.pk)
    assert (stored.name, stored.card_number) == ("只改名字", "SET-ELSEWHERE")


@pytest.mark.django_db
def test_nothing_changed_writes_nothing_and_records_nothing(world):
    worker = _locked(world.worker_a1)
    version, updated_at = worker.version, worker.updated_at
    officer = world.users["officer"]
    with (
        CaptureQueriesContext(connection) as queries,
        audit.changing(actor=officer, obj=worker, fields=FIELDS, action="w.same") as row,
    ):
        row.name = str(row.name)  # the same value set again
        row.hire_date = worker.hire_date
    assert _updates(queries.captured_queries) == []
    assert not AuditEvent.objects.filter(action="w.same").exists()
    stored = Worker.objects.get(pk=worker.pk)
    assert (stored.version, stored.updated_at) == (version, updated_at)


@pytest.mark.django_db
def test_an_exception_inside_the_block_saves_and_records_nothing(world):
    worker = _locked(world.worker_a1)
    old_name, version = worker.name, worker.version
    officer = world.users["officer"]
    with (
        pytest.raises(ValueError, match="refused"),
        audit.changing(actor=officer, obj=worker, fields=FIELDS, action="w.fail") as row,
    ):
        row.name = "不该保存"
        raise ValueError("refused")
    assert not AuditEvent.objects.filter(action="w.fail").exists()
    stored = Worker.objects.get(pk=worker.pk)
    assert (stored.name, stored.version) == (old_name, version)


@pytest.mark.django_db
def test_a_stale_version_is_refused_before_the_block_runs(world):
    worker = world.worker_a1
    shown = worker.version
    Worker.objects.filter(pk=worker.pk).update(name="别人先改了", version=shown + 1)
    locked = _locked(worker)
    ran = []
    with (
        pytest.raises(StaleEdit) as refused,
        audit.changing(
            actor=world.users["officer"],
            obj=locked,
            fields=FIELDS,
            action="w.stale",
            version=shown,
            submitted={"name": "我的修改"},
        ) as row,
    ):
        ran.append(row)
        row.name = "我的修改"
    assert ran == []
    assert [value for _, value in refused.value.changes] == ["别人先改了"]
    assert not AuditEvent.objects.filter(action="w.stale").exists()
    stored = Worker.objects.get(pk=worker.pk)
    assert (stored.name, stored.version) == ("别人先改了", shown + 1)


@pytest.mark.django_db
def test_the_current_version_passes_and_goes_up(world):
    worker = _locked(world.worker_a1)
    shown = worker.version
    with audit.changing(
        actor=world.users["officer"], obj=worker, fields=FIELDS, action="w.ok", version=str(shown)
    ) as row:
        row.hire_date = dt.date(2001, 2, 3)
    stored = Worker.objects.get(pk=worker.pk)
    assert (stored.hire_date, stored.version) == (dt.date(2001, 2, 3), shown + 1)
    event = AuditEvent.objects.get(action="w.ok")
    assert event.after["hire_date"] == "2001-02-03"


@pytest.mark.django_db
def test_extra_goes_into_the_recorded_after_but_is_not_compared(world):
    worker = _locked(world.worker_a1)
    with audit.changing(
        actor=world.users["officer"], obj=worker, fields=FIELDS, action="w.same", extra={"reason": "r"}
    ):
        pass
    assert not AuditEvent.objects.filter(action="w.same").exists()
    with audit.changing(
        actor=world.users["officer"],
        obj=worker,
        fields=FIELDS,
        action="w.changed",
        branch_path="0001",
        extra={"reason": "r"},
    ) as row:
        row.card_number = "NEW-CARD"
    event = AuditEvent.objects.get(action="w.changed")
    assert event.after["reason"] == "r" and "reason" not in event.before
    assert event.branch_path == "0001"


@pytest.mark.django_db
def test_a_new_instance_is_saved_whole_and_recorded_as_created(world):
    group = LeadershipGroup(branch=world.ent_a)
    with audit.changing(
        actor=world.users["officer"], obj=group, fields=("name",), action="group.create"
    ) as new:
        new.name = "建家领导小组"
        new.established_on = dt.date(2024, 1, 1)
    assert LeadershipGroup.objects.get(pk=group.pk).name == "建家领导小组"
    event = AuditEvent.objects.get(action="group.create")
    assert event.before is None and event.after == {"name": "建家领导小组"}


@pytest.mark.django_db
def test_a_version_for_a_row_that_is_gone_is_refused(world):
    group = LeadershipGroup(branch=world.ent_a)
    with (
        pytest.raises(StaleEdit),
        audit.changing(actor=None, obj=group, fields=("name",), action="group.create", version=3) as new,
    ):
        new.name = "不该保存"
    assert not LeadershipGroup.objects.filter(branch=world.ent_a).exists()
    assert not AuditEvent.objects.filter(action="group.create").exists()


@pytest.mark.django_db
def test_created_and_delete_record_the_row_on_either_side(world):
    officer = world.users["officer"]
    group = LeadershipGroup.objects.create(
        branch=world.ent_a, name="小组", established_on=dt.date(2024, 1, 1)
    )
    assert audit.created(actor=officer, action="group.create", obj=group, fields=("name",)) is group
    pk = group.pk
    audit.delete(actor=officer, action="group.delete", obj=group, fields=("name",), branch_path="0001")
    assert not LeadershipGroup.objects.filter(pk=pk).exists()
    made, gone = AuditEvent.objects.get(action="group.create"), AuditEvent.objects.get(action="group.delete")
    assert (made.before, made.after, made.object_id) == (None, {"name": "小组"}, str(pk))
    assert (gone.before, gone.after, gone.object_id, gone.branch_path) == (
        {"name": "小组"},
        None,
        str(pk),
        "0001",
    )


@pytest.mark.django_db
def test_a_list_changed_in_place_is_saved_and_recorded(world):
    from tests.hardship.factories import application_in, campaign_for

    application = application_in(campaign_for(world.district), world.worker_a1)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    causes = list(application.other_causes)
    with audit.changing(
        actor=world.users["officer"], obj=application, fields=["other_causes"], action="application.causes"
    ) as row:
        row.other_causes.append("disability")
    assert type(application).objects.get(pk=application.pk).other_causes == [*causes, "disability"]
    event = AuditEvent.objects.get(action="application.causes")
    assert event.after["other_causes"]["changed"] is True  # a health field: the trail keeps only that
