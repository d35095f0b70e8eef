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
@pytest.mark.isolated
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_on_postgresql(tmp_path, settings):
    _roundtrip(tmp_path, settings)


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore_data", str(tmp_path), "--for-real")


# --- a backup that verifies, a restore that changes nothing unless the backup is whole -------------


def _counts() -> dict[str, int]:
    """Every table's row count (the drill compares them all)."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _files(root) -> dict[str, str]:
    """Every file under MEDIA_ROOT with its SHA-256."""
    from pathlib import Path

    from unionhome.backup import sha256

    root = Path(root)
    return {str(p.relative_to(root)): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def _site_with_uploads(tmp_path):
    world = build_world()
    WorkerFactory.create_batch(5, branch=world.branch_b1)
    media = tmp_path / "media"
    for name, content in {
        "hardship/2026/证明.pdf": b"%PDF-1.4 one",
        "roster/a.xlsx": b"PK\x03\x04 two",
    }.items():
        path = media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return world


def _backup(tmp_path):
    call_command("backup_data", "--to", str(tmp_path / "backups"), verbosity=0)
    return next((tmp_path / "backups").iterdir())


def _change_everything(world, tmp_path):
    WorkerFactory.create_batch(3, branch=world.branch_a1)
    Worker.objects.filter(pk=world.worker_a1.pk).delete()
    media = tmp_path / "media"
    (media / "hardship/2026/证明.pdf").write_bytes(b"changed")
    (media / "roster/a.xlsx").unlink()
    (media / "new.txt").write_text("added after the backup")


def _drill(tmp_path, settings):
    import json
    import stat

    world = _site_with_uploads(tmp_path)
    folder = _backup(tmp_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    listed = json.loads((folder / "manifest.json").read_text())["files"]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes == dict.fromkeys([*listed, "manifest.json"], 0o600)
    rows, files = _counts(), _files(tmp_path / "media")

    _change_everything(world, tmp_path)
    assert _counts() != rows and _files(tmp_path / "media") != files

    call_command("restore_data", str(folder), "--for-real", verbosity=0)
    assert _counts() == rows
    assert _files(tmp_path / "media") == files


def _truncated_archive_changes_nothing(tmp_path, settings, which):
    from django.core.management.base import CommandError

    world = _site_with_uploads(tmp_path)
    folder = _backup(tmp_path)
    _change_everything(world, tmp_path)
    rows, files = _counts(), _files(tmp_path / "media")
    archive = folder / which
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match=f"{which} is damaged"):
        call_command("restore_data", str(folder), "--for-real", verbosity=0)
    with pytest.raises(CommandError, match=f"{which} is damaged"):
        call_command("restore_data", str(folder), verbosity=0)  # the dry run verifies too
    assert _counts() == rows and _files(tmp_path / "media") == files


@pytest.mark.django_db(transaction=True)
def test_restore_drill_on_this_database(tmp_path, settings):
    _drill(tmp_path, settings)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("which", ["media.tar.gz", "database.sqlite3"])
def test_a_truncated_archive_changes_nothing_on_this_database(tmp_path, settings, which):
    from django.db import connection

    if connection.vendor != "sqlite":
        which = which.replace("database.sqlite3", "database.dump")
    _truncated_archive_changes_nothing(tmp_path, settings, which)


@pytest.mark.postgres
@pytest.mark.isolated
@pytest.mark.django_db(transaction=True)
def test_restore_drill_on_postgresql(tmp_path, settings):
    _drill(tmp_path, settings)


@pytest.mark.postgres
@pytest.mark.isolated
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("which", ["media.tar.gz", "database.dump"])
def test_a_truncated_archive_changes_nothing_on_postgresql(tmp_path, settings, which):
    _truncated_archive_changes_nothing(tmp_path, settings, which)


@pytest.mark.django_db(transaction=True)
def test_an_archive_that_matches_its_checksum_but_cannot_be_extracted_changes_nothing(tmp_path, settings):
    """Verification reads the archive in full: a checksum rewritten to match a broken file is not enough."""
    import json

    from django.core.management.base import CommandError

    from unionhome.backup import sha256

    world = _site_with_uploads(tmp_path)
    folder = _backup(tmp_path)
    _change_everything(world, tmp_path)
    rows, files = _counts(), _files(tmp_path / "media")
    archive = folder / "media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-40])
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"]["media.tar.gz"]["sha256"] = sha256(archive)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="cannot be extracted in full"):
        call_command("restore_data", str(folder), "--for-real", verbosity=0)
    assert _counts() == rows and _files(tmp_path / "media") == files
