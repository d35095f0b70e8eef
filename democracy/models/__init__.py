"""Democratic management: congress, representatives, proposals, evaluation, lower-level meetings, affairs
disclosure and surveys, contracts, mediation, letters and visits.

One module per sub-domain; Django finds every model through this package.
"""

from .affairs_disclosure import Disclosure, Survey, SurveyAnswer, SurveyParticipation
from .collective_contracts import (
    Clause,
    ClauseResult,
    Contract,
    FulfilmentCheck,
    MediationCase,
    MediationCommittee,
)
from .competitions import Contest
from .congress import (
    AgendaItem,
    Attendance,
    Ballot,
    Representative,
    Resolution,
    Session,
    Term,
    Training,
    VoteCast,
)
from .leader_evaluation import EvaluationRound, Leader, Rating, RatingCast
from .letters_and_visits import Petition
from .meetings import LowerMeeting
from .proposal_handling import CoSigner, Proposal, ProposalTransition

__all__ = [
    "AgendaItem",
    "Attendance",
    "Ballot",
    "Clause",
    "ClauseResult",
    "CoSigner",
    "Contest",
    "Contract",
    "Disclosure",
    "EvaluationRound",
    "FulfilmentCheck",
    "Leader",
    "LowerMeeting",
    "MediationCase",
    "MediationCommittee",
    "Petition",
    "Proposal",
    "ProposalTransition",
    "Rating",
    "RatingCast",
    "Representative",
    "Resolution",
    "Session",
    "Survey",
    "SurveyAnswer",
    "SurveyParticipation",
    "Term",
    "Training",
    "VoteCast",
]
