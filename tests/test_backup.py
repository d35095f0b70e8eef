"""A backup restored into an emptied database finds every worker and upload intact."""

import pytest
from django.core.management import call_command

from branches.models import Branch, Worker
from tests.conftest import build_world
from tests.factories import WorkerFactory
from unionhome.models import AuditEvent


def _empty_database():
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists() and not Branch.objects.exists()


def _roundtrip(tmp_path, settings):
    world = build_world()
    WorkerFactory.create_batch(20, branch=world.branch_b1)
    upload = tmp_path / "media" / "hardship" / "2026" / "证明.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 diagnosis certificate")
    expected = sorted(Worker.objects.values_list("id_number", "name", "branch__code"))
    call_command("backup_data", "--to", str(tmp_path / "backups"), verbosity=0)
    folder = next((tmp_path / "backups").iterdir())

    _empty_database()
    upload.unlink()
    assert Worker.objects.count() == 0

    call_command("restore_data", str(folder), verbosity=0)  # dry run: nothing changes
    assert Worker.objects.count() == 0 and not upload.exists()

    call_command("restore_data", str(folder), "--for-real", verbosity=0)
    assert sorted(Worker.objects.values_list("id_number", "name", "branch__code")) == expected
    assert Branch.objects.filter(code="B1").exists()
    assert upload.read_bytes() == b"%PDF-1.4 diagnosis certificate"


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_this_database(tmp_path, settings):
    _roundtrip(tmp_path, settings)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_postgresql(tmp_path, settings):
    _roundtrip(tmp_path, settings)


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore_data", str(tmp_path), "--for-real")
