"""Members evaluate the home (会员评家): evaluation rounds and the members' answers."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit, scope
from unionhome.models import User

from ..exceptions import AssessmentError, Conflict
from ..models import EvaluationAnswer, EvaluationRound, Participation
from .common import _refuse


@transaction.atomic
def round_create(*, actor: User, branch: Branch, year: int, name: str) -> EvaluationRound:
    """Open a 会员评家 round for a unit (union officers, PERMISSIONS.md)."""
    if not scope.covers(actor, branch.path, scope.Role.UNION_OFFICER):
        _refuse()
    if not name.strip():
        raise AssessmentError(_("Give the round a name."))
    round_ = EvaluationRound.objects.create(
        branch=branch, year=year, name=name.strip()[:120], created_by=actor
    )
    audit.record(actor=actor, action="assessment.round_create", obj=round_, after=audit.snapshot(round_))
    return round_


@transaction.atomic
def round_close(*, actor: User, round_: EvaluationRound) -> EvaluationRound:
    locked = EvaluationRound.objects.select_for_update().select_related("branch").get(pk=round_.pk)
    if not scope.covers(actor, locked.branch.path, scope.Role.UNION_OFFICER):
        _refuse()
    if not locked.is_open:
        raise Conflict(_("The round is already closed."))
    locked.is_open = False
    locked.save(update_fields=["is_open"])
    audit.record(
        actor=actor,
        action="assessment.round_close",
        obj=locked,
        before={"is_open": True},
        after={"is_open": False},
    )
    return locked


@transaction.atomic
def evaluation_answer(
    *, actor: User, round_: EvaluationRound, verdict: str, comment: str = ""
) -> EvaluationAnswer:
    """A member answers a round once; the answer is stored without any link to the member."""
    worker = Worker.objects.select_related("branch").filter(pk=actor.worker_id).first()
    if worker is None or worker.status != Worker.Status.ACTIVE or not worker.is_member:
        _refuse(_("Only members evaluate their home."))
    if round_.branch.path not in worker.branch.ancestor_paths():
        _refuse()
    locked = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    if not locked.is_open:
        raise AssessmentError(_("This round is closed."), code="closed")
    if verdict not in EvaluationAnswer.Verdict.values:
        raise AssessmentError(_("Choose an answer."))
    try:
        with transaction.atomic():
            Participation.objects.create(round=locked, worker=worker)
    except IntegrityError:
        raise Conflict(_("You have already answered this round.")) from None
    answer = EvaluationAnswer.objects.create(round=locked, verdict=verdict, comment=comment.strip()[:1000])
    audit.record(actor=actor, action="assessment.evaluation_answer", obj=locked, after={"answered": True})
    return answer
