from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = ["BranchError", "Conflict", "DomainError", "PermissionRefused", "RosterError"]


class BranchError(DomainError):
    code = "branch"


class RosterError(DomainError):
    code = "roster"
