"""Login lockout in two tiers, on django-axes (settings: ``AXES_*``, ``UNIONHOME_ACCOUNT_FAILURE_LIMIT``).

- **A username from one address** (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``):
  after ``AXES_FAILURE_LIMIT`` failures that pair is locked for ``AXES_COOLOFF_HOURS``. The same
  username from any other address is not: typing an officer's name with wrong passwords locks out
  the typist, not the officer.
- **An account from anywhere**: after ``UNIONHOME_ACCOUNT_FAILURE_LIMIT`` failures since the
  account's last successful login, the account is locked until an administrator clears it. At most
  ``AXES_FAILURE_LIMIT`` failures are counted per address, so one address alone never locks an
  account (with the defaults, 30 failures need six addresses): this tier stops a password guessed
  from many addresses, a few tries each.
- **An address across usernames**: after ``UNIONHOME_ADDRESS_FAILURE_LIMIT`` failures from one
  address within the cool-off, whatever the usernames, that address is paused for the cool-off.
  This stops one address from trying a few passwords on each of many accounts (password
  spraying); the limit is high, so a shared office address is not paused by ordinary typos.

Failures are read from axes' failure log (``AccessFailureLog``, kept beyond the cool-off). An
administrator clears an account with ``manage.py axes_reset_username <username>`` or by deleting
its entries under "Access failures" in the admin; a successful login starts the count afresh.
"""

from __future__ import annotations

import datetime as dt

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone


def account_failures(username: str | None) -> int:
    """Failures counted against the account since its last login (at most the per-address limit
    from each address)."""
    if not username:
        return 0
    failures = AccessFailureLog.objects.filter(username=username)
    user_model = get_user_model()
    last_login = (
        user_model.objects.filter(**{user_model.USERNAME_FIELD: username})
        .values_list("last_login", flat=True)
        .first()
    )
    if last_login is not None:
        failures = failures.filter(attempt_time__gt=last_login)
    per_address = failures.values("ip_address").annotate(n=Count("id")).values_list("n", flat=True)
    return sum(min(n, settings.AXES_FAILURE_LIMIT) for n in per_address)


def account_locked(username: str | None) -> bool:
    return account_failures(username) >= settings.UNIONHOME_ACCOUNT_FAILURE_LIMIT


def address_locked(ip_address: str | None) -> bool:
    """Too many failures from one address, over any usernames, within the cool-off."""
    if not ip_address:
        return False
    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessFailureLog.objects.filter(ip_address=ip_address, attempt_time__gt=since)
    return failures.count() >= settings.UNIONHOME_ADDRESS_FAILURE_LIMIT


class LoginLockoutHandler(AxesDatabaseHandler):
    """axes' database handler plus the account tier (see the module's docstring)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return (
            super().is_locked(request, credentials)
            or account_locked(get_client_username(request, credentials))
            or address_locked(getattr(request, "axes_ip_address", None))
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if account_locked(get_client_username(request, credentials)) or address_locked(
            getattr(request, "axes_ip_address", None)
        ):
            # The failure that reached the account limit is answered with the lockout page too.
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """Also clears the account tier when a username is reset on its own
        (``axes_reset_username``); resetting one address and username clears only that pair."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if username and (ip_address is None or ip_or_username):
            cleared, _ = AccessFailureLog.objects.filter(username=username).delete()
            count += cleared
        return count

    def remove_out_of_limit_failure_logs(self, *, username: str, limit: int | None = None) -> int:
        """Trim a username's failure log to ``AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT`` entries,
        dropping the oldest (axes' own trim drops the newest, which would hide the failures the
        account tier has to count)."""
        limit = settings.AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT if limit is None else limit
        failures = AccessFailureLog.objects.filter(username=username).order_by("-attempt_time", "-id")
        stale = list(failures.values_list("id", flat=True)[limit:])
        if not stale:
            return 0
        count, _ = AccessFailureLog.objects.filter(id__in=stale).delete()
        return count


def lockout_response(request, _original_response=None, credentials: dict | None = None):
    """The lockout page (HTTP 429), saying which tier refused the login."""
    username = get_client_username(request, credentials)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60),
            "account_locked": account_locked(username),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
