"""Backup and restore of the database and the uploaded files.

PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean``. SQLite: the online backup API
(a consistent copy even while the site runs). Uploads: a tar.gz of MEDIA_ROOT. A backup is a
folder with ``database.dump`` or ``database.sqlite3``, ``media.tar.gz`` and ``manifest.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection


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


def backup(target_dir: Path) -> Path:
    """Write a backup into a new folder under ``target_dir`` and return it."""
    folder = Path(target_dir) / dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder.mkdir(parents=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        args, env = _pg_env()
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "-f", str(folder / "database.dump"),
              connection.settings_dict["NAME"]], env)  # fmt: skip
    elif vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as target:
            connection.connection.backup(target)
    else:
        raise BackupError(f"unsupported database: {vendor}")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname="media")
    manifest = {"created": dt.datetime.now().isoformat(), "database": vendor, "media_root": str(media)}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder: Path) -> None:
    """Replace the database's contents and the uploads with those of a backup folder."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"backup of {manifest['database']} cannot be restored into {vendor}")
    if vendor == "postgresql":
        connection.close()
        args, env = _pg_env()
        _run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "-d", connection.settings_dict["NAME"], str(folder / "database.dump")], env)  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as source:
            source.backup(connection.connection)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    media.mkdir(parents=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as tar:
        members = [m for m in tar.getmembers() if m.name == "media" or m.name.startswith("media/")]
        for member in members:
            member.name = member.name.removeprefix("media").lstrip("/")
        tar.extractall(media, members=[m for m in members if m.name], filter="data")
