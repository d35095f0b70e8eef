"""Members evaluate the home (会员评家): evaluation rounds and the members' answers."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import answer_once, audit, permissions
from unionhome.models import User

from ..exceptions import AssessmentError, Conflict
from ..models import EvaluationAnswer, EvaluationRound, Participation
from .common import _refuse


@transaction.atomic
def round_create(
    *, actor: User, branch: Branch, year: int, name: str, audience: str = EvaluationRound.Audience.MEMBERS
) -> EvaluationRound:
    """Open a round for a unit (union officers, docs/PERMISSIONS.md): 会员评家 answered by members,
    or a satisfaction round answered by every worker of the unit (职工满意率, 篇二 §四.2)."""
    permissions.require(actor, "assessment.manage_evaluation_round", branch)
    if not name.strip():
        raise AssessmentError(_("Give the round a name."))
    if audience not in EvaluationRound.Audience.values:
        raise AssessmentError(_("Choose who answers the round."))
    round_ = EvaluationRound.objects.create(
        branch=branch, year=year, name=name.strip()[:120], created_by=actor, audience=audience
    )
    return audit.created(actor=actor, action="assessment.round_create", obj=round_)


@transaction.atomic
def round_close(*, actor: User, round_: EvaluationRound) -> EvaluationRound:
    locked = EvaluationRound.objects.select_for_update().select_related("branch").get(pk=round_.pk)
    permissions.require(actor, "assessment.manage_evaluation_round", locked)
    if not locked.is_open:
        raise Conflict(_("The round is already closed."))
    with audit.changing(actor=actor, obj=locked, fields=["is_open"], action="assessment.round_close"):
        locked.is_open = False
    return locked


@transaction.atomic
def evaluation_answer(
    *, actor: User, round_: EvaluationRound, verdict: str, comment: str = ""
) -> EvaluationAnswer:
    """A member answers a round once (``unionhome.answer_once``); the answer is stored without any
    link to the member."""
    worker = Worker.objects.select_related("branch").filter(pk=actor.worker_id).first()
    if worker is None or worker.status != Worker.Status.ACTIVE:
        _refuse(_("Only members evaluate their home."))
    if round_.audience == EvaluationRound.Audience.MEMBERS and not worker.is_member:
        _refuse(_("Only members evaluate their home."))
    if round_.branch.path not in worker.branch.ancestor_paths():
        _refuse()
    if verdict not in EvaluationAnswer.Verdict.values:
        raise AssessmentError(_("Choose an answer."))
    return answer_once.answer_once(
        round=round_,
        person=worker,
        participation=Participation,
        write_answer=lambda locked: EvaluationAnswer.objects.create(
            round=locked, verdict=verdict, comment=comment.strip()[:1000]
        ),
        actor=actor,
        action="assessment.evaluation_answer",
        closed_message=_("This round is closed."),
        already_message=_("You have already answered this round."),
    )
