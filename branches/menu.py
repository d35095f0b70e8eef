"""The branches app's menu entries (``unionhome.navigation``): the office's own pages, the records
drop-down, and the worker's membership pages in the portal."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "branches:dashboard", _("Dashboard"), OFFICE, order=10, current=(
        "branches:dashboard", "branches:branch_", "branches:unit_", "branches:leadership",
        "branches:vacant_posts", "branches:post", "branches:committee_create", "branches:term_create",
        "branches:term_edit", "branches:seat_",
    )),
    Entry("office", "branches:roster", _("Roster"), OFFICE, order=20,
          current=("branches:roster", "branches:worker_")),
    Entry("office", "branches:transfer_list", _("Transfers"), OFFICE, order=30, current=("branches:transfer_",)),
    Entry("office", "branches:term_calendar", _("Term calendar"), OFFICE, order=50,
          current=("branches:term_calendar", "branches:committee_export")),
    Entry("office", "branches:funds_overview", _("Union funds"), OFFICE, order=55,
          current=("branches:funds_overview", "branches:remittance_", "branches:payment_")),
    Entry("records", "branches:audit_trail", _("Audit trail"), "unionhome.read_audit_trail", order=10),
    Entry("records", "branches:access_log", _("Access log of sensitive records"),
          "unionhome.read_access_log", order=20),
    Entry("portal", "portal:profile", _("My membership"), PORTAL, order=10,
          current=("portal:profile", "portal:confirm", "portal:sheet")),
    Entry("portal", "portal:transfers", _("My transfers"), PORTAL, order=20, current=("portal:transfer",)),
    Entry("portal", "portal:committees", _("Our union"), PORTAL, order=40),
)  # fmt: skip
