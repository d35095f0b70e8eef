"""What of the assessment records is personal data, who reads their audit trail, and how their audit
events and access-log entries read (``unionhome.privacy``, ``unionhome.records``)."""

from django.utils.translation import gettext_lazy as _

from unionhome.privacy import ALL_ROLES, ENTERPRISE_AND_DISTRICT, NOBODY, declare, declare_public
from unionhome.privacy import Sensitivity as S
from unionhome.records import label_actions, label_details

declare_public(
    "assessment.StandardItem",
    "assessment.VetoRule",
    "assessment.Assessment",
    "assessment.TitleAward",
    "assessment.Reminder",
)
# Standards, scores and findings are about a unit, not a person.
declare("assessment.Standard", public=("name", "description"), readers=ALL_ROLES)
declare("assessment.Section", public=("name",), readers=ALL_ROLES)
declare("assessment.ItemScore", public=("self_comment", "reviewer_comment"), readers=ALL_ROLES)
declare("assessment.Transition", public=("actor_name", "reason"), readers=ALL_ROLES)
declare("assessment.VetoConfirmation", public=("comment",), readers=ALL_ROLES)
declare("assessment.TitleTransition", public=("actor_name", "reason"), readers=ALL_ROLES)
declare("assessment.VetoContest", public=("reason",), readers=ALL_ROLES)  # a unit's case, not a person's
declare(
    "assessment.Evidence",
    sensitive={"file": S.FILE},
    public=("original_name", "content_type"),
    readers=ALL_ROLES,
)
# Members evaluate the home (会员评家): answers given once, not linked back to the person.
declare("assessment.EvaluationRound", public=("name",), readers=ENTERPRISE_AND_DISTRICT)
declare("assessment.Participation", readers=NOBODY)
declare(
    "assessment.EvaluationAnswer",
    sensitive={"verdict": S.OPINION, "comment": S.OPINION},
    readers=NOBODY,
)

label_actions(
    {
        "standard.install": _("Assessment standard installed"),
        "standard.save": _("Assessment standard saved"),
        "assessment.create": _("Assessment opened"),
        "assessment.self_score": _("Self-assessment scores entered"),
        "assessment.reviewer_score": _("Review scores entered"),
        "assessment.evidence_upload": _("Evidence uploaded"),
        "assessment.veto_confirm": _("Veto finding recorded"),
        "assessment.veto_contest": _("Veto finding contested"),
        "assessment.title_award": _("Title awarded"),
        "title.file": _("Title filed with the higher union"),
        "title.recheck": _("Title renewed on a re-check"),
        "assessment.reminder": _("Assessment reminder sent"),
        "assessment.round_create": _("Members' evaluation of the home opened"),
        "assessment.round_close": _("Members' evaluation of the home closed"),
    }
)
label_details(
    {
        "evidence": _("Evidence file"),
        "assessment_report": _("Assessment report"),
        "standard_xlsx": _("Assessment standard (xlsx)"),
        "ranking_xlsx": _("Overview and ranking (xlsx), %(rows)s rows"),
    }
)
