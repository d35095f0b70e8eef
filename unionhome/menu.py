"""The kernel's menu entry (``unionhome.navigation``): the administration, for administrators."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

declare(Entry("office", "admin:index", _("Administration"), "unionhome.manage_accounts", order=900))
