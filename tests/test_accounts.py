"""Accounts: login throttling with a Chinese message, client addresses, security headers."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.UNIONHOME_ACCOUNT_FAILURE_LIMIT = 30
    settings.UNIONHOME_ADDRESS_FAILURE_LIMIT = 50


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _from(address: str) -> dict:
    return {"REMOTE_ADDR": address}


def _cool_off_passes():
    """Move the address locks' failures back past the cool-off: they expire."""
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - dt.timedelta(hours=2)
        )


def test_five_failures_lock_the_account_from_that_address_even_for_the_right_password(db, client, axes_on):
    UserFactory(username="officer")
    for _ in range(4):
        assert _login(client, "officer", "wrong").status_code == 200
    locked = _login(client, "officer", "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录失败次数过多" in page and "来自您所在地址的登录暂停 30 分钟" in page
    response = _login(client, "officer", "unionhome-test-pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_attacker_at_another_address_does_not_lock_the_officer_out(db, client, axes_on):
    UserFactory(username="officer")
    for _ in range(10):
        _login(client, "officer", "wrong", **_from("203.0.113.66"))
    assert _login(client, "officer", "unionhome-test-pw", **_from("203.0.113.66")).status_code == 429
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.7")).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_address_lock(db, client, axes_on):
    UserFactory(username="fresh")
    for i in range(5):
        _login(client, "fresh", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    response = _login(client, "fresh", "unionhome-test-pw", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 429  # the header is not trusted: all five came from one address


def test_behind_the_proxy_the_forwarded_address_is_the_client(db, client, axes_on, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    UserFactory(username="fresh")
    for _ in range(5):
        _login(client, "fresh", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7, 127.0.0.1")
    same_client = _login(client, "fresh", "unionhome-test-pw", HTTP_X_FORWARDED_FOR="203.0.113.7, 127.0.0.1")
    assert same_client.status_code == 429
    other_client = _login(
        client, "fresh", "unionhome-test-pw", HTTP_X_FORWARDED_FOR="198.51.100.2, 127.0.0.1"
    )
    assert other_client.status_code == 302  # a different client behind the same proxy is not locked


def test_thirty_failures_from_many_addresses_lock_the_account_until_an_administrator_clears_it(
    db, client, axes_on
):
    UserFactory(username="officer")
    for i in range(6):
        for _ in range(4 if i < 5 else 5):  # 4 + 4 + 4 + 4 + 4 + 5 = 25: not yet
            _login(client, "officer", "wrong", **_from(f"203.0.113.{i}"))
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.7")).status_code == 302
    client.logout()
    for i in range(6):  # a fresh count after the login: 6 addresses × 5 = 30
        for _ in range(5):
            _login(client, "officer", "wrong", **_from(f"192.0.2.{i}"))
    locked = _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.7"))
    assert locked.status_code == 429
    assert "请本单位系统管理员解锁" in locked.content.decode() and "暂停" not in locked.content.decode()
    _cool_off_passes()  # the address locks expire; the account lock does not
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.8")).status_code == 429
    call_command("axes_reset_username", "officer", stdout=io.StringIO())
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.8")).status_code == 302


def test_one_address_alone_never_locks_the_account(db, client, axes_on):
    UserFactory(username="officer")
    for _ in range(8):  # 8 × 5 = 40 failures over four hours, all from one address
        for _ in range(5):
            _login(client, "officer", "wrong", **_from("203.0.113.66"))
        _cool_off_passes()
    assert AccessFailureLog.objects.filter(username="officer").count() == 40
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.7")).status_code == 302


def test_one_address_spraying_many_usernames_is_paused_and_other_addresses_are_not(db, client, axes_on):
    UserFactory(username="officer")
    for i in range(25):  # two passwords on each of 25 names: never 5 for one name
        for _ in range(2):
            _login(client, f"name{i}", "wrong", **_from("203.0.113.66"))
    assert AccessFailureLog.objects.filter(ip_address="203.0.113.66").count() == 50
    assert _login(client, "officer", "unionhome-test-pw", **_from("203.0.113.66")).status_code == 429
    assert _login(client, "officer", "unionhome-test-pw", **_from("198.51.100.7")).status_code == 302


def test_the_address_pause_ends_with_the_cool_off(db, client, axes_on):
    UserFactory(username="officer")
    for i in range(50):
        _login(client, f"name{i}", "wrong", **_from("203.0.113.66"))
    AccessFailureLog.objects.update(attempt_time=timezone.now() - dt.timedelta(hours=2))
    assert _login(client, "officer", "unionhome-test-pw", **_from("203.0.113.66")).status_code == 302


def test_the_failure_log_keeps_the_newest_failures_when_trimmed(db, client, axes_on, settings):
    settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 3
    UserFactory(username="officer")
    for i in range(5):
        _login(client, "officer", "wrong", **_from(f"203.0.113.{i}"))
    kept = (
        AccessFailureLog.objects.filter(username="officer")
        .order_by("id")
        .values_list("ip_address", flat=True)
    )
    assert list(kept) == ["203.0.113.2", "203.0.113.3", "203.0.113.4"]


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
