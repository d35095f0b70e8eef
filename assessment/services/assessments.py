"""Writes of an assessment of a unit for a period: opening it, scores, the workflow, veto confirmations and
evidence.
"""

from __future__ import annotations

import filetype
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, downloads, permissions, versioning, workflow
from unionhome.models import User

from .. import rules, selectors
from ..exceptions import AssessmentError, Conflict, UploadRefused
from ..models import (
    Assessment,
    Evidence,
    ItemScore,
    Standard,
    StandardItem,
    VetoConfirmation,
    VetoContest,
    VetoRule,
)
from ..permissions import VETO_STATES
from ..workflows import ASSESSMENT

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
    permissions.require(actor, "assessment.open_assessment", branch)
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
    return audit.created(actor=actor, action="assessment.create", obj=assessment)


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("branch", "standard").get(pk=assessment.pk)


def _stale_scores(stale, rows, scores, field, comment_field):
    """The refusal of a score save from a stale page, listing the items now stored otherwise."""
    changes = []
    for item_id, (score, comment) in scores.items():
        row = rows.get(int(item_id))
        if row is None:
            continue
        current = getattr(row, field)
        if current != score:
            changes.append((row.item.text[:40], "—" if current is None else str(current)))
        elif getattr(row, comment_field) != (comment or ""):
            changes.append((row.item.text[:40], _("changed")))
    if not changes:
        return stale
    listed = _("; ").join(f"{label}: {value}" for label, value in changes)
    now_stored = _("Now stored:")  # outside the f-string, so that makemessages finds it
    return versioning.StaleEdit(f"{stale.message} {now_stored} {listed}", changes=changes)


@transaction.atomic
def assessment_score(
    *, actor: User, assessment: Assessment, scores: dict[int, tuple], version=None
) -> Assessment:
    """Enter scores: the unit its own (draft / returned), the reviewer theirs (self-scored).

    ``scores``: item id → (score or None, comment). ``version``: the assessment's version the score
    page showed; a save from a page older than the last save of the assessment is refused, listing
    the items now stored otherwise (``unionhome/versioning.py``). Every save raises the version.
    """
    assessment = _lock(assessment)
    if permissions.allowed(actor, "assessment.score_own", assessment):
        field, comment_field = "self_score", "self_comment"
    elif permissions.allowed(actor, "assessment.score_as_reviewer", assessment):
        field, comment_field = "reviewer_score", "reviewer_comment"
    else:
        permissions.require(actor, "assessment.take_part", assessment)
        raise AssessmentError(_("Scores cannot be changed in this state."), code="state")
    rows = {s.item_id: s for s in assessment.scores.select_related("item").select_for_update()}
    try:
        versioning.check(assessment, version)
    except versioning.StaleEdit as stale:
        raise _stale_scores(stale, rows, scores, field, comment_field) from None
    checklist = assessment.standard.kind == Standard.Kind.CHECKLIST
    suggestions = (
        selectors.suggestions_of(assessment, list(rows.values()))
        if any(r.item.scoring and r.item.indicator for r in rows.values())
        else {}
    )
    changed = []
    for item_id, (score, comment) in scores.items():
        row = rows.get(int(item_id))
        if row is None:
            raise AssessmentError(_("This item is not part of the assessment."))
        suggestion = suggestions.get(row.item_id)
        if suggestion is not None and suggestion.departs(score) and not (comment or "").strip():
            # an indicator-bound item: departing from what the data suggests takes a written reason
            raise AssessmentError(
                _(
                    "Item “%(item)s”: the indicator suggests %(suggested)s points; give your reason in "
                    "the comment to score it otherwise."
                )
                % {"item": row.item.text[:40], "suggested": suggestion.score},
                code="departure_reason",
            )
        error = rules.score_error(score, row.item.points, checklist=checklist, step=row.item.step)
        if error == "step":
            raise AssessmentError(
                _("Item “%(item)s”: a score is a multiple of %(step)s.")
                % {"item": row.item.text[:40], "step": row.item.step.normalize()},
                code=error,
            )
        if error == "not_a_number":
            raise AssessmentError(
                _("Item “%(item)s”: a score is a number with at most one decimal place.")
                % {"item": row.item.text[:40]},
                code=error,
            )
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


def assessment_transition(
    *, actor: User, assessment: Assessment, action: str, comment: str = "", expected_state: str | None = None
) -> Assessment:
    """Take one step of the assessment's workflow (``workflows.ASSESSMENT``); returns the updated row."""
    return workflow.apply(
        ASSESSMENT, actor=actor, obj=assessment, action=action, reason=comment, expected_state=expected_state
    )


@transaction.atomic
def veto_confirm(
    *, actor: User, assessment: Assessment, veto_rule: VetoRule, vetoed: bool, comment: str
) -> VetoConfirmation:
    """Record the reviewer's on-site finding for a veto item (used only where live data has none)."""
    locked = _lock(assessment)
    permissions.require(actor, "assessment.confirm_veto", locked)
    if locked.state not in VETO_STATES:
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
def veto_contest(*, actor: User, assessment: Assessment, veto_rule: VetoRule, reason: str) -> VetoContest:
    """The unit contests a veto that applies to it (a flag the federation set, a figure it doubts).

    The contest, with its reason, is shown to the reviewer beside the veto; the flag itself is set
    and cleared only by the federation, at its source. One contest per veto item.
    """
    locked = _lock(assessment)
    permissions.require(actor, "assessment.contest_veto", locked)
    if locked.state == Assessment.State.ACCEPTED:
        raise AssessmentError(
            _("The assessment is accepted: its vetoes can no longer be contested."), code="state"
        )
    if veto_rule.standard_id != locked.standard_id:
        raise AssessmentError(_("This veto item is not part of the standard."))
    reason = (reason or "").replace("\x00", "").strip()[:500]
    if not reason:
        raise AssessmentError(_("Give the reason for contesting the veto."), code="reason")
    finding = next((v.finding for v in selectors.result_of(locked).vetoes if v.rule_id == veto_rule.pk), None)
    if finding != rules.VetoFinding.VETOED:
        raise AssessmentError(_("This veto does not apply: there is nothing to contest."), code="not_vetoed")
    try:
        with transaction.atomic():
            contest = VetoContest.objects.create(
                assessment=locked, veto_rule=veto_rule, reason=reason, contested_by=actor
            )
    except IntegrityError:
        raise Conflict(_("This veto is already contested."), code="contested") from None
    audit.record(
        actor=actor,
        action="assessment.veto_contest",
        obj=locked,
        after={"rule": veto_rule.pk, "reason": reason},
    )
    return contest


@transaction.atomic
def evidence_upload(*, actor: User, assessment: Assessment, item: StandardItem, upload) -> Evidence:
    """Attach a ledger or file to an item; the type is checked by content, the size limited."""
    locked = _lock(assessment)
    if not permissions.allowed(actor, "assessment.upload_evidence", locked):
        permissions.require(actor, "assessment.take_part", locked)
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
    name = downloads.display_name(upload.name) or "file"  # a display label; downloads are named by the system
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
