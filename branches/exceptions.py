from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = ["BranchError", "Conflict", "DomainError", "PermissionRefused", "RosterError", "TransferError"]


class BranchError(DomainError):
    code = "branch"


class RosterError(DomainError):
    code = "roster"


class TransferError(DomainError):
    code = "transfer"
