"""Who may do what in hardship relief: one named predicate per use case (docs/PERMISSIONS.md).

Services ``require`` these names, the application workflow's steps name them
(``hardship/workflows.py``), views and templates ask ``allowed`` / ``{{ user|can:"…" }}`` with the
same names to show a button or a menu entry. Reads are scoped by the selectors (outside scope:
404); these predicates decide what a user may do inside it.

The object each name is asked about is given after it. Asked without an object (a menu entry, a
"New …" button), ``start_paper_application``, ``create_campaign`` and ``see_access_log`` answer
whether the user may do it somewhere at all.
"""

from __future__ import annotations

import rules

from branches.models import Branch, Worker
from unionhome import scope
from unionhome.permissions import covers, own, perm

Role = scope.Role

# --- applications (obj: an Application) ---------------------------------------------------------

applicant = own("worker_id")
entered_on_paper = rules.predicate(
    lambda user, application: application is not None and application.entered_on_paper,
    name="entered on paper",
)
# The branch or union officer who keeps a paper application for a worker of their units.
clerk = entered_on_paper & covers("branch.path", Role.BRANCH_OFFICER, Role.UNION_OFFICER)

# Fill in, submit, resubmit, withdraw a draft or a returned application, upload its documents.
perm("hardship.edit_application", applicant | clerk)
# Withdraw an application under review: the applicant only.
perm("hardship.withdraw_submitted", applicant)
# Return, approve, reject; publish the notice, record and resolve objections, end the notice,
# report to the district: the union officers of the applicant's enterprise.
perm("hardship.review_application", covers("enterprise.path", Role.UNION_OFFICER))
# Approve or reject a reported application, record the relief: the reviewers of the campaign's
# federation or above it (a district's reviewers do not decide in their city's campaign).
perm("hardship.decide_reported", covers("campaign.branch.path", Role.DISTRICT_REVIEWER))
# The office's pages of a paper application (edit it, upload for it).
perm("hardship.enter_on_paper", clerk)


@perm("hardship.start_paper_application")
def _start_paper_application(user, worker: Worker | None = None) -> bool:
    """Start a paper application for a worker of own units (obj: the Worker; none: any worker)."""
    if worker is None:
        return bool(scope.branches_for(user, Role.BRANCH_OFFICER, Role.UNION_OFFICER))
    return scope.covers(user, worker.branch.path, Role.BRANCH_OFFICER, Role.UNION_OFFICER)


@perm("hardship.see_full_ids")
def _see_full_ids(user, record) -> bool:
    """Full ID numbers of an application's or a file's people (obj: anything with a ``branch``)."""
    return record is not None and scope.may_see_full_ids(user, record.branch.path)


# --- campaigns ---------------------------------------------------------------------------------------


@perm("hardship.create_campaign")
def _create_campaign(user, district: Branch | None = None) -> bool:
    """A federation's reviewers (at any level) run its campaigns (obj: the federation; none: any)."""
    if district is None:
        roots = scope.branches_for(user, Role.DISTRICT_REVIEWER)
        return bool(roots) and (
            Branch.objects.filter(kind__in=Branch.FEDERATION_KINDS)
            .filter(scope.q_for(roots, "path"))
            .exists()
        )
    return district.is_federation and scope.covers(user, district.path, Role.DISTRICT_REVIEWER)


# Line, deadline, notice length, close, reopen; the district balancing (obj: a Campaign).
perm("hardship.manage_campaign", covers("branch.path", Role.DISTRICT_REVIEWER))

# --- an enterprise's notice and report (obj: the enterprise union, a Branch) -------------------------

# Report every application whose notice ended to the district.
perm("hardship.report_enterprise", covers("path", Role.UNION_OFFICER))
# The result report (attachment 2): the enterprise that reports and the district that receives it.
perm("hardship.read_report", covers("path", Role.UNION_OFFICER, Role.DISTRICT_REVIEWER))


@perm("hardship.read_notices")
def _read_notices(user, obj=None) -> bool:
    """The public notices of the worker's enterprise: a worker still in work (a worker who has left
    keeps only their own records: their hardship file and applications)."""
    worker = getattr(user, "worker", None) if getattr(user, "worker_id", None) else None
    return worker is not None and worker.status == Worker.Status.ACTIVE


@perm("hardship.object_to_notice")
def _object_to_notice(user, application=None) -> bool:
    """Send an objection from the public notice (obj: the Application on the notice): a worker in
    work of the same enterprise, not the applicant. The notice period is the service's rule."""
    if application is None or not _read_notices(user):
        return False
    own_enterprise = scope.enterprise_of(user.worker.branch)
    return (
        own_enterprise is not None
        and application.enterprise_id == own_enterprise.pk
        and application.worker_id != user.worker_id
    )


@perm("hardship.handle_worker_objections")
def _handle_worker_objections(user, objection=None) -> bool:
    """The objections workers sent, with who sent them; record one as an objection or dismiss it
    (obj: the WorkerObjection; none: anywhere at all): the union officers of the application's
    enterprise (docs/PERMISSIONS.md, "Hardship")."""
    if objection is None:
        return scope.is_admin(user) or bool(scope.branches_for(user, Role.UNION_OFFICER))
    return scope.covers(user, objection.application.enterprise.path, Role.UNION_OFFICER)


# --- hardship files (obj: a HardshipFile) --------------------------------------------------------------


@perm("hardship.open_file")
def _open_file(user, worker: Worker | None = None) -> bool:
    """Open a hardship file at any time, outside a campaign (obj: the Worker; none: anywhere at
    all): the union officers of the worker's enterprise."""
    if worker is None:
        return scope.is_admin(user) or bool(scope.branches_for(user, Role.UNION_OFFICER))
    return scope.covers(user, worker.branch.path, Role.UNION_OFFICER)


# Help given and periodic reviews: the union officers of the family's enterprise.
perm("hardship.manage_file", covers("enterprise.path", Role.UNION_OFFICER))
# Close (脱困) and reopen: the district's reviewers.
perm("hardship.close_file", covers("branch.path", Role.DISTRICT_REVIEWER))


@perm("hardship.see_access_log")
def _see_access_log(user, obj=None) -> bool:
    """The access log of applications and files: union officers and district reviewers."""
    return scope.is_admin(user) or bool(scope.branches_for(user, Role.UNION_OFFICER, Role.DISTRICT_REVIEWER))
