"""The zh_Hans catalogue is complete: no untranslated and no fuzzy entries; placeholders kept."""

import re
from pathlib import Path

import polib
import pytest

CATALOGUES = sorted(Path(__file__).resolve().parents[1].glob("locale/zh_Hans/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_catalogue_is_complete_and_not_fuzzy(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_translations_keep_their_placeholders(path):
    for entry in polib.pofile(str(path)).translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert set(PLACEHOLDER.findall(entry.msgid)) == set(PLACEHOLDER.findall(translated)), entry.msgid


def test_there_is_a_catalogue():
    assert CATALOGUES


def test_pages_are_chinese_by_default_and_english_on_request(client, db):
    assert "登录" in client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_every_string_the_code_marks_for_translation_is_in_the_catalogue(tmp_path):
    """``makemessages`` over a copy of the project adds no entry the catalogue lacks (a string in an
    f-string or a hand-edited catalogue would otherwise show in English)."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    copy = tmp_path / "project"
    skip = shutil.ignore_patterns(
        ".venv", ".git", "media", "staticfiles", "test-artifacts", "backups", "*.sqlite3", "__pycache__"
    )
    shutil.copytree(root, copy, ignore=skip)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--ignore=tests",
            "--ignore=bench",
            "--no-location",
            "--no-obsolete",
            "-v",
            "0",
        ],  # fmt: skip
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    regenerated = polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in regenerated.untranslated_entries()]
    assert not missing, f"marked for translation but not in the catalogue: {missing[:20]}"
    # a new string close to an old one is merged as "fuzzy" with the old one's translation: it is
    # missing too, and would show the old sentence
    guessed = [e.msgid for e in regenerated.fuzzy_entries()]
    assert not guessed, f"marked for translation, only a near match in the catalogue: {guessed[:20]}"
