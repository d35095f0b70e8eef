"""Backup and restore of the database and the uploaded files.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --single-transaction``. SQLite: the
online backup API (a consistent copy even while the site runs). Uploads: a tar.gz of MEDIA_ROOT. A
backup is a folder (0700, its files 0600: they hold personal data) with ``database.dump`` or
``database.sqlite3``, ``media.tar.gz`` and ``manifest.json``, which lists each file's SHA-256.

A restore verifies before it touches anything: every checksum, then both archives read in full
(the database archive replayed into nothing, the uploads extracted into a staging folder). Only
when both are whole is the database replaced (in one transaction), and then the uploads swapped in
by renames within MEDIA_ROOT. A refused or failed restore leaves the site as it was and says why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import zlib
from pathlib import Path

from django.conf import settings
from django.db import connection

DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_FILE = "media.tar.gz"
STAGING_PREFIX = ".restore-"  # inside MEDIA_ROOT while a restore swaps the uploads; never backed up


class BackupError(Exception):
    pass


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db["USER"]),
    ]
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[:2000]}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _private_files():
    """Files and folders created meanwhile are readable by their owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _media_filter(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    parts = Path(info.name).parts
    if len(parts) > 1 and parts[1].startswith(STAGING_PREFIX):
        return None
    return info


def backup(target_dir: Path) -> Path:
    """Write a backup into a new folder under ``target_dir`` and return it."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"unsupported database: {vendor}")
    with _private_files():
        target_dir = Path(target_dir)
        target_dir.mkdir(parents=True, exist_ok=True)
        folder = target_dir / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        folder.mkdir(mode=0o700)
        database = folder / DATABASE_FILES[vendor]
        if vendor == "postgresql":
            args, env = _pg_env()
            _run(["pg_dump", *args, "--format=custom", "--no-owner", "-f", str(database),
                  connection.settings_dict["NAME"]], env)  # fmt: skip
        else:
            connection.ensure_connection()
            with sqlite3.connect(database) as target:
                connection.connection.backup(target)
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / MEDIA_FILE, "w:gz") as tar:
            if media.exists():
                tar.add(media, arcname="media", filter=_media_filter)
        files = {
            path.name: {"sha256": sha256(path), "bytes": path.stat().st_size}
            for path in (database, folder / MEDIA_FILE)
        }
        manifest = {
            "created": dt.datetime.now().isoformat(),
            "database": vendor,
            "media_root": str(media),
            "files": files,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
        for path in folder.iterdir():
            path.chmod(0o600)
        folder.chmod(0o700)
    return folder


# --- restore: verify everything, then swap ---------------------------------------------------------


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"the manifest of {folder} cannot be read ({exc}); nothing was changed") from exc
    vendor = connection.vendor
    if manifest.get("database") != vendor:
        raise BackupError(
            f"backup of {manifest.get('database')} cannot be restored into {vendor}; nothing was changed"
        )
    if not isinstance(manifest.get("files"), dict):
        raise BackupError(
            "the manifest lists no checksums (a backup of an older version); nothing was changed"
        )
    return manifest


def _check_sums(folder: Path, manifest: dict) -> None:
    expected = {DATABASE_FILES[manifest["database"]], MEDIA_FILE}
    missing = expected - set(manifest["files"])
    if missing:
        raise BackupError(f"the manifest does not list {', '.join(sorted(missing))}; nothing was changed")
    for name, entry in manifest["files"].items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup; nothing was changed")
        if sha256(path) != entry.get("sha256"):
            raise BackupError(
                f"{name} is damaged (its SHA-256 differs from the manifest: truncated or altered); "
                "nothing was changed"
            )


def _check_database(folder: Path, vendor: str) -> None:
    """Read the whole database archive (nothing is written anywhere)."""
    path = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        result = subprocess.run(
            ["pg_restore", "--file", os.devnull, str(path)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BackupError(
                f"{path.name} cannot be read in full ({result.stderr.strip()[:500]}); nothing was changed"
            )
        return
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            outcome = db.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} is not a readable database ({exc}); nothing was changed") from exc
    if not outcome or outcome[0] != "ok":
        raise BackupError(f"{path.name} fails its integrity check ({outcome}); nothing was changed")


def _extract_media(folder: Path, staging: Path) -> Path:
    """Extract the uploads in full into ``staging``/new; a damaged archive raises."""
    new = staging / "new"
    new.mkdir(parents=True)
    try:
        with tarfile.open(folder / MEDIA_FILE, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
            for member in members:
                member.name = member.name.removeprefix("media").lstrip("/")
            tar.extractall(new, members=[m for m in members if m.name], filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"{MEDIA_FILE} cannot be extracted in full ({exc}); nothing was changed") from exc
    return new


def verify(folder: Path) -> dict:
    """Check a backup folder without changing anything: its manifest, checksums and database archive."""
    folder = Path(folder)
    manifest = _manifest(folder)
    _check_sums(folder, manifest)
    _check_database(folder, manifest["database"])
    return manifest


def _restore_database(folder: Path, vendor: str) -> None:
    path = folder / DATABASE_FILES[vendor]
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_env()
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "-d", connection.settings_dict["NAME"], str(path)], env)  # fmt: skip
    else:
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as source:
            source.backup(connection.connection)


def _swap_media(media: Path, staging: Path, new: Path) -> None:
    """Put the extracted uploads in place of the current ones: renames within MEDIA_ROOT only.

    MEDIA_ROOT itself stays (it may be a mount point); a failure half-way moves everything back.
    """
    old = staging / "old"
    old.mkdir()
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in list(media.iterdir()):
            if entry.name.startswith(STAGING_PREFIX):
                continue
            entry.rename(old / entry.name)
            moved_out.append(entry.name)
        for entry in list(new.iterdir()):
            entry.rename(media / entry.name)
            moved_in.append(entry.name)
    except OSError:
        for name in moved_in:
            (media / name).rename(new / name)
        for name in moved_out:
            (old / name).rename(media / name)
        raise


def restore(folder: Path) -> None:
    """Replace the database's contents and the uploads with those of a verified backup folder."""
    folder = Path(folder)
    manifest = verify(folder)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    staging = media / f"{STAGING_PREFIX}{dt.datetime.now():%Y%m%d-%H%M%S-%f}"
    try:
        staging.mkdir(mode=0o700)
        new = _extract_media(folder, staging)
        _restore_database(folder, manifest["database"])  # one transaction: whole or not at all
        try:
            _swap_media(media, staging, new)
        except OSError as exc:
            raise BackupError(
                f"the database was restored but the uploads could not be swapped in ({exc}); the "
                f"previous uploads are still in {media}. Run the restore again."
            ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
