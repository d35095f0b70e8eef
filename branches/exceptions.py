from unionhome.exceptions import Conflict, DomainError, PermissionRefused

__all__ = [
    "BranchError",
    "CommitteeError",
    "Conflict",
    "DomainError",
    "FundsError",
    "PermissionRefused",
    "RosterError",
    "RosterFileError",
    "RosterImportRefused",
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


class RosterFileError(DomainError):
    """A roster file refused as a whole (not an .xlsx, damaged, too large, wrong header...)."""

    code = "roster_file"


class RosterImportRefused(DomainError):
    """A roster file with row problems: nothing was written; ``problems`` lists them."""

    code = "roster_rows"

    def __init__(self, message, *, problems, code: str | None = None):
        super().__init__(message, code=code)
        self.problems = problems
