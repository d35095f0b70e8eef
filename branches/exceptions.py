from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = [
    "BranchError",
    "Conflict",
    "DomainError",
    "PermissionRefused",
    "RosterError",
    "RosterFileError",
    "RosterImportRefused",
]


class BranchError(DomainError):
    code = "branch"


class RosterError(DomainError):
    code = "roster"


class RosterFileError(DomainError):
    """A roster file refused as a whole (not an .xlsx, damaged, too large, wrong header...)."""

    code = "roster_file"


class RosterImportRefused(DomainError):
    """A roster file with row problems: nothing was written; ``problems`` lists them."""

    code = "roster_rows"

    def __init__(self, message, *, problems, code: str | None = None):
        super().__init__(message, code=code)
        self.problems = problems
