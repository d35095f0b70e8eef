"""Writes of the democratic evaluation of leaders (民主评议领导干部): rounds, leaders and the representatives'
ratings.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from unionhome import answer_once, audit, permissions

from ..exceptions import Conflict, DemocracyError
from ..models import EvaluationRound, Leader, Rating, RatingCast, Session
from .common import _representative


@transaction.atomic
def evaluation_create(
    *, actor, session: Session, title: str, leaders: list[tuple[str, str]]
) -> EvaluationRound:
    permissions.require(actor, "democracy.manage_evaluation", session)
    leaders = [(n.strip(), p.strip()) for n, p in leaders if n.strip()]
    if not leaders:
        raise DemocracyError(_("List the leaders to be evaluated."), code="leaders")
    round_ = EvaluationRound.objects.create(session=session, title=title.strip())
    Leader.objects.bulk_create([Leader(round=round_, name=n, position=p) for n, p in leaders])
    return audit.created(
        actor=actor, action="evaluation.create", obj=round_, branch_path=session.term.enterprise.path
    )


@transaction.atomic
def evaluation_set_open(*, actor, round: EvaluationRound, is_open: bool) -> EvaluationRound:
    """Open a round, or close it for good: a round that has been rated is never reopened, as the
    change in its results would then show how the later representatives rated."""
    permissions.require(actor, "democracy.manage_evaluation", round)
    round_ = EvaluationRound.objects.select_for_update().get(pk=round.pk)
    if round_.is_open == is_open:
        raise Conflict(_("The round is already open.") if is_open else _("The round is already closed."))
    if is_open and round_.casts.exists():
        raise Conflict(_("A round that has been rated cannot be reopened."))
    round_.is_open = is_open
    round_.save(update_fields=["is_open"])
    audit.record(actor=actor, action="evaluation.open" if is_open else "evaluation.close", obj=round_,
                 branch_path=round.session.term.enterprise.path)  # fmt: skip
    return round_


@transaction.atomic
def evaluation_rate(*, actor, round: EvaluationRound, grades: dict[int, str]) -> None:
    """A representative rates every leader of the round, once, anonymously (``answer_once``)."""
    rep = _representative(actor)
    round_ = EvaluationRound.objects.select_related("session").get(pk=round.pk)
    if round_.session.term_id != rep.term_id:
        raise DemocracyError(_("This evaluation is not open."), code="closed")
    leader_ids = set(round_.leaders.values_list("pk", flat=True))
    if set(grades) != leader_ids or set(grades.values()) - set(Rating.Grade.values):
        raise DemocracyError(_("Rate every leader of the round."), code="incomplete")
    answer_once.answer_once(
        round=round_,
        person=rep,
        participation=RatingCast,
        write_answer=lambda locked: Rating.objects.bulk_create(
            [Rating(round=locked, leader_id=pk, grade=g) for pk, g in grades.items()]
        ),
        actor=actor,
        action="evaluation.rate",
        branch_path=rep.term.enterprise.path,
        closed_message=_("This evaluation is not open."),
        already_message=_("You have already rated the leaders of this round."),
    )
