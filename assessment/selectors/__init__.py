"""Reads of the assessment: scoped querysets, the indicator engine, totals, rankings. Never writes.

One module per sub-domain (the standards, the assessments, the indicator engine, results, the
ranking, members' evaluation rounds, reminders); the names other code calls are re-exported here,
so ``from assessment import selectors`` keeps working.
"""

from .catalogue import (
    current_standards,
    is_in_use,
    latest_version,
    standard_full,
    standard_spec,
    standards,
    units_to_open,
)
from .engine import IndicatorRow, gather_facts, indicator_of, indicator_row
from .evaluation_rounds import (
    open_round_for_worker,
    open_rounds_for_worker,
    round_in_scope,
    round_results,
    rounds,
)
from .ranking import (
    CommendationRow,
    Ranking,
    RankRow,
    commendation,
    next_due_of,
    overview,
    title_bases,
    title_in_scope,
    titles_of,
    trend_of,
)
from .records import (
    assessment_in_scope,
    assessments,
    contests_of,
    evidence_in_scope,
    evidence_of,
    scores_of,
    transitions_of,
)
from .reminders import officers_for, overdue_reviews, pending_evaluations, pending_self_checks
from .results import (
    GateRow,
    Result,
    Suggestion,
    VetoRow,
    attach_suggestions,
    result_of,
    section_totals,
    suggestions_of,
)

__all__ = [
    # catalogue
    "current_standards",
    "is_in_use",
    "latest_version",
    "standard_full",
    "standard_spec",
    "standards",
    "units_to_open",
    # records
    "assessment_in_scope",
    "assessments",
    "contests_of",
    "evidence_in_scope",
    "evidence_of",
    "scores_of",
    "transitions_of",
    # engine
    "IndicatorRow",
    "gather_facts",
    "indicator_of",
    "indicator_row",
    # results
    "GateRow",
    "Result",
    "Suggestion",
    "VetoRow",
    "attach_suggestions",
    "result_of",
    "section_totals",
    "suggestions_of",
    # ranking
    "CommendationRow",
    "RankRow",
    "Ranking",
    "commendation",
    "next_due_of",
    "overview",
    "title_bases",
    "title_in_scope",
    "titles_of",
    "trend_of",
    # evaluation_rounds
    "open_round_for_worker",
    "open_rounds_for_worker",
    "round_in_scope",
    "round_results",
    "rounds",
    # reminders
    "officers_for",
    "overdue_reviews",
    "pending_evaluations",
    "pending_self_checks",
]
