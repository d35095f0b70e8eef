"""The fields each audit snapshot of a worker and of a membership transfer holds.

A leaf module: the services and the workflow declarations (``branches/workflows.py``) both read it.
"""

WORKER_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued",
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason", "confirmed_on",
)  # fmt: skip

TRANSFER_FIELDS = (
    "worker_id", "from_branch_id", "to_unit_id", "to_branch_id", "outside_union", "reason", "state",
    "effective_on", "member_since",
)  # fmt: skip
