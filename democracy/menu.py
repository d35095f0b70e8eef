"""The democracy app's menu entries (``unionhome.navigation``): the top bar and its sub-menu."""

from django.utils.translation import gettext_lazy as _

from unionhome.navigation import Entry, declare

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "democracy:overview", _("Democratic management"), OFFICE, order=60, current=("democracy:",)),
    Entry("portal", "democracy_portal:home", _("Democratic management"), PORTAL, order=50,
          current=("democracy_portal:",)),
    Entry("democracy", "democracy:overview", _("Overview"), OFFICE, order=10),
    Entry("democracy", "democracy:session_list", _("Congress sessions"), OFFICE, order=20, current=(
        "democracy:session_", "democracy:agenda_add", "democracy:signin", "democracy:resolution_",
        "democracy:minutes_pdf",
    )),
    Entry("democracy", "democracy:term_list", _("Representatives"), OFFICE, order=30,
          current=("democracy:term_", "democracy:representative", "democracy:training_add")),
    Entry("democracy", "democracy:proposal_list", _("Proposals"), OFFICE, order=40, current=("democracy:proposal",)),
    Entry("democracy", "democracy:evaluation_list", _("Leader evaluation"), "democracy.see_evaluations",
          order=50, current=("democracy:evaluation_",)),
    Entry("democracy", "democracy:meeting_list", _("Lower-level meetings"), OFFICE, order=60,
          current=("democracy:meeting_", "democracy:cadence")),
    Entry("democracy", "democracy:disclosure_list", _("Affairs disclosure"), OFFICE, order=70,
          current=("democracy:disclosure_",)),
    Entry("democracy", "democracy:survey_list", _("Surveys"), OFFICE, order=80, current=("democracy:survey_",)),
    Entry("democracy", "democracy:contract_list", _("Contracts"), OFFICE, order=90, current=("democracy:contract_",)),
    Entry("democracy", "democracy:mediation", _("Mediation"), OFFICE, order=100,
          current=("democracy:mediation", "democracy:committee_set", "democracy:case_create")),
    Entry("democracy", "democracy:petition_list", _("Letters and visits"), OFFICE, order=110,
          current=("democracy:petition_",)),
    Entry("democracy", "democracy:contest_list", _("Participation"), OFFICE, order=120,
          current=("democracy:contest_",)),
)  # fmt: skip
