"""The one base of every domain error: a translated message and a stable code.

Views catch ``DomainError`` only and show its message; ``PermissionRefused`` becomes 403 wherever
it is raised (it is also Django's ``PermissionDenied``: views, the admin and ``run_service`` alike).
"""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    code = "error"

    def __init__(self, message, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def __str__(self):
        return str(self.message)


class PermissionRefused(DomainError, PermissionDenied):
    """The actor may see the object but not do this to it (answers 403)."""

    code = "permission"


class Conflict(DomainError):
    """The object changed under the actor (double click, concurrent reviewer)."""

    code = "conflict"
