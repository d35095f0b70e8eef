"""Writes of the assessment: one function per use case, permission-checked and audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

import filetype
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from unionhome import audit, scope
from unionhome.models import User

from . import rules, selectors
from .exceptions import AssessmentError, Conflict, PermissionRefused, StandardInvalid, UploadRefused
from .models import (
    Assessment,
    EvaluationAnswer,
    EvaluationRound,
    Evidence,
    IndicatorKey,
    ItemScore,
    Level,
    Participation,
    Reminder,
    Section,
    Standard,
    StandardItem,
    TitleAward,
    TitleKind,
    Transition,
    VetoConfirmation,
    VetoRule,
)

Capacity = rules.Capacity
State = Assessment.State

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TITLES_OF_LEVEL = {
    Level.HOME: {TitleKind.MODEL_HOME, TitleKind.ADVANCED_HOME},
    Level.SMALL_HOME: {TitleKind.MODEL_SMALL_HOME},
}


def _refuse(message=None):
    raise PermissionRefused(message or _("You may not do this."))


def _require(user, branch: Branch, *wanted: Capacity) -> set[Capacity]:
    caps = selectors.capacities(user, branch)
    if not caps & set(wanted):
        _refuse()
    return caps


# --- standards -------------------------------------------------------------------------------


def _decimal(value, what: str) -> Decimal:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise StandardInvalid(
            _("%(what)s is not a number: %(value)s") % {"what": what, "value": value}
        ) from None


def validate_spec(spec: dict) -> dict:
    """Check a standard given as plain data; raise StandardInvalid listing every problem."""
    problems = []
    for key in ("code", "name", "issuer", "level", "title", "effective_date"):
        if not spec.get(key):
            problems.append(_("Missing: %(field)s") % {"field": key})
    if spec.get("level") and spec["level"] not in Level.values:
        problems.append(_("Unknown level: %(value)s") % {"value": spec["level"]})
    if spec.get("title") and spec["title"] not in TitleKind.values:
        problems.append(_("Unknown title: %(value)s") % {"value": spec["title"]})
    if (
        spec.get("level") in Level.values
        and spec.get("title") in TitleKind.values
        and spec["title"] not in TITLES_OF_LEVEL[Level(spec["level"])]
    ):
        problems.append(_("This title does not belong to this level."))
    items = spec.get("items") or []
    if not items:
        problems.append(_("A standard needs at least one item."))
    for n, item in enumerate(items, start=1):
        if not str(item.get("text", "")).strip() or not str(item.get("section", "")).strip():
            problems.append(_("Item %(n)s: section and text are required.") % {"n": n})
        item["points"] = _decimal(item.get("points"), _("Item %(n)s points") % {"n": n})
        if item["points"] <= 0:
            problems.append(_("Item %(n)s: points must be more than zero.") % {"n": n})
        if item.get("indicator") and item["indicator"] not in IndicatorKey.values:
            problems.append(_("Item %(n)s: unknown indicator %(key)s") % {"n": n, "key": item["indicator"]})
    for n, veto in enumerate(spec.get("vetoes") or [], start=1):
        if not str(veto.get("text", "")).strip():
            problems.append(_("Veto %(n)s: the condition is required.") % {"n": n})
        if veto.get("indicator") not in IndicatorKey.values:
            problems.append(
                _("Veto %(n)s: unknown indicator %(key)s") % {"n": n, "key": veto.get("indicator")}
            )
    total = rules.points_error([i["points"] for i in items if isinstance(i.get("points"), Decimal)])
    if items and total is not None:
        problems.append(_("The points of the items add up to %(total)s, not 100.") % {"total": total})
    spec["pass_mark"] = _decimal(
        spec.get("pass_mark") if spec.get("pass_mark") not in (None, "") else 85, "pass mark"
    )
    if not Decimal(0) <= spec["pass_mark"] <= rules.TOTAL_POINTS:
        problems.append(_("The pass mark lies between 0 and 100."))
    if problems:
        raise StandardInvalid(_("The standard cannot be saved: %(problems)s") % {"problems": "; ".join(problems)},
                              problems=problems)  # fmt: skip
    return spec


def _write_contents(standard: Standard, spec: dict) -> None:
    sections: dict[str, Section] = {}
    items = []
    for n, item in enumerate(spec["items"]):
        name = str(item["section"]).strip()
        if name not in sections:
            sections[name] = Section.objects.create(standard=standard, order=len(sections) + 1, name=name)
        items.append(
            StandardItem(
                section=sections[name],
                order=n + 1,
                text=str(item["text"]).strip(),
                points=item["points"],
                guidance=str(item.get("guidance") or "").strip(),
                evidence_expected=str(item.get("evidence_expected") or "").strip()[:255],
                indicator=item.get("indicator") or "",
            )
        )
    StandardItem.objects.bulk_create(items)
    VetoRule.objects.bulk_create(
        [
            VetoRule(
                standard=standard, order=n + 1, text=str(v["text"]).strip()[:255], indicator=v["indicator"]
            )
            for n, v in enumerate(spec.get("vetoes") or [])
        ]
    )


_HEADER = ("name", "issuer", "level", "title", "kind", "effective_date", "description", "pass_mark")


@transaction.atomic
def standard_save(*, actor: User, spec: dict, standard: Standard | None = None) -> Standard:
    """Create a standard, or change one: a version already used by an assessment is never
    changed; the change becomes a new version and past assessments keep theirs."""
    if not selectors.may_manage_standards(actor):
        _refuse()
    spec = validate_spec(dict(spec))
    if standard is None:
        latest = selectors.latest_version(spec["code"])
        if latest is not None:
            raise StandardInvalid(_("A standard with this code exists; edit it to make a new version."))
        version, target = 1, None
    else:
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
        newest = selectors.latest_version(standard.code)
        if newest.pk != standard.pk:
            raise Conflict(_("Only the newest version of a standard can be edited."))
        if selectors.is_in_use(standard):
            version, target = standard.version + 1, None
        else:
            version, target = standard.version, standard
    header = {k: spec[k] for k in _HEADER if k in spec}
    header.setdefault("kind", Standard.Kind.SCORED)
    if target is None:
        code = standard.code if standard is not None else spec["code"]
        before = None
        target = Standard.objects.create(code=code, version=version, created_by=actor, **header)
    else:
        before = selectors.standard_spec(target)
        for k, v in header.items():
            setattr(target, k, v)
        target.full_clean(exclude=["created_by"])
        target.save()
        target.sections.all().delete()
        target.veto_rules.all().delete()
    _write_contents(target, spec)
    audit.record(
        actor=actor,
        action="standard.save",
        obj=target,
        branch_path="",
        before=audit.snapshot(target) if before is None else {"version": target.version},
        after={
            "version": target.version,
            "items": len(spec["items"]),
            "vetoes": len(spec.get("vetoes") or []),
        },
    )
    return target


# --- assessments -----------------------------------------------------------------------------


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


# --- titles ----------------------------------------------------------------------------------


@transaction.atomic
def title_award(
    *,
    actor: User,
    branch: Branch,
    title: str,
    level: str,
    awarded_on: dt.date,
    decided_by: str,
    assessment: Assessment | None = None,
) -> TitleAward:
    """Record an awarded title (the union officer for small homes, the district for homes)."""
    _require(actor, branch, Capacity.ACCEPTOR)
    unit_level = rules.LEVEL_OF_KIND.get(branch.kind)
    if unit_level is None or title not in TITLES_OF_LEVEL[Level(unit_level)]:
        raise AssessmentError(_("This title is not awarded to this kind of unit."))
    if level not in TitleAward.AwardLevel.values:
        raise AssessmentError(_("Unknown level."))
    if assessment is not None and (
        assessment.branch_id != branch.pk
        or assessment.state != State.ACCEPTED
        or assessment.rating != rules.Rating.MEETS
    ):
        raise AssessmentError(
            _("A title rests on an accepted assessment of this unit that meets the standard.")
        )
    award = TitleAward.objects.create(
        branch=branch,
        title=title,
        level=level,
        awarded_on=awarded_on,
        decided_by=decided_by.strip()[:120],
        assessment=assessment,
        recorded_by=actor,
    )
    audit.record(actor=actor, action="assessment.title_award", obj=award, after=audit.snapshot(award))
    return award


# --- members evaluate the home ---------------------------------------------------------------


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


# --- reminders -------------------------------------------------------------------------------


@transaction.atomic
def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind branch officers of this quarter's self-check and reviewers of overdue reviews.

    Idempotent: each reminder (unit, kind, period) is sent once.
    """
    from django.conf import settings
    from django.core.mail import send_mass_mail

    today = today or timezone.localdate()
    sent = {"self_check_due": 0, "review_overdue": 0}
    mails = []
    quarter_key = f"{today.year}Q{rules.quarter_of(today)}"
    for branch in selectors.pending_self_checks(today):
        _rem, created = Reminder.objects.get_or_create(
            branch=branch, kind=Reminder.Kind.SELF_CHECK_DUE, period_key=quarter_key
        )
        if not created:
            continue
        users = selectors.officers_for(branch, [scope.Role.BRANCH_OFFICER])
        _rem.recipients = len(users)
        _rem.save(update_fields=["recipients"])
        audit.record(actor=None, action="assessment.reminder", obj=_rem, branch_path=branch.path)
        sent["self_check_due"] += 1
        subject = _("Self-check due: %(unit)s, %(period)s") % {"unit": branch.name, "period": quarter_key}
        body = _("The quarterly self-check of %(unit)s for %(period)s has not been submitted yet.") % {
            "unit": branch.name, "period": quarter_key}  # fmt: skip
        mails += [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    for assessment, submitted in selectors.overdue_reviews(today):
        key = f"A{assessment.pk}"
        _rem, created = Reminder.objects.get_or_create(
            branch=assessment.branch, kind=Reminder.Kind.REVIEW_OVERDUE, period_key=key
        )
        if not created:
            continue
        role = {"enterprise": scope.Role.DISTRICT_REVIEWER}.get(
            assessment.branch.kind, scope.Role.UNION_OFFICER
        )
        users = selectors.officers_for(assessment.branch, [role])
        _rem.recipients = len(users)
        _rem.save(update_fields=["recipients"])
        audit.record(actor=None, action="assessment.reminder", obj=_rem, branch_path=assessment.branch.path)
        sent["review_overdue"] += 1
        subject = _("Review overdue: %(assessment)s") % {"assessment": assessment}
        body = _("Submitted on %(date)s and not yet reviewed.") % {"date": submitted}
        mails += [(subject, body, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in users if u.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return sent


@transaction.atomic
def standards_install() -> list[Standard]:
    """Install the standards of the source documents (``assessment.seeds``) where missing.

    A system step (like a migration), so no actor: the audit trail records it without one.
    Idempotent: a code already present, in any version, is left as officers have made it.
    """
    from .seeds import STANDARDS

    created = []
    for spec in STANDARDS:
        if selectors.latest_version(spec["code"]) is not None:
            continue
        spec = validate_spec({**spec, "items": [dict(i) for i in spec["items"]]})
        header = {k: spec[k] for k in _HEADER if k in spec}
        standard = Standard.objects.create(code=spec["code"], version=1, **header)
        _write_contents(standard, spec)
        audit.record(
            actor=None, action="standard.install", obj=standard, branch_path="", after={"code": standard.code}
        )
        created.append(standard)
    return created
