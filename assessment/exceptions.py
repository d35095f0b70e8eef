"""Domain errors of the assessment (subclasses of the one DomainError)."""

from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = ["AssessmentError", "Conflict", "PermissionRefused", "StandardInvalid", "UploadRefused"]


class AssessmentError(DomainError):
    code = "assessment"


class StandardInvalid(DomainError):
    """A standard that cannot be saved (points not summing to 100, unknown indicator, bad file)."""

    code = "standard_invalid"

    def __init__(self, message, *, problems: list | None = None, code: str | None = None):
        super().__init__(message, code=code)
        self.problems = problems or []


class UploadRefused(DomainError):
    code = "upload_refused"
