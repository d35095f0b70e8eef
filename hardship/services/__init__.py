"""Writes of hardship relief: one function per use case, permission-checked and audited.

One module per sub-domain; this package re-exports the services other code calls. The workflow has one
service, ``workflow.transition``, over the table of ``hardship/workflows.py``.
"""

from .applications import (
    MEMBER_FIELDS,
    UPLOAD_MAX_BYTES,
    UPLOAD_STATES,
    application_create,
    application_save,
    upload_add,
    upload_delete,
)
from .balancing import district_decide, report_enterprise
from .campaigns import campaign_close, campaign_create, campaign_reopen, campaign_update
from .file_opening import file_open
from .hardship_files import file_add_help, file_close, file_reopen, file_review, send_review_reminders
from .notices import end_due_notices, record_objection, resolve_objection
from .notifications import mark_notifications_read
from .relief import record_relief
from .retention import purge_expired_files, purge_file, retention_years
from .worker_objections import worker_objection_dismiss, worker_objection_record, worker_objection_send
from .workflow import transition

__all__ = [
    "MEMBER_FIELDS",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_STATES",
    "application_create",
    "application_save",
    "campaign_close",
    "campaign_create",
    "campaign_reopen",
    "campaign_update",
    "district_decide",
    "end_due_notices",
    "file_add_help",
    "file_close",
    "file_open",
    "file_reopen",
    "file_review",
    "mark_notifications_read",
    "purge_expired_files",
    "purge_file",
    "record_objection",
    "record_relief",
    "report_enterprise",
    "resolve_objection",
    "retention_years",
    "send_review_reminders",
    "transition",
    "upload_add",
    "upload_delete",
    "worker_objection_dismiss",
    "worker_objection_record",
    "worker_objection_send",
]
