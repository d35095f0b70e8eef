from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionhomeConfig(AppConfig):
    """The kernel: accounts, the scoping rule, the audit trail and the access log.

    Every domain app imports it; it imports none of them (the models it needs are named in
    settings: ``UNIONHOME_WORKER_MODEL``, ``UNIONHOME_APPOINTMENT_MODEL``, ``UNIONHOME_UNIT_MODEL``).
    """

    name = "unionhome"
    label = "unionhome"
    verbose_name = _("Accounts and records")
