"""The hardship app's menu entries (``unionhome.navigation``): the top bar and its sub-menu."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "hardship:index", _("Hardship relief"), OFFICE, order=70, current=("hardship:",)),
    Entry("portal", "hardship_portal:index", _("Hardship relief"), PORTAL, order=60, current=("hardship_portal:",)),
    Entry("hardship", "hardship:index", _("Campaigns"), OFFICE, order=10, current=(
        "hardship:index", "hardship:campaign_", "hardship:balance", "hardship:notice", "hardship:report_",
        "hardship:paper_new", "hardship:application_", "hardship:upload_download",
    )),
    Entry("hardship", "hardship:files", _("Hardship files"), OFFICE, order=20, current=("hardship:file",)),
    Entry("hardship", "hardship:access_log", _("Access log"), "hardship.see_access_log", order=30),
)  # fmt: skip
