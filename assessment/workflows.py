"""The assessment's workflow, declared once: the unit scores itself, the level above reviews, one level
accepts (docs/workflows.md is drawn from this table; docs/PERMISSIONS.md says who plays which part).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from unionhome import scope, workflow
from unionhome.workflow import Step, Workflow

from . import rules, selectors
from .exceptions import AssessmentError
from .models import Assessment, TitleAward, TitleTransition, Transition

State = Assessment.State


def _all_self_scores(move) -> None:
    if any(s.self_score is None for s in move.obj.scores.all()):
        raise AssessmentError(_("Score every item before submitting."), code="incomplete")


def _hand_scores_have_evidence(move) -> None:
    """An item scored by hand (no indicator-bound suggestion) and given points rests on evidence: a
    file attached to it, or a comment naming the ledger or record checked (docs/DOMAIN.md)."""
    assessment = move.obj
    if not any(s.item.scoring for s in assessment.scores.select_related("item")):
        return  # a version without indicator-bound items keeps the rules it was made under
    suggestions = selectors.suggestions_of(assessment)
    with_files = set(assessment.evidence.values_list("item_id", flat=True))
    missing = [
        s.item.text[:40]
        for s in assessment.scores.select_related("item")
        if s.self_score
        and suggestions[s.item_id].score is None
        and not s.self_comment.strip()
        and s.item_id not in with_files
    ]
    if missing:
        raise AssessmentError(
            _("Items scored by hand need evidence (a file, or a comment naming the record): %(items)s")
            % {"items": _("; ").join(missing)},
            code="evidence",
        )


def _not_the_submitter(move) -> None:
    """Whoever submitted a self-check does not review it too (a group's branch officer plays both)."""
    if scope.is_admin(move.actor):
        return
    submitted_by = (
        move.obj.transitions.filter(to_state=State.SELF_SCORED)
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    if submitted_by == move.actor.pk:
        raise AssessmentError(
            _("You submitted this self-check: an officer of the level above reviews it."),
            code="same_person",
        )


def _all_reviewer_scores(move) -> None:
    if any(s.reviewer_score is None for s in move.obj.scores.all()):
        raise AssessmentError(
            _("Give your own score to every item before completing the review."), code="incomplete"
        )


def _settle_result(move) -> None:
    """Freeze the result at acceptance: total, veto, rating and the indicators as they stood."""
    assessment = move.obj
    result = selectors.result_of(assessment, selectors.scores_of(assessment))
    if result.rating == Assessment.Rating.UNDECIDED:
        if any(g.finding == "no_data" for g in result.gates):
            raise AssessmentError(
                _("A condition of the standard has no data: it decides the rating, so it is needed first."),
                code="undecided",
            )
        raise AssessmentError(
            _("A veto item has no data: record your finding for it before accepting."), code="undecided"
        )
    assessment.total = result.total
    assessment.vetoed = result.vetoed
    assessment.rating = result.rating
    assessment.findings = {
        "indicators": [r.as_dict() for r in result.indicators],
        "vetoes": [v.as_dict() for v in result.vetoes],
        "gates": [g.as_dict() for g in result.gates],
        "suggestions": {str(pk): s.as_dict() for pk, s in result.suggestions.items() if s.bound},
    }


ASSESSMENT = workflow.register(
    Workflow(
        name="assessment.assessment",
        label=gettext_lazy("Model home assessment"),
        model=Assessment,
        record_model=Transition,
        initial=State.DRAFT,
        steps={
            (State.DRAFT, "submit"): Step(to=State.SELF_SCORED, permission="assessment.self_check"),
            (State.RETURNED, "submit"): Step(to=State.SELF_SCORED, permission="assessment.self_check"),
            (State.SELF_SCORED, "review"): Step(to=State.REVIEWED, permission="assessment.review"),
            (State.SELF_SCORED, "return"): Step(to=State.RETURNED, permission="assessment.review"),
            (State.REVIEWED, "accept"): Step(to=State.ACCEPTED, permission="assessment.accept"),
            (State.REVIEWED, "return"): Step(to=State.RETURNED, permission="assessment.accept"),
        },
        actions={
            "submit": gettext_lazy("Submit self-check"),
            "review": gettext_lazy("Complete review"),
            "return": gettext_lazy("Return"),
            "accept": pgettext_lazy("assessment", "Accept"),
        },
        lock_related=("branch", "standard"),
        reason_required=frozenset({"return"}),
        guards={
            "submit": (_all_self_scores, _hand_scores_have_evidence),
            "review": (_not_the_submitter, _all_reviewer_scores),
        },
        effects={"accept": (_settle_result,)},
        audit_action="assessment",
        audit_fields=("state", "total", "rating"),
    )
)


# --- titles: filed with the higher union, renewed by a re-check (docs/DOMAIN.md, "Titles") ---------

TitleState = TitleAward.State


def _record_filing(move) -> None:
    move.obj.filed_at = move.at
    move.obj.filed_by = move.actor


def _renew(move) -> None:
    """A re-check assessment (checked by ``services.titles.title_recheck``) moves the re-check date on."""
    recheck = move.extra["recheck"]
    move.obj.recheck_assessment = recheck
    move.obj.recheck_due = rules.recheck_due(recheck.year)


TITLE = workflow.register(
    Workflow(
        name="assessment.title",
        label=gettext_lazy("Title"),
        model=TitleAward,
        record_model=TitleTransition,
        initial=TitleState.AWARDED,
        steps={
            (TitleState.AWARDED, "file"): Step(to=TitleState.FILED, permission="assessment.file_title"),
            (TitleState.AWARDED, "recheck"): Step(to=TitleState.AWARDED, permission="assessment.award_title"),
            (TitleState.FILED, "recheck"): Step(to=TitleState.FILED, permission="assessment.award_title"),
        },
        actions={
            "award": gettext_lazy("Award a title"),  # the first history row (record_start)
            "file": gettext_lazy("File with the higher union"),
            "recheck": gettext_lazy("Renew on a re-check"),
        },
        lock_related=("branch",),
        effects={"file": (_record_filing,), "recheck": (_renew,)},
        audit_action="title",
        audit_fields=("state", "recheck_due", "recheck_assessment"),
    )
)
