"""Writes of the organisation and roster: one function per use case, permission-checked, audited.

One module per sub-domain (tree, roster, transfers, committees, posts, leadership, funds, the roster
spreadsheet's imports, exports and jobs); the names other code calls are re-exported here.
"""

from .committees import (
    committee_create,
    may_manage_committees,
    seat_create,
    seat_end,
    term_create,
    term_update,
)
from .exports import roster_export, roster_export_rows
from .funds import (
    may_confirm_receipt,
    may_flag_withheld,
    may_manage_funds,
    payment_confirm,
    payment_create,
    remittance_create,
    remittance_set_withheld,
)
from .imports import roster_import, roster_import_preview
from .jobs import (
    job_file,
    job_progress,
    job_progress_key,
    roster_job_check,
    roster_job_confirm,
    roster_job_export,
    roster_job_export_start,
    roster_job_import,
    roster_job_rows,
    roster_job_upload,
)
from .leadership import leadership_member_add, leadership_member_remove, leadership_save
from .posts import post_assign, posts_establish
from .roster import (
    WORKER_FIELDS,
    id_number_message,
    may_manage_roster,
    worker_confirm,
    worker_create,
    worker_leave,
    worker_update,
)
from .transfers import transfer_actions, transfer_apply, transfer_ask, transfer_start, transfer_start_many
from .tree import branch_close, branch_create, branch_move, branch_rename, may_change_node, may_create_child

__all__ = [
    # tree
    "branch_close",
    "branch_create",
    "branch_move",
    "branch_rename",
    "may_change_node",
    "may_create_child",
    # roster
    "WORKER_FIELDS",
    "id_number_message",
    "may_manage_roster",
    "worker_confirm",
    "worker_create",
    "worker_leave",
    "worker_update",
    # transfers
    "transfer_actions",
    "transfer_apply",
    "transfer_ask",
    "transfer_start",
    "transfer_start_many",
    # committees
    "committee_create",
    "may_manage_committees",
    "seat_create",
    "seat_end",
    "term_create",
    "term_update",
    # posts
    "post_assign",
    "posts_establish",
    # leadership
    "leadership_member_add",
    "leadership_member_remove",
    "leadership_save",
    # funds
    "may_confirm_receipt",
    "may_flag_withheld",
    "may_manage_funds",
    "payment_confirm",
    "payment_create",
    "remittance_create",
    "remittance_set_withheld",
    # imports
    "roster_import",
    "roster_import_preview",
    # exports
    "roster_export",
    "roster_export_rows",
    # jobs
    "job_file",
    "job_progress",
    "job_progress_key",
    "roster_job_check",
    "roster_job_confirm",
    "roster_job_export",
    "roster_job_export_start",
    "roster_job_import",
    "roster_job_rows",
    "roster_job_upload",
]
