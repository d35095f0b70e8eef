"""The assessment app's menu entries (``unionhome.navigation``): the top bar and its tabs."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "assessment:index", _("Model home"), OFFICE, order=40, current=("assessment:",)),
    Entry("portal", "assessment_portal:rounds", _("Evaluate our home"), PORTAL, order=30,
          current=("assessment_portal:",)),
    Entry("assessment", "assessment:index", _("Assessments"), OFFICE, order=10, current=(
        "assessment:index", "assessment:assessment_", "assessment:veto_", "assessment:evidence_",
        "assessment:unit", "assessment:title_award",
    )),
    Entry("assessment", "assessment:overview", _("Overview and ranking"), OFFICE, order=20),
    Entry("assessment", "assessment:standard_list", _("Standards"), OFFICE, order=30,
          current=("assessment:standard_",)),
    Entry("assessment", "assessment:round_list", _("Members evaluate the home"), OFFICE, order=40,
          current=("assessment:round_",)),
)  # fmt: skip
