"""Who may do what in democratic management: one named predicate per use case (docs/PERMISSIONS.md).

Services ``require`` these names, views and templates ask ``allowed`` / ``{{ user|can:"…" }}`` with
the same names, and the proposal workflow's steps name them (``democracy/workflows.py``). Reads
are scoped by the selectors (outside scope: 404); these predicates decide the actions inside it.

Most records belong to an enterprise union (``enterprise_path``): its union officers manage them,
officers and reviewers above or inside it read them. Asked without an object (a "New …" button, a
menu entry), a management predicate answers whether the user manages at least one enterprise.
"""

from __future__ import annotations

import rules

from branches.models import Branch, Worker
from unionhome import scope
from unionhome.permissions import covers, own, perm

Role = scope.Role

# The relations that lead from a record of this app to its enterprise union, tried in order.
_TOWARDS_ENTERPRISE = ("enterprise", "term", "session", "round", "committee", "contract", "resolution")


def enterprise_path(obj) -> str | None:
    """The path of the enterprise union a record belongs to (a unit: its own path)."""
    for _depth in range(6):
        if obj is None:
            return None
        if isinstance(obj, Branch):
            return obj.path
        for attr in _TOWARDS_ENTERPRISE:
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
                break
        else:
            return None
    return None


def _manages_an_enterprise(user) -> bool:
    roots = scope.branches_for(user, Role.UNION_OFFICER)
    if not roots:
        return False
    return (
        Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, is_active=True)
        .filter(scope.q_for(roots, "path"))
        .exists()
    )


@rules.predicate
def union_officer_of_enterprise(user, obj=None) -> bool:
    """A union officer of the record's enterprise (or above it); without a record: of any enterprise."""
    if obj is None:
        return _manages_an_enterprise(user)
    path = enterprise_path(obj)
    return path is not None and scope.covers(user, path, Role.UNION_OFFICER)


def _worker(user) -> Worker | None:
    return getattr(user, "worker", None) if getattr(user, "worker_id", None) else None


@rules.predicate
def active_worker(user) -> bool:
    """A user linked to a roster entry still in work (a worker who has left keeps only their own
    records: no internal disclosures, resolutions, contracts or surveys)."""
    worker = _worker(user)
    return worker is not None and worker.status == Worker.Status.ACTIVE


@rules.predicate
def representative(user) -> bool:
    """A worker elected to the current congress term of their enterprise."""
    from democracy.selectors import representative_of

    worker = _worker(user)
    return (
        worker is not None and worker.status == Worker.Status.ACTIVE and representative_of(worker) is not None
    )


# --- the workers' congress (terms, representatives, training, sessions, agenda, sign-in, resolutions)

perm("democracy.manage_congress", union_officer_of_enterprise)
perm("democracy.vote_on_resolution", representative)

# --- proposals (提案) and rationalisation suggestions (合理化建议) ---------------------------------

perm(
    "democracy.handle_proposal", covers("enterprise.path", Role.UNION_OFFICER)
)  # the workflow's office steps
perm("democracy.follow_own_proposal", own("proposer_id"))  # withdraw, rate the answer
perm("democracy.enter_proposal", union_officer_of_enterprise)  # one received on paper
perm("democracy.submit_proposal", active_worker)  # a proposal needs a representative (the service)
perm("democracy.cosign_proposal", representative)

# --- labour competitions, leader evaluation, lower-level meetings -----------------------------------

perm("democracy.record_contest", union_officer_of_enterprise)
perm("democracy.manage_evaluation", union_officer_of_enterprise)
perm("democracy.rate_leaders", representative)


@perm("democracy.see_evaluations")
def _see_evaluations(user, obj=None) -> bool:
    """Leader evaluation results: union officers and district reviewers, not branch officers."""
    return scope.is_admin(user) or bool(scope.roles(user) & {Role.UNION_OFFICER, Role.DISTRICT_REVIEWER})


@perm("democracy.record_meeting")
def _record_meeting(user, branch=None) -> bool:
    """Officers record the meetings of their branches and groups; without a unit: of any."""
    if branch is None:
        from democracy.selectors import meeting_units

        return meeting_units(user).exists()
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


# --- affairs disclosure (厂务公开) and its surveys ----------------------------------------------------


def _audience_path(obj) -> str:
    return obj.path if isinstance(obj, Branch) else obj.audience.path


@perm("democracy.publish_disclosure")
def _publish_disclosure(user, obj=None) -> bool:
    """Union officers publish to their enterprise, branch officers to their own subtree.

    ``obj``: the item or its audience; without one: whether the user may publish anywhere."""
    if obj is None:
        from democracy.selectors import publish_audiences

        return publish_audiences(user).exists()
    return scope.covers(user, _audience_path(obj), *scope.OFFICER_ROLES)


@perm("democracy.see_disclosure_draft")
def _see_disclosure_draft(user, item) -> bool:
    """An unpublished item: only the officers of its audience's unit and of the units above it
    (``selectors.disclosures`` filters the lists the same way)."""
    return item is not None and scope.covers(user, item.audience.path)


perm("democracy.manage_survey", union_officer_of_enterprise)


@perm("democracy.see_whole_survey")
def _see_whole_survey(user, survey) -> bool:
    """Every answer of a survey: union officers of the enterprise and district reviewers; a branch
    officer sees only the answers from their own units."""
    return survey is not None and scope.covers(user, survey.enterprise.path)


perm("democracy.answer_survey", active_worker)

# --- collective contracts, mediation, letters and visits ---------------------------------------------

perm("democracy.manage_contract", union_officer_of_enterprise)
perm("democracy.manage_mediation", union_officer_of_enterprise)
perm("democracy.manage_petition", union_officer_of_enterprise)


@perm("democracy.flag_petition")
def _flag_petition(user, obj) -> bool:
    """Mark or clear an abnormal collective or over-level petition, a veto fact of the assessment:
    the district reviewers above the enterprise only (the enterprise contests it on its assessment)."""
    path = enterprise_path(obj)
    return path is not None and scope.covers(user, path, Role.DISTRICT_REVIEWER)


# --- the worker portal ---------------------------------------------------------------------------------

perm("democracy.read_internal", active_worker)  # what is published inside the enterprise
