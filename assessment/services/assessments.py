"""Writes of an assessment of a unit for a period: opening it, scores, the workflow, veto confirmations and
evidence.
"""

from __future__ import annotations

import filetype
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, scope
from unionhome.models import User

from .. import rules, selectors
from ..exceptions import AssessmentError, Conflict, UploadRefused
from ..models import (
    Assessment,
    Evidence,
    ItemScore,
    Standard,
    StandardItem,
    Transition,
    VetoConfirmation,
    VetoRule,
)
from .common import Capacity, State, _refuse, _require

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


EVIDENCE_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def assessment_create(
    *, actor: User, branch: Branch, standard: Standard, period_kind: str, year: int, number: int = 1
) -> Assessment:
    """Open an assessment of a unit for a period against the newest version of a standard."""
    _require(actor, branch, Capacity.SELF, Capacity.REVIEWER)
    if rules.LEVEL_OF_KIND.get(branch.kind) != standard.level:
        raise AssessmentError(_("This standard does not apply to this unit's level."))
    if period_kind not in rules.PERIOD_KINDS_FOR.get(branch.kind, ()):
        raise AssessmentError(_("This kind of period does not apply to this unit."))
    try:
        start, end = rules.period_bounds(period_kind, year, number)
    except (ValueError, KeyError):
        raise AssessmentError(_("There is no such period in the year.")) from None
    newest = selectors.latest_version(standard.code)
    if newest.pk != standard.pk:
        raise AssessmentError(_("Use the newest version of the standard."))
    if standard.effective_date > end:
        raise AssessmentError(_("The standard is not yet in effect in this period."))
    if Assessment.objects.filter(
        branch=branch, standard__code=standard.code, period_kind=period_kind, year=year, number=number
    ).exists():
        raise AssessmentError(_("This unit already has an assessment for this period."))
    assessment = Assessment.objects.create(
        branch=branch,
        standard=standard,
        period_kind=period_kind,
        year=year,
        number=number,
        period_start=start,
        period_end=end,
        created_by=actor,
    )
    items = StandardItem.objects.filter(section__standard=standard)
    ItemScore.objects.bulk_create([ItemScore(assessment=assessment, item=i) for i in items])
    audit.record(actor=actor, action="assessment.create", obj=assessment, after=audit.snapshot(assessment))
    return assessment


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("branch", "standard").get(pk=assessment.pk)


@transaction.atomic
def assessment_score(*, actor: User, assessment: Assessment, scores: dict[int, tuple]) -> Assessment:
    """Enter scores: the unit its own (draft / returned), the reviewer theirs (self-scored).

    ``scores``: item id → (score or None, comment).
    """
    assessment = _lock(assessment)
    caps = selectors.capacities(actor, assessment.branch)
    if Capacity.SELF in caps and assessment.state in rules.SELF_EDITABLE:
        field, comment_field = "self_score", "self_comment"
    elif Capacity.REVIEWER in caps and assessment.state in rules.REVIEW_EDITABLE:
        field, comment_field = "reviewer_score", "reviewer_comment"
    elif caps:
        raise AssessmentError(_("Scores cannot be changed in this state."), code="state")
    else:
        _refuse()
    rows = {s.item_id: s for s in assessment.scores.select_related("item").select_for_update()}
    checklist = assessment.standard.kind == Standard.Kind.CHECKLIST
    changed = []
    for item_id, (score, comment) in scores.items():
        row = rows.get(int(item_id))
        if row is None:
            raise AssessmentError(_("This item is not part of the assessment."))
        error = rules.score_error(score, row.item.points, checklist=checklist)
        if error:
            raise AssessmentError(
                _("Item “%(item)s”: a score lies between 0 and %(points)s%(extra)s.")
                % {
                    "item": row.item.text[:40],
                    "points": row.item.points,
                    "extra": _(", and a checklist item scores 0 or full points") if checklist else "",
                },
                code=error,
            )
        before = (getattr(row, field), getattr(row, comment_field))
        if before != (score, comment or ""):
            setattr(row, field, score)
            setattr(row, comment_field, comment or "")
            changed.append(
                (
                    row,
                    {"score": str(before[0]), "comment": before[1]},
                    {"score": str(score), "comment": comment},
                )
            )
    if changed:
        ItemScore.objects.bulk_update([r for r, _b, _a in changed], [field, comment_field])
        audit.record_many(
            actor=actor,
            action=f"assessment.{field}",
            model=ItemScore,
            rows=changed,
            branch_path=assessment.branch.path,
        )
    assessment.save(update_fields=["updated_at"])
    return assessment


