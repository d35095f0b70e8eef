"""Who may do what in the model-home assessment: one named predicate per use case.

Services, views, templates and the permission tests ask these names (``unionhome.permissions``);
the policy is written down in docs/PERMISSIONS.md ("Assessment").

Who plays which part for an assessment depends on the kind of unit assessed
(``rules.RESPONSIBLE``): the unit itself scores (``self``), the level above reviews
(``reviewer``), and one level accepts and awards the title (``acceptor``). ``capacities`` computes
those parts from the user's appointments; the predicates below combine them with the
assessment's state where the state decides who may write (scores, evidence, veto findings).
"""

from __future__ import annotations

import rules as rules_lib

from branches.models import Branch, Worker
from unionhome import scope
from unionhome.permissions import covers, perm
from unionhome.roles import Role

from . import rules
from .models import Assessment

Capacity = rules.Capacity

VETO_STATES = frozenset({Assessment.State.SELF_SCORED, Assessment.State.REVIEWED})


def capacities(user, branch: Branch) -> set[Capacity]:
    """The parts the user plays for this unit's assessments (docs/PERMISSIONS.md, "Assessment")."""
    result = set()
    for capacity, holders in rules.RESPONSIBLE.get(branch.kind, {}).items():
        for role, strictly_above in holders:
            check = scope.covers_below if strictly_above else scope.covers
            if check(user, branch.path, role):
                result.add(capacity)
    return result


def _unit(obj) -> Branch | None:
    """The unit an object is about: an assessment's unit, or the unit itself."""
    if obj is None:
        return None
    return obj if isinstance(obj, Branch) else obj.branch


def has(*wanted: Capacity):
    """The user plays one of ``wanted`` for the unit of the object (an assessment or a unit)."""

    def playing(user, obj) -> bool:
        unit = _unit(obj)
        return unit is not None and bool(capacities(user, unit) & set(wanted))

    return rules_lib.predicate(playing, name=f"capacity {' or '.join(wanted)}")


def in_states(*states: str):
    return rules_lib.predicate(
        lambda user, assessment: assessment is not None and assessment.state in states,
        name=f"state in {', '.join(states)}",
    )


# --- the workflow (assessment/workflows.py names these on its steps) -------------------------

perm("assessment.self_check", has(Capacity.SELF))  # (draft, submit) (returned, submit)
perm("assessment.review", has(Capacity.REVIEWER))  # (self_scored, review) (self_scored, return)
perm("assessment.accept", has(Capacity.ACCEPTOR))  # (reviewed, accept) (reviewed, return)

# --- an assessment's contents -----------------------------------------------------------------

# Plays any part for the assessment's unit: may post to its pages (a wrong state is a message).
perm("assessment.take_part", has(Capacity.SELF, Capacity.REVIEWER, Capacity.ACCEPTOR))
# The unit enters its own scores and evidence while the assessment is a draft or returned …
_score_own = perm("assessment.score_own", has(Capacity.SELF) & in_states(*rules.SELF_EDITABLE))
# … the reviewer its own scores and evidence while the assessment waits for review.
_score_as_reviewer = perm(
    "assessment.score_as_reviewer", has(Capacity.REVIEWER) & in_states(*rules.REVIEW_EDITABLE)
)
perm("assessment.upload_evidence", _score_own | _score_as_reviewer)
# The reviewer's or acceptor's on-site finding for a veto item without live data (during review:
# ``VETO_STATES``, a domain check of the service).
perm("assessment.confirm_veto", has(Capacity.REVIEWER, Capacity.ACCEPTOR))
# The unit contests a veto that applies to it (a flag the federation set), with a reason.
perm("assessment.contest_veto", has(Capacity.SELF))


# --- units --------------------------------------------------------------------------------------


def _opens(user, unit) -> bool:
    return not unit.is_federation and bool(capacities(user, unit) & {Capacity.SELF, Capacity.REVIEWER})


@perm("assessment.open_assessment")
def _may_open(user, unit) -> bool:
    """Open an assessment of ``unit`` (its own officers or its reviewer); no unit: of some unit."""
    if unit is not None:
        return _opens(user, unit)
    # the first units decide for nearly everyone; the rest only when none of them may be opened
    units = units_in_scope(user).order_by("path")
    return any(_opens(user, b) for b in units[:50]) or any(
        _opens(user, b) for b in units[50:].iterator(chunk_size=500)
    )


def units_in_scope(user):
    """Active units in the user's scope that can be assessed (not the federations themselves)."""
    return scope.limit(Branch.objects.filter(is_active=True), user, "path").exclude(
        kind__in=Branch.FEDERATION_KINDS
    )


perm("assessment.award_title", has(Capacity.ACCEPTOR))  # obj: the unit (or a title: its re-check)
# Filing (备案) a title with the higher union: the district federation above the unit (篇二 §六.3).
perm("assessment.file_title", covers("branch.path", Role.DISTRICT_REVIEWER))  # obj: the title


@perm("assessment.manage_standards")
def _may_manage_standards(user, _obj=None) -> bool:
    """Standards are written by the federations' reviewers (and administrators)."""
    return scope.is_admin(user) or bool(scope.branches_for(user, Role.DISTRICT_REVIEWER))


# --- members evaluate the home (会员评家) ----------------------------------------------------------


def _round_unit_path(obj) -> str | None:
    unit = _unit(obj)
    return unit.path if unit is not None else None


# Open a round for a unit, close it (obj: the unit or the round).
perm("assessment.manage_evaluation_round", covers(_round_unit_path, Role.UNION_OFFICER))


@perm("assessment.answer_evaluation")
def _may_answer(user, round_) -> bool:
    """A member in force of the round's unit or a unit below it answers (once: the service says); a
    round of all workers (职工满意率) is answered by every worker in force there."""
    if round_ is None or not getattr(user, "worker_id", None):
        return False
    worker = (
        Worker.objects.select_related("branch").filter(pk=user.worker_id, status=Worker.Status.ACTIVE).first()
    )
    if worker is None or (round_.audience == "members" and not worker.is_member):
        return False
    return round_.branch.path in worker.branch.ancestor_paths()
