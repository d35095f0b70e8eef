"""Writes of democratic management: one function per use case, permission-checked, audited.

One module per sub-domain; this package re-exports the services other code calls.
"""

from .affairs_disclosure import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    disclosure_create,
    disclosure_publish,
    survey_answer,
    survey_close,
    survey_create,
)
from .collective_contracts import (
    contract_create,
    contract_publish,
    fulfilment_check_record,
    mediation_case_record,
    mediation_committee_set,
)
from .competitions import contest_record
from .congress import (
    agenda_add,
    attendance_sign,
    representative_add,
    resolution_close_voting,
    resolution_open_voting,
    resolution_publish,
    resolution_record,
    session_close,
    session_create,
    session_open,
    term_create,
    training_record,
    vote_cast,
)
from .leader_evaluation import evaluation_create, evaluation_rate, evaluation_set_open
from .letters_and_visits import petition_answer, petition_flag, petition_record
from .meetings import lower_meeting_record
from .proposal_handling import proposal_act, proposal_cosign, proposal_enter, proposal_submit

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "agenda_add",
    "attendance_sign",
    "contest_record",
    "contract_create",
    "contract_publish",
    "disclosure_create",
    "disclosure_publish",
    "evaluation_create",
    "evaluation_rate",
    "evaluation_set_open",
    "fulfilment_check_record",
    "lower_meeting_record",
    "mediation_case_record",
    "mediation_committee_set",
    "petition_answer",
    "petition_flag",
    "petition_record",
    "proposal_act",
    "proposal_cosign",
    "proposal_enter",
    "proposal_submit",
    "representative_add",
    "resolution_close_voting",
    "resolution_open_voting",
    "resolution_publish",
    "resolution_record",
    "session_close",
    "session_create",
    "session_open",
    "survey_answer",
    "survey_close",
    "survey_create",
    "term_create",
    "training_record",
    "vote_cast",
]
