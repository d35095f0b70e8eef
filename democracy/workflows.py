"""The proposal workflow (提案办理: 事事有回音，件件有着落), declared once for ``unionhome.workflow``.

``services.proposal_act`` applies it; the office's and the proposer's buttons come from
``workflow.available_actions``; ``docs/workflows.md`` is drawn from it. Who may take each step is
a named permission of ``democracy/permissions.py``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import workflow
from unionhome.workflow import Step, Workflow

from . import conf, rules
from .exceptions import DemocracyError
from .models import Proposal, ProposalTransition

HANDLE = "democracy.handle_proposal"  # the enterprise's union officers
FOLLOW = "democracy.follow_own_proposal"  # the proposer

# What a proposal's audit events snapshot before and after each step.
PROPOSAL_FIELDS = ("state", "department", "due_date", "answer", "conversion_reason")


# --- guards: checks of the step's input and of the proposal, not of who acts ----------------------


def _enough_cosigners(move) -> None:
    """A representative's proposal (not a suggestion) is accepted only with enough co-signers."""
    proposal = move.obj
    minimum = conf.get("COSIGNERS_MIN")
    if proposal.kind == Proposal.Kind.PROPOSAL and not rules.enough_cosigners(
        proposal.cosigners.count(), minimum
    ):
        raise DemocracyError(
            _("A proposal needs at least %(n)s co-signers to be accepted.") % {"n": minimum},
            code="cosigners",
        )


def _department_and_due_date(move) -> None:
    if not move.extra.get("department") or move.extra.get("due_date") is None:
        raise DemocracyError(_("Name the responsible department and the due date."), code="assign")


def _answer_written(move) -> None:
    if not move.extra.get("answer"):
        raise DemocracyError(_("Write the answer."), code="answer")


# --- effects: the proposal's other fields for the step --------------------------------------------


def _mark_accepted(move) -> None:
    move.obj.ever_accepted = True


def _make_suggestion(move) -> None:
    move.obj.conversion_reason = move.reason
    move.obj.kind = Proposal.Kind.SUGGESTION


def _assign(move) -> None:
    move.obj.department = move.extra["department"]
    move.obj.due_date = move.extra["due_date"]


def _record_answer(move) -> None:
    move.obj.answer = move.extra["answer"]
    move.obj.answered_at = move.at


PROPOSAL = workflow.register(
    Workflow(
        name="democracy.proposal",
        label=gettext_lazy("Proposal"),
        model=Proposal,
        record_model=ProposalTransition,
        initial=rules.SUBMITTED,
        steps={
            (rules.SUBMITTED, "accept"): Step(rules.ACCEPTED, permission=HANDLE),
            (rules.SUBMITTED, "convert"): Step(rules.CONVERTED, permission=HANDLE),
            (rules.SUBMITTED, "withdraw"): Step(rules.WITHDRAWN, permission=FOLLOW),
            (rules.ACCEPTED, "assign"): Step(rules.ASSIGNED, permission=HANDLE),
            (rules.ASSIGNED, "assign"): Step(rules.ASSIGNED, permission=HANDLE),
            (rules.ASSIGNED, "answer"): Step(rules.ANSWERED, permission=HANDLE),
            (rules.ANSWERED, "satisfied"): Step(rules.SATISFIED, permission=FOLLOW),
            (rules.ANSWERED, "not_satisfied"): Step(rules.NOT_SATISFIED, permission=FOLLOW),
            (rules.NOT_SATISFIED, "reopen"): Step(rules.REOPENED, permission=HANDLE),
            (rules.REOPENED, "assign"): Step(rules.ASSIGNED, permission=HANDLE),
            (rules.REOPENED, "answer"): Step(rules.ANSWERED, permission=HANDLE),
        },
        actions={
            "submit": gettext_lazy("Submit"),  # the first history row (record_start)
            "accept": gettext_lazy("Accept (立案)"),
            "convert": gettext_lazy("Convert to a suggestion"),
            "withdraw": gettext_lazy("Withdraw"),
            "assign": gettext_lazy("Assign"),
            "answer": gettext_lazy("Record the answer"),
            "satisfied": gettext_lazy("Satisfied with the answer"),
            "not_satisfied": gettext_lazy("Not satisfied"),
            "reopen": gettext_lazy("Reopen"),
        },
        lock_related=("enterprise", "branch"),
        reason_required=frozenset({"convert"}),
        guards={
            "accept": (_enough_cosigners,),
            "assign": (_department_and_due_date,),
            "answer": (_answer_written,),
        },
        effects={
            "accept": (_mark_accepted,),
            "convert": (_make_suggestion,),
            "assign": (_assign,),
            "answer": (_record_answer,),
        },
        audit_action="proposal",
        audit_fields=PROPOSAL_FIELDS,
    )
)