@transaction.atomic
def assessment_transition(
    *, actor: User, assessment: Assessment, action: str, comment: str = "", expected_state: str | None = None
) -> Assessment:
    """Apply one step of the workflow table (``rules.TRANSITIONS``) with the row locked."""
    locked = _lock(assessment)
    if expected_state and locked.state != expected_state:
        raise Conflict(
            _("Someone else has already moved this assessment on (it is now “%(state)s”).")
            % {"state": locked.get_state_display()}
        )
    caps = selectors.capacities(actor, locked.branch)
    if not caps:
        _refuse()
    new_state = rules.next_state(locked.state, action, caps)
    if new_state is None:
        if (locked.state, action) in rules.TRANSITIONS:
            _refuse()
        raise AssessmentError(_("This step is not possible in this state."), code="state")
    if action == "review" and not scope.is_admin(actor):
        submitted_by = (
            locked.transitions.filter(to_state=State.SELF_SCORED)
            .order_by("-at", "-id")
            .values_list("actor_id", flat=True)
            .first()
        )
        if submitted_by == actor.pk:
            raise AssessmentError(
                _("You submitted this self-check: an officer of the level above reviews it."),
                code="same_person",
            )
    scores = selectors.scores_of(locked)
    if action == "submit" and any(s.self_score is None for s in scores):
        raise AssessmentError(_("Score every item before submitting."), code="incomplete")
    if action == "review" and any(s.reviewer_score is None for s in scores):
        raise AssessmentError(
            _("Give your own score to every item before completing the review."), code="incomplete"
        )
    if action == "return" and not comment.strip():
        raise AssessmentError(_("Say why the assessment is returned."), code="comment")
    if action == "accept":
        result = selectors.result_of(locked, scores)
        if result.rating == rules.Rating.UNDECIDED:
            raise AssessmentError(
                _("A veto item has no data: record your finding for it before accepting."), code="undecided"
            )
        locked.total = result.total
        locked.vetoed = result.vetoed
        locked.rating = result.rating
        locked.findings = {
            "indicators": [r.as_dict() for r in result.indicators],
            "vetoes": [v.as_dict() for v in result.vetoes],
        }
    before = locked.state
    locked.state = new_state
    locked.save()
    Transition.objects.create(
        assessment=locked, actor=actor, action=action, from_state=before, to_state=new_state, comment=comment
    )
    audit.record(
        actor=actor,
        action=f"assessment.{action}",
        obj=locked,
        before={"state": before},
        after={"state": new_state, "comment": comment, "total": str(locked.total), "rating": locked.rating},
    )
    return locked


@transaction.atomic
def veto_confirm(
    *, actor: User, assessment: Assessment, veto_rule: VetoRule, vetoed: bool, comment: str
) -> VetoConfirmation:
    """Record the reviewer's on-site finding for a veto item (used only where live data has none)."""
    locked = _lock(assessment)
    _require(actor, locked.branch, Capacity.REVIEWER, Capacity.ACCEPTOR)
    if locked.state not in (State.SELF_SCORED, State.REVIEWED):
        raise AssessmentError(_("Veto findings are recorded during the review."), code="state")
    if veto_rule.standard_id != locked.standard_id:
        raise AssessmentError(_("This veto item is not part of the standard."))
    if not comment.strip():
        raise AssessmentError(_("Give the basis of your finding."), code="comment")
    obj, created = VetoConfirmation.objects.update_or_create(
        assessment=locked,
        veto_rule=veto_rule,
        defaults={
            "vetoed": vetoed,
            "comment": comment.strip()[:255],
            "recorded_by": actor,
            "recorded_at": timezone.now(),
        },
    )
    audit.record(
        actor=actor,
        action="assessment.veto_confirm",
        obj=locked,
        after={"rule": veto_rule.pk, "vetoed": vetoed, "comment": comment},
    )
    return obj


@transaction.atomic
def evidence_upload(*, actor: User, assessment: Assessment, item: StandardItem, upload) -> Evidence:
    """Attach a ledger or file to an item; the type is checked by content, the size limited."""
    locked = _lock(assessment)
    caps = _require(actor, locked.branch, Capacity.SELF, Capacity.REVIEWER)
    editable = (Capacity.SELF in caps and locked.state in rules.SELF_EDITABLE) or (
        Capacity.REVIEWER in caps and locked.state in rules.REVIEW_EDITABLE
    )
    if not editable:
        raise AssessmentError(_("Evidence cannot be added in this state."), code="state")
    if item.section.standard_id != locked.standard_id:
        raise AssessmentError(_("This item is not part of the assessment."))
    if upload.size > EVIDENCE_MAX_BYTES:
        raise UploadRefused(_("The file is larger than 10 MB."))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in EVIDENCE_TYPES:
        raise UploadRefused(
            _("Only PDF, JPEG, PNG, WebP, Word (.docx) and Excel (.xlsx) files are accepted.")
        )
    name = (upload.name or "file").replace("/", "_").replace("\\", "_")[-150:]
    evidence = Evidence(
        assessment=locked,
        item=item,
        original_name=name,
        content_type=kind.mime,
        size=upload.size,
        uploaded_by=actor,
    )
    evidence.file.save(f"{timezone.now():%H%M%S%f}.{kind.extension}", upload, save=False)
    evidence.save()
    audit.record(actor=actor, action="assessment.evidence_upload", obj=evidence, branch_path=locked.branch.path,
                 after={"item": item.pk, "name": name, "type": kind.mime, "size": upload.size})  # fmt: skip
    return evidence
