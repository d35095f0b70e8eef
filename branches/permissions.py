"""Who may do what in the organisation, the roster, committees, funds and transfers: one name per
use case (docs/PERMISSIONS.md, "Organisation"), asked by services, views, templates and the admin.

The object of each name is the unit (a ``Branch``) the action touches, unless said otherwise. A name
asked without an object (``{{ user|can:"branches.manage_roster" }}``) answers whether the user may
do it somewhere: menus and buttons show only what a role may open.
"""

from __future__ import annotations

import rules

from unionhome import scope
from unionhome.permissions import covers, covers_below, is_admin, own, perm
from unionhome.roles import OFFICER_ROLES, Role


def _somewhere(*roles: str):
    """Without an object: the user holds one of ``roles`` at some unit (an administrator: yes)."""
    wanted = set(roles)
    return lambda user: scope.is_admin(user) or bool(scope.roles(user) & wanted)


def _at_unit(*roles: str, below: bool = False):
    """A predicate on a unit (or, without one, anywhere): ``covers`` (``covers_below``) by ``roles``."""
    anywhere = _somewhere(*roles)
    at = covers_below("path", *roles) if below else covers("path", *roles)

    def check(user, unit) -> bool:
        return anywhere(user) if unit is None else at.test(user, unit)

    return check


# --- the organisation tree ---------------------------------------------------------------------


@perm("branches.create_unit")
def _create_unit(user, parent) -> bool:
    """A unit under ``parent``: units under a federation (at any level) by the reviewers of the
    federation or above it, anything else by the officers of the parent's subtree; a new root (no
    parent) by administrators only."""
    if parent is None:
        return scope.is_admin(user)
    if parent.is_federation:
        return scope.covers(user, parent.path, Role.DISTRICT_REVIEWER)
    return scope.covers(user, parent.path, *OFFICER_ROLES)


# Rename, move, close: strictly below an officer's own node (an enterprise's officers keep it).
perm("branches.change_unit", _at_unit(*OFFICER_ROLES, below=True))

# The dashboard's findings computed again now (the whole tree's, in the background): reviewers.
perm("branches.refresh_findings", _somewhere(Role.DISTRICT_REVIEWER))

# --- the roster --------------------------------------------------------------------------------

# A worker (a ``Worker``) inside the user's scope: an officer or reviewer of the worker's unit or of
# a unit above it (the roster's selectors show the same). The import names the enterprise holding a
# worker it finds on another enterprise's roster only to such a user.
perm("branches.see_worker", covers("branch.path"))
# Add, edit, mark as left, start a transfer out: officers of the unit's subtree.
perm("branches.manage_roster", _at_unit(*OFFICER_ROLES))
# Import the roster spreadsheet (and download its template): union officers of the enterprise.
perm("branches.import_roster", _at_unit(Role.UNION_OFFICER))
# Export what one may see (workers see their own entry only, in the portal).
perm("branches.export_roster", rules.predicate(lambda user: scope.is_staff_member(user)))


@perm("branches.see_full_ids_in_unit")
def _granted_full_ids_in_unit(user, unit) -> bool:
    """Full ID numbers of every worker of a unit's subtree (``unit``: a ``Branch``, or the path of
    one, such as a root of the user's scope; ``""``: everything): an administrator, or a union
    officer granted them on an appointment at the unit or above it."""
    path = unit if isinstance(unit, str) else getattr(unit, "path", None)
    return path is not None and scope.may_see_full_ids(user, path)


def _granted_full_ids(user, worker) -> bool:
    return worker is not None and _granted_full_ids_in_unit.test(user, worker.branch)


# Full ID numbers of a worker (a ``Worker``): an administrator, a union officer granted them on
# their appointment, and the worker themselves; everyone else reads them masked.
perm("branches.see_full_ids", own("pk") | rules.predicate(_granted_full_ids))
# The worker confirms their own member facts (a ``Worker``).
perm("branches.confirm_own_facts", own("pk"))

# --- membership transfers (a ``MembershipTransfer``; the table is branches/workflows.py) ----------

_sender = covers("from_branch.path", *OFFICER_ROLES)
_outside_system = rules.predicate(lambda user, transfer: transfer.to_unit_id is None, name="outside system")
_asked_by_worker = own("worker_id") & rules.predicate(
    lambda user, transfer: transfer.requested_by_id is not None and transfer.requested_by_id == user.pk,
    name="asked by the worker",
)
# The old unit: confirm a worker's request, release a claimed worker, refuse either.
perm("branches.send_transfer", _sender)
# The receiving union (for a union outside the system, the old unit records its answer).
perm("branches.receive_transfer", covers("to_unit.path", Role.UNION_OFFICER) | (_outside_system & _sender))
# Cancel a request before the receiving union answers: the old unit or the worker who asked.
perm("branches.cancel_transfer", _sender | _asked_by_worker)
# Ask in the portal for one's own membership to be transferred (no object).
perm("branches.ask_transfer", rules.predicate(lambda user: bool(getattr(user, "worker_id", None))))

# --- committees, workshop posts, leadership group -------------------------------------------------

# Union officers in their enterprise, branch officers in their own subtree; district reviewers view.
perm("branches.manage_committees", _at_unit(*OFFICER_ROLES))

# --- union funds -------------------------------------------------------------------------------

perm("branches.manage_funds", _at_unit(Role.UNION_OFFICER))
# A veto fact of the assessment: set and cleared by the federation only (the enterprise contests it
# on its assessment), always with a reason.
perm("branches.flag_withheld", _at_unit(Role.DISTRICT_REVIEWER))
perm("branches.confirm_receipt", _at_unit(Role.DISTRICT_REVIEWER))

# --- appointments (who holds which role where, and the full-ID grant) ------------------------------

# docs/PERMISSIONS.md gives appointments to no role: administrators only.
perm("branches.manage_appointments", is_admin)

# --- roster jobs (a ``RosterJob``; the table is branches/job_workflow.py) --------------------------

_job_creator = rules.predicate(lambda user, job: job.created_by_id == user.pk, name="the job's creator")
_job_unit = rules.predicate(
    lambda user, job: (
        scope.is_staff_member(user)
        if job.unit_id is None
        else scope.covers(user, job.unit.path, Role.UNION_OFFICER)
    ),
    name="may still import into the unit (or export)",
)
# Confirm a checked import: its creator, while still a union officer of the unit.
perm("branches.confirm_roster_import", _job_creator & covers("unit.path", Role.UNION_OFFICER))
# Run a failed import or export again: its creator, while still allowed to import or export.
perm("branches.retry_roster_job", _job_creator & _job_unit)
