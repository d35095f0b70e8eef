"""What of the democracy records is personal data, who reads their audit trail, and how their audit
events and access-log entries read (``unionhome.privacy``, ``unionhome.records``)."""

from django.utils.translation import gettext_lazy as _

from unionhome.privacy import ALL_ROLES, ENTERPRISE_AND_DISTRICT, NOBODY, declare, declare_public
from unionhome.privacy import Sensitivity as S
from unionhome.records import label_actions, label_details

declare("democracy.Disclosure", sensitive={"attachment": S.FILE}, public=("content",), readers=ALL_ROLES)
declare_public(
    "democracy.Survey",
    "democracy.Clause",
    "democracy.FulfilmentCheck",
    "democracy.ClauseResult",
    "democracy.Contest",
    "democracy.Term",
    "democracy.Representative",
    "democracy.Training",
    "democracy.AgendaItem",
    "democracy.Attendance",
    "democracy.Resolution",
    "democracy.LowerMeeting",
    "democracy.CoSigner",
)
declare("democracy.Contract", public=("parties",), readers=ALL_ROLES)  # the employer and the union
declare("democracy.Session", public=("secret_ballot",), readers=ALL_ROLES)
declare("democracy.ProposalTransition", public=("actor_name", "reason"), readers=ALL_ROLES)
# Answers given once and not linked back to the person (docs/PERMISSIONS.md, rule 5).
declare(
    "democracy.SurveyAnswer",
    sensitive={"knows": S.OPINION, "satisfaction": S.OPINION, "comment": S.OPINION},
    readers=NOBODY,
)
declare("democracy.SurveyParticipation", readers=NOBODY)
declare("democracy.VoteCast", sensitive={"choice": S.OPINION}, readers=NOBODY)
declare("democracy.Ballot", sensitive={"choice": S.OPINION}, readers=NOBODY)
declare("democracy.RatingCast", readers=NOBODY)
declare("democracy.Rating", sensitive={"grade": S.OPINION}, readers=NOBODY)
declare("democracy.EvaluationRound", readers=ENTERPRISE_AND_DISTRICT)
declare("democracy.Leader", public=("name",), readers=ENTERPRISE_AND_DISTRICT)
declare("democracy.MediationCommittee", public=("chair", "members"), readers=ALL_ROLES)
declare(
    "democracy.MediationCase",
    sensitive={"parties": S.IDENTITY, "notes": S.NARRATIVE},
    readers=ALL_ROLES,
)
declare(
    "democracy.Petition",
    sensitive={"petitioner": S.IDENTITY},
    public=("flag_reason",),
    readers=ALL_ROLES,
)
declare("democracy.Proposal", public=("content", "conversion_reason", "answer"), readers=ALL_ROLES)

label_actions(
    {
        "democracy.demo_seed": _("Demo congress records created"),
        "congress_term.create": _("Congress term recorded"),
        "representative.add": _("Representative added"),
        "representative_training.create": _("Representatives' training recorded"),
        "congress_session.create": _("Congress session scheduled"),
        "agenda_item.create": _("Agenda item added"),
        "resolution.record": _("Resolution recorded"),
        "resolution.open_voting": _("Voting on a resolution opened"),
        "evaluation.create": _("Evaluation of leaders set up"),
        "survey.create": _("Disclosure survey created"),
        "disclosure.create": _("Affairs disclosure drafted"),
        "contract.create": _("Collective contract recorded"),
        "mediation_case.create": _("Mediation case recorded"),
        "contest.create": _("Labour competition recorded"),
        "lower_meeting.create": _("Lower-level meeting recorded"),
        "petition.create": _("Letter or visit recorded"),
        "proposal.enter": _("Paper proposal entered"),
        "proposal.submit": _("Proposal submitted"),
        "congress_session.open": _("Congress session opened"),
        "congress_session.close": _("Congress session closed"),
        "attendance.sign": _("Congress sign-in recorded"),
        "resolution.vote": _("Resolution put to the vote"),
        "resolution.publish": _("Resolution published"),
        "resolution.close_voting": _("Voting on a resolution closed"),
        "evaluation.open": _("Evaluation of leaders opened"),
        "evaluation.close": _("Evaluation of leaders closed"),
        "evaluation.rate": _("Leaders rated"),
        "survey.close": _("Disclosure survey closed"),
        "survey.answer": _("Disclosure survey answered"),
        "disclosure.publish": _("Affairs disclosure published"),
        "contract.publish": _("Collective contract published"),
        "contract.check": _("Collective contract fulfilment checked"),
        "mediation_committee.create": _("Mediation committee set up"),
        "mediation_committee.update": _("Mediation committee updated"),
        "petition.answer": _("Letter or visit answered"),
        "petition.flag": _("Petition flagged as abnormal"),
        "proposal.cosign": _("Proposal co-signed"),
    }
)
label_details(
    {
        "representatives": _("List of representatives"),
        "minutes": _("Minutes of a congress session"),
        "proposals": _("Proposals, %(rows)s rows"),
        "survey_results": _("Results of a disclosure survey"),
        "disclosure_attachment": _("Attachment of a disclosure"),
    }
)
