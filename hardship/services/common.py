"""Helpers shared by the services of hardship relief. Who may do what is decided by the named
permissions of ``hardship/permissions.py`` (``unionhome.permissions.require``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Appointment, Branch
from unionhome import scope

from ..exceptions import HardshipError
from ..models import Application

Role = Appointment.Role


State = Application.State


def _text(value: str | None) -> str:
    """Free text as written (full-width punctuation kept), without NUL bytes and outer spaces."""
    return (value or "").replace("\x00", "").strip().strip("\u3000").strip()


def _now() -> dt.datetime:
    return timezone.now()


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise HardshipError(_("The worker's unit belongs to no enterprise union."), code="enterprise")
    return enterprise
