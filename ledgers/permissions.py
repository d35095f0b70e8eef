"""Who may do what in the work ledgers: one named predicate per use case (docs/PERMISSIONS.md).

Reads are scoped by the selectors (outside scope: 404): union officers read their enterprise,
branch officers their subtree, district reviewers theirs; workers read only what they took part in
(the portal). These names decide what a user may do inside the scope.
"""

from __future__ import annotations

from unionhome import scope
from unionhome.permissions import covers, perm

Role = scope.Role
KEEPERS = (Role.UNION_OFFICER, Role.BRANCH_OFFICER)

# Record an entry at a unit (obj: the Branch): the officers of that unit or above it.
perm("ledgers.record_entry", covers("path", *KEEPERS))
# Change or delete an entry, add or remove its files (obj: a LedgerEntry).
perm("ledgers.edit_entry", covers("branch.path", *KEEPERS))
# Read an entry's files (obj: a LedgerEntry): everyone who reads the entry.
perm("ledgers.read_attachment", covers("branch.path"))


@perm("ledgers.keep_ledgers")
def _keep_ledgers(user, obj=None) -> bool:
    """Keep ledgers somewhere at all (a "New entry" button, a menu entry): an officer."""
    return scope.is_admin(user) or bool(scope.branches_for(user, *KEEPERS))


@perm("ledgers.read_ledgers")
def _read_ledgers(user, obj=None) -> bool:
    """The ledger pages (the menu entry): an officer or a reviewer of some unit."""
    return scope.is_staff_member(user)
