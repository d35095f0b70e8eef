from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = ["Conflict", "DemocracyError", "DomainError", "PermissionRefused"]


class DemocracyError(DomainError):
    code = "democracy"
