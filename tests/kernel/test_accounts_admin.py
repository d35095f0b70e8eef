"""Accounts changed in the admin are audited; the password hash never reaches the trail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from unionhome.models import AuditEvent, User


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True, first_name="管理员")
    client.force_login(admin)
    return client


def _events(action):
    return list(AuditEvent.objects.filter(action=action))


def test_adding_an_account_in_the_admin_is_audited_without_the_password(admin_client):
    response = admin_client.post(
        reverse("admin:unionhome_user_add"),
        {"username": "newofficer", "password1": "Very-long-pass-1234", "password2": "Very-long-pass-1234"},
    )
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    [event] = _events("user.create")
    assert event.object_id == str(user.pk) and event.actor_username == "root"
    assert user.password not in str(event.after) and "pbkdf2" not in str(event.after)
    assert event.after["password"]["changed"] is True  # that it was set, never the value


def test_changing_an_account_in_the_admin_is_audited(admin_client):
    user = UserFactory(username="clerk", is_active=True)
    data = {
        "username": "clerk",
        "first_name": "王",
        "last_name": "",
        "email": "",
        "is_active": "",  # deactivated
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "08:00:00",
    }
    response = admin_client.post(reverse("admin:unionhome_user_change", args=[user.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_active is False
    [event] = _events("user.change")
    assert event.before["is_active"] is True and event.after["is_active"] is False
    assert "password" not in event.after


def test_a_new_password_set_in_the_admin_is_audited_as_set_never_as_its_hash(admin_client):
    user = UserFactory(username="clerk")
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Another-long-pass-987", "password2": "Another-long-pass-987"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    [event] = _events("user.change")
    assert event.after["password"]["changed"] is True  # that it was set, never the value
    assert user.password not in str(event.before) + str(event.after)


def test_deleting_an_account_keeps_who_it_was_on_the_trail(admin_client):
    user = UserFactory(username="leaver", first_name="赵", last_name="六")
    response = admin_client.post(reverse("admin:unionhome_user_delete", args=[user.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="leaver").exists()
    [event] = _events("user.delete")
    assert event.before["username"] == "leaver" and event.actor_username == "root"


def test_only_an_administrator_may_manage_accounts(db):
    from unionhome import accounts_admin
    from unionhome.exceptions import PermissionRefused

    officer = UserFactory(username="officer")
    victim = UserFactory(username="victim")
    with pytest.raises(PermissionRefused):
        accounts_admin.user_delete(actor=officer, user=victim)
    assert User.objects.filter(username="victim").exists()
    assert not AuditEvent.objects.filter(action="user.delete").exists()
