"""Reads of the organisation: scoped querysets and roll-ups. Never writes.

One module per sub-domain; the names other code calls are re-exported here.
"""

from ._common import in_copied_scope
from .assessment import assessment_facts
from .committees import (
    LIVE_ORDER,
    TABLE_ORDER,
    committee_in_scope,
    committee_roster,
    committees_ending_from,
    overdue_committees,
    portal_committees,
    seat_candidates,
    seat_in_scope,
    table_committees,
    table_ending_from,
    table_overdue,
    term_calendar_committees,
    term_ends,
    term_ends_by_month,
    term_in_scope,
    unit_committees,
)
from .compliance import findings, unit_findings
from .funds import funds_rows, payment_in_scope, remittance_in_scope
from .leadership import leadership_member_in_scope, leadership_of
from .membership_transfers import (
    members_on,
    own_transfers,
    receiving_branches,
    transfer_flow,
    transfer_in_scope,
    transfer_steps,
    transfer_targets,
    transfers,
    unit_transfers,
    worker_transfers,
)
from .posts import post_in_scope, unit_posts, vacant_posts
from .rates import stats_of, tree_stats
from .roster import (
    command_user,
    import_units,
    own_worker,
    roster_filtered,
    roster_for_export,
    roster_job_for_task,
    roster_job_of,
    roster_jobs,
    roster_total,
    roster_units,
    search_workers,
    unit_by_code,
    worker_in_scope,
    workers,
)
from .tree import appointments_at, branch_in_scope, enterprise_paths, move_targets, visible_branches

__all__ = [
    "in_copied_scope",
    "LIVE_ORDER",
    "TABLE_ORDER",
    # tree
    "appointments_at",
    "branch_in_scope",
    "enterprise_paths",
    "move_targets",
    "visible_branches",
    # rates
    "stats_of",
    "tree_stats",
    # roster
    "command_user",
    "import_units",
    "own_worker",
    "roster_filtered",
    "roster_for_export",
    "roster_total",
    "roster_job_for_task",
    "roster_job_of",
    "roster_jobs",
    "roster_units",
    "unit_by_code",
    "search_workers",
    "worker_in_scope",
    "workers",
    # membership_transfers
    "members_on",
    "own_transfers",
    "receiving_branches",
    "transfer_flow",
    "transfer_in_scope",
    "transfer_steps",
    "transfer_targets",
    "transfers",
    "unit_transfers",
    "worker_transfers",
    # committees
    "committee_in_scope",
    "committee_roster",
    "portal_committees",
    "seat_candidates",
    "seat_in_scope",
    "table_committees",
    "table_ending_from",
    "table_overdue",
    "committees_ending_from",
    "overdue_committees",
    "term_calendar_committees",
    "term_ends",
    "term_ends_by_month",
    "term_in_scope",
    "unit_committees",
    # posts
    "post_in_scope",
    "unit_posts",
    "vacant_posts",
    # leadership
    "leadership_member_in_scope",
    "leadership_of",
    # funds
    "funds_rows",
    "payment_in_scope",
    "remittance_in_scope",
    # compliance
    "findings",
    "unit_findings",
    # assessment
    "assessment_facts",
]
