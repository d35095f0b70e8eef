"""Accounts: login throttling with a Chinese message, client addresses, security headers."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_account_even_for_the_right_password(db, client, axes_on):
    UserFactory(username="officer")
    for _ in range(4):
        assert _login(client, "officer", "wrong").status_code == 200
    locked = _login(client, "officer", "wrong")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    response = _login(client, "officer", "unionhome-test-pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(db, client, axes_on):
    for i in range(5):
        _login(client, f"nobody{i}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    UserFactory(username="fresh")
    response = _login(client, "fresh", "unionhome-test-pw", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429


def test_behind_the_proxy_the_forwarded_address_is_the_client(db, client, axes_on, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    for i in range(5):
        _login(client, f"nobody{i}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7, 127.0.0.1")
    UserFactory(username="fresh")
    other_client = _login(
        client, "fresh", "unionhome-test-pw", HTTP_X_FORWARDED_FOR="198.51.100.2, 127.0.0.1"
    )
    assert other_client.status_code == 302  # a different client behind the same proxy is not locked


def test_a_successful_login_resets_the_count(db, client, axes_on):
    UserFactory(username="officer")
    for _ in range(4):
        _login(client, "officer", "wrong")
    assert _login(client, "officer", "unionhome-test-pw").status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "officer", "wrong")
    assert _login(client, "officer", "unionhome-test-pw").status_code == 302


def test_pages_carry_a_strict_content_security_policy_and_security_headers(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page
