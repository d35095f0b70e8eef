"""The ledgers app's menu entries (``unionhome.navigation``)."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

declare(
    Entry("office", "ledgers:index", _("Work ledgers"), "ledgers.read_ledgers", order=80, current=("ledgers:",)),
    Entry("portal", "ledgers_portal:home", _("My activities"), "unionhome.open_portal", order=70,
          current=("ledgers_portal:",)),
)  # fmt: skip
