"""Writes of the organisation and roster: one function per use case, permission-checked, audited.

One module per sub-domain (tree, roster, transfers, committees, posts, leadership, funds, the roster
spreadsheet's imports, exports and jobs); the names other code calls are re-exported here.
"""

from .appointments import (
    appointment_create,
    appointment_end,
    appointment_grant_full_ids,
    appointment_withdraw_full_ids,
)
from .committees import (
    committee_create,
    seat_create,
    seat_end,
    term_create,
    term_update,
)
from .exports import roster_export, roster_export_rows
from .findings import fail_findings_run, findings_refresh_request, queue_run, refresh_findings
from .funds import (
    payment_confirm,
    payment_create,
    remittance_create,
    remittance_set_withheld,
)
from .imports import roster_import, roster_import_preview
from .jobs import (
    broker_down_message,
    fail_job,
    failure_message,
    job_display,
    job_file,
    job_progress,
    job_progress_key,
    preview_rows,
    reap_stalled_jobs,
    roster_job_check,
    roster_job_confirm,
    roster_job_export,
    roster_job_export_start,
    roster_job_import,
    roster_job_retry,
    roster_job_rows,
    roster_job_upload,
)
from .leadership import leadership_member_add, leadership_member_remove, leadership_save
from .posts import post_assign, posts_establish
from .roster import (
    WORKER_FIELDS,
    id_number_message,
    worker_confirm,
    worker_create,
    worker_leave,
    worker_update,
)
from .transfers import transfer_apply, transfer_ask, transfer_start, transfer_start_many
from .tree import branch_close, branch_create, branch_move, branch_rename

__all__ = [
    # appointments
    "appointment_create",
    "appointment_end",
    "appointment_grant_full_ids",
    "appointment_withdraw_full_ids",
    # tree
    "branch_close",
    "branch_create",
    "branch_move",
    "branch_rename",
    # roster
    "WORKER_FIELDS",
    "id_number_message",
    "worker_confirm",
    "worker_create",
    "worker_leave",
    "worker_update",
    # transfers
    "transfer_apply",
    "transfer_ask",
    "transfer_start",
    "transfer_start_many",
    # committees
    "committee_create",
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
    # findings
    "fail_findings_run",
    "findings_refresh_request",
    "queue_run",
    "refresh_findings",
    # funds
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
    "broker_down_message",
    "fail_job",
    "failure_message",
    "job_file",
    "job_display",
    "job_progress",
    "job_progress_key",
    "preview_rows",
    "reap_stalled_jobs",
    "roster_job_check",
    "roster_job_confirm",
    "roster_job_export",
    "roster_job_export_start",
    "roster_job_import",
    "roster_job_retry",
    "roster_job_rows",
    "roster_job_upload",
]
