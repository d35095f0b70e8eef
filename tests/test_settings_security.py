"""Sessions, passwords and the production settings are what SECURITY.md says they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent


def test_sessions_end_after_eight_hours_or_with_the_browser_and_scripts_cannot_read_the_cookie():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.parametrize("password", ["short1", "1234567890123", "password123", "unionhome"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("职工之家-冬季送温暖-2026")


def _production(code: str) -> subprocess.CompletedProcess:
    # The test run's own switches (e.g. pytest-playwright's DJANGO_ALLOW_ASYNC_UNSAFE) are not
    # part of a deployment.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-key-for-this-test-only-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "union.example",
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_force_https_secure_cookies_hsts_and_the_second_factor():
    result = _production(
        "import json, django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unionhome.settings');"
        "django.setup(); from django.conf import settings as s;"
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.UNIONHOME_REQUIRE_2FA, s.DEBUG]))"
    )
    assert result.returncode == 0, result.stderr
    redirect, session_secure, csrf_secure, hsts, subdomains, two_factor, debug = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert redirect and session_secure and csrf_secure and subdomains and two_factor
    assert hsts >= 31536000 and debug is False


def test_production_refuses_to_start_without_a_secret_key():
    env_code = "import os; os.environ.pop('DJANGO_SECRET_KEY'); import django;"
    result = _production(
        env_code + "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unionhome.settings'); django.setup()"
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_the_deployment_check_passes_with_production_settings():
    result = _production(
        "import sys; from django.core.management import execute_from_command_line;"
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'unionhome.settings');"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stdout + result.stderr
