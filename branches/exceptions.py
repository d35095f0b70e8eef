from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = [
    "BranchError",
    "CommitteeError",
    "Conflict",
    "DomainError",
    "FundsError",
    "PermissionRefused",
    "RosterError",
    "TransferError",
]


class BranchError(DomainError):
    code = "branch"


class RosterError(DomainError):
    code = "roster"


class TransferError(DomainError):
    code = "transfer"


class CommitteeError(DomainError):
    """Committees, terms, seats, workshop posts and the leadership group."""

    code = "committee"


class FundsError(DomainError):
    code = "funds"
