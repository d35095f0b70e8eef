"""The tables of the organisation tree, the roster, committees, union funds and transfers.

Split by sub-domain; every model and choice class is importable from ``branches.models``.
Accounts, the audit trail and the access log are the kernel's (``unionhome.models``).
"""

from .committees import (
    Committee,
    CommitteeSeat,
    CommitteeTermRecord,
    LeadershipGroup,
    LeadershipMember,
    Term,
    WorkshopPost,
)
from .counters import CounterDelta, SubtreeCounter, UnitCounter
from .findings import FindingCount, FindingRecord, FindingRun
from .funds import FundsPayment, FundsRemittance
from .roster import (
    Education,
    EthnicGroup,
    HouseholdType,
    MembershipStatus,
    PoliticalStatus,
    RosterJob,
    Worker,
)
from .transfers import MembershipTransfer, TransferTransition
from .tree import Appointment, Branch

__all__ = [
    "Appointment",
    "Branch",
    "Committee",
    "CommitteeSeat",
    "CommitteeTermRecord",
    "CounterDelta",
    "Education",
    "EthnicGroup",
    "FindingCount",
    "FindingRecord",
    "FindingRun",
    "FundsPayment",
    "FundsRemittance",
    "HouseholdType",
    "LeadershipGroup",
    "LeadershipMember",
    "MembershipStatus",
    "MembershipTransfer",
    "PoliticalStatus",
    "RosterJob",
    "Term",
    "TransferTransition",
    "SubtreeCounter",
    "UnitCounter",
    "Worker",
    "WorkshopPost",
]
