"""What the services of every sub-domain share: the permission check and the roles."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..exceptions import PermissionRefused
from ..models import Appointment

Role = Appointment.Role


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionRefused(_("You do not have permission to do this."))
