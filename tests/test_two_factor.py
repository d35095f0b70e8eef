"""Two-factor authentication: required for administrators, district reviewers and union officers."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionhome.models import AuditEvent


@pytest.fixture
def required(settings):
    settings.UNIONHOME_REQUIRE_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize("role", ["officer", "district", "admin"])
def test_officers_reviewers_and_admins_must_enrol_before_any_office_page(world, client_for, required, role):
    c = client_for(world.users[role])
    response = c.get(reverse("branches:roster"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/")
    assert c.get("/admin/").status_code == 302
    page = c.get(response["Location"])
    assert "totp-qr" in page.content.decode() and "两步验证" in page.content.decode()


@pytest.mark.parametrize("role", ["branch", "worker"])
def test_branch_officers_and_workers_are_not_asked(world, client_for, required, role):
    c = client_for(world.users[role])
    url = reverse("branches:dashboard") if role == "branch" else reverse("portal:profile")
    assert c.get(url).status_code == 200


def test_enrolment_with_the_right_code_opens_the_workspace(world, client_for, required):
    c = client_for(world.users["officer"])
    c.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=world.users["officer"])
    assert not device.confirmed
    response = c.post(reverse("two_factor"), {"token": _code(device), "next": "/office/roster/"})
    assert response.status_code == 302 and response["Location"] == "/office/roster/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert c.get(reverse("branches:roster")).status_code == 200
    assert AuditEvent.objects.filter(
        action="user.second_factor_enrolled", actor=world.users["officer"]
    ).exists()


def test_a_wrong_code_is_refused_with_a_chinese_message_and_nothing_opens(world, client_for, required):
    c = client_for(world.users["officer"])
    c.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=world.users["officer"])
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = c.post(reverse("two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert "验证码错误" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert c.get(reverse("branches:roster")).status_code == 302


def test_an_enrolled_officer_gives_a_code_at_the_next_login(world, client_for, required):
    device = TOTPDevice.objects.create(user=world.users["officer"], name="app", confirmed=True)
    c = client_for(world.users["officer"])
    page = c.get(reverse("two_factor")).content.decode()
    assert "totp-qr" not in page  # no new enrolment: the key is not shown again
    assert c.post(reverse("two_factor"), {"token": _code(device)}).status_code == 302
    assert c.get(reverse("branches:dashboard")).status_code == 200


def test_an_outside_next_url_is_not_followed(world, client_for, required):
    device = TOTPDevice.objects.create(user=world.users["officer"], name="app", confirmed=True)
    c = client_for(world.users["officer"])
    response = c.post(reverse("two_factor"), {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
