from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = ["Conflict", "DomainError", "HardshipError", "PermissionRefused", "UploadRefused"]


class HardshipError(DomainError):
    code = "hardship"


class UploadRefused(DomainError):
    code = "upload"
