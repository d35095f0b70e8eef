"""Writes of the assessment: one function per use case, permission-checked and audited.

One module per sub-domain; this package re-exports the services other code calls.
"""

from .assessments import (
    EVIDENCE_MAX_BYTES,
    assessment_create,
    assessment_score,
    assessment_transition,
    evidence_upload,
    veto_confirm,
    veto_contest,
)
from .common import Capacity
from .home_evaluation import evaluation_answer, round_close, round_create
from .reminders import reminders_send
from .standards import standard_save, standards_install
from .titles import title_award, title_file, title_recheck

__all__ = [
    "Capacity",
    "EVIDENCE_MAX_BYTES",
    "assessment_create",
    "assessment_score",
    "assessment_transition",
    "evaluation_answer",
    "evidence_upload",
    "reminders_send",
    "round_close",
    "round_create",
    "standard_save",
    "standards_install",
    "title_award",
    "title_file",
    "title_recheck",
    "veto_confirm",
    "veto_contest",
]
