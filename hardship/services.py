"""Writes of hardship relief: one function per use case, permission-checked and audited.

The workflow has one service, ``transition``: it locks the application row, checks the one table
in ``rules.TRANSITIONS``, writes a ``Transition`` row, the audit event and the worker's
notification in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import filetype
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches.models import Appointment, Branch, Worker
from unionhome import audit, scope
from unionhome.models import User

from . import rules
from .exceptions import Conflict, HardshipError, PermissionRefused, UploadRefused
from .models import (
    Application,
    Campaign,
    FileEntry,
    HardshipFile,
    HouseholdMember,
    Notification,
    Objection,
    Relief,
    Transition,
    Upload,
)

Role = Appointment.Role
State = Application.State

APPLICATION_FIELDS = (
    "state", "marital_status", "government_aid", "primary_cause", "other_causes", "medical_self_paid",
    "property_loss", "description", "category", "per_capita", "household_size", "consent_at",
)  # fmt: skip
DRAFT_FIELDS = (
    "marital_status", "government_aid", "primary_cause", "other_causes", "medical_self_paid",
    "property_loss", "description",
)  # fmt: skip
MEMBER_FIELDS = (
    "relation",
    "name",
    "id_number",
    "monthly_income",
    "unmarried",
    "in_school",
    "disabled",
    "ill",
)

# PDF / JPG / PNG only, checked by their first bytes (never by the name or the browser's word).
UPLOAD_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def _refuse() -> PermissionRefused:
    return PermissionRefused(_("You do not have permission to do this."))


def _text(value: str | None) -> str:
    """Free text as written (full-width punctuation kept), without NUL bytes and outer spaces."""
    return (value or "").replace("\x00", "").strip().strip("\u3000").strip()


def _now() -> dt.datetime:
    return timezone.now()


# --- who is who -------------------------------------------------------------------------------


def roles_for(user, application: Application) -> set[str]:
    """The roles (rules.APPLICANT, CLERK, UNION_OFFICER, DISTRICT) the user holds towards an application."""
    if user is None:
        return {rules.SYSTEM}
    result: set[str] = set()
    if getattr(user, "worker_id", None) and user.worker_id == application.worker_id:
        result.add(rules.APPLICANT)
    if application.entered_on_paper and scope.covers(
        user, application.branch.path, Role.BRANCH_OFFICER, Role.UNION_OFFICER
    ):
        result.add(rules.CLERK)
    if scope.covers(user, application.enterprise.path, Role.UNION_OFFICER):
        result.add(rules.UNION_OFFICER)
    if scope.covers(user, application.branch.path, Role.DISTRICT_REVIEWER):
        result.add(rules.DISTRICT)
    return result


def may_create_campaign(user, district: Branch) -> bool:
    return district.kind == Branch.Kind.DISTRICT and scope.covers(user, district.path, Role.DISTRICT_REVIEWER)


def may_manage_file(user, file: HardshipFile) -> bool:
    """Help and reviews: the enterprise's union officers (PERMISSIONS.md: manage own enterprise's)."""
    return scope.covers(user, file.enterprise.path, Role.UNION_OFFICER)


def may_close_file(user, file: HardshipFile) -> bool:
    return scope.covers(user, file.branch.path, Role.DISTRICT_REVIEWER)


def may_enter_on_paper(user, worker: Worker) -> bool:
    return scope.covers(user, worker.branch.path, Role.BRANCH_OFFICER, Role.UNION_OFFICER)


def _enterprise(branch: Branch) -> Branch:
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        raise HardshipError(_("The worker's unit belongs to no enterprise union."), code="enterprise")
    return enterprise


# --- campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor,
    district: Branch,
    name: str,
    year: int,
    line: Decimal,
    deadline: dt.datetime,
    notice_days: int = 5,
) -> Campaign:
    if not may_create_campaign(actor, district):
        raise _refuse()
    if line <= 0:
        raise HardshipError(_("The living guarantee line must be above zero."), code="line")
    if notice_days < 1:
        raise HardshipError(_("A public notice runs at least one day."), code="notice_days")
    campaign = Campaign.objects.create(
        name=branch_rules.normalise_text(name),
        year=year,
        branch=district,
        line=line,
        deadline=deadline,
        notice_days=notice_days,
        created_by=actor,
    )
    audit.record(actor=actor, action="hardship.campaign.create", obj=campaign, after=audit.snapshot(campaign))
    return campaign


def _campaign_flags(*, actor, campaign: Campaign, **changes) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    if not may_create_campaign(actor, campaign.branch):
        raise _refuse()
    before = audit.snapshot(campaign, ["is_open", "late_reports_allowed", "deadline"])
    for key, value in changes.items():
        setattr(campaign, key, value)
    campaign.save(update_fields=[*changes])
    audit.record(
        actor=actor,
        action="hardship.campaign.update",
        obj=campaign,
        before=before,
        after=audit.snapshot(campaign, ["is_open", "late_reports_allowed", "deadline"]),
    )
    return campaign


CAMPAIGN_FIELDS = ("name", "line", "deadline", "notice_days", "is_open", "late_reports_allowed")


@transaction.atomic
def campaign_update(
    *, actor, campaign: Campaign, name: str, line: Decimal, deadline: dt.datetime, notice_days: int
) -> Campaign:
    """Set the line, the deadline and the notice length (notices already published keep their dates)."""
    campaign = Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)
    if not may_create_campaign(actor, campaign.branch):
        raise _refuse()
    if line <= 0:
        raise HardshipError(_("The living guarantee line must be above zero."), code="line")
    if notice_days < 1:
        raise HardshipError(_("A public notice runs at least one day."), code="notice_days")
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    campaign.name = branch_rules.normalise_text(name)
    campaign.line = line
    campaign.deadline = deadline
    campaign.notice_days = notice_days
    campaign.save()
    audit.record(
        actor=actor,
        action="hardship.campaign.update",
        obj=campaign,
        before=before,
        after=audit.snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    return _campaign_flags(actor=actor, campaign=campaign, is_open=False, late_reports_allowed=False)


@transaction.atomic
def campaign_reopen(*, actor, campaign: Campaign) -> Campaign:
    """Reopen a campaign: applications and late reports are accepted again."""
    return _campaign_flags(actor=actor, campaign=campaign, is_open=True, late_reports_allowed=True)


# --- the application: drafts, members, uploads --------------------------------------------------


@transaction.atomic
def application_create(*, actor, campaign: Campaign, worker: Worker | None = None) -> Application:
    """Start a draft: the worker for themself, or an officer for a worker who applies on paper."""
    campaign = Campaign.objects.select_related("branch").get(pk=campaign.pk)
    paper = worker is not None and getattr(actor, "worker_id", None) != worker.pk
    if worker is None:
        if not getattr(actor, "worker_id", None):
            raise _refuse()
        worker = Worker.objects.select_related("branch").get(pk=actor.worker_id)
    if paper and not may_enter_on_paper(actor, worker):
        raise _refuse()
    if not worker.branch.path.startswith(campaign.branch.path):
        raise _refuse()
    if not campaign.is_open:
        raise HardshipError(_("This campaign is closed."), code="closed")
    if worker.status != Worker.Status.ACTIVE:
        raise HardshipError(_("Only workers in service may apply."), code="status")
    if Application.objects.filter(campaign=campaign, worker=worker).exclude(state=State.WITHDRAWN).exists():
        raise HardshipError(
            _("%(name)s already has an application in this campaign.") % {"name": worker.name},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                campaign=campaign,
                worker=worker,
                branch=worker.branch,
                enterprise=_enterprise(worker.branch),
                primary_cause=Application.Cause.LOW_INCOME,
                entered_on_paper=paper,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise HardshipError(
            _("%(name)s already has an application in this campaign.") % {"name": worker.name},
            code="duplicate",
        ) from exc
    HouseholdMember.objects.create(
        application=application,
        relation=HouseholdMember.Relation.SELF,
        name=worker.name,
        id_number=worker.id_number,
    )
    _reassess(application)
    audit.record(
        actor=actor,
        action="hardship.application.create",
        obj=application,
        after=audit.snapshot(application, APPLICATION_FIELDS),
    )
    return application


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "worker", "branch", "enterprise")
        .get(pk=application.pk)
    )


def _require_editor(actor, application: Application) -> None:
    roles = roles_for(actor, application)
    if not roles & {rules.APPLICANT, rules.CLERK}:
        raise _refuse()
    if application.state not in rules.EDITABLE_STATES:
        raise Conflict(
            _("The application is “%(state)s” and can no longer be changed.")
            % {"state": application.get_state_display()}
        )


def _assessment(application: Application, members) -> rules.Assessment:
    return rules.assess(
        line=application.campaign.line,
        marital_status=application.marital_status,
        members=[(rules.Member(m.relation, m.unmarried), m.monthly_income) for m in members],
        government_aid=application.government_aid,
        causes=[application.primary_cause, *application.other_causes],
        medical_self_paid=application.medical_self_paid,
        property_loss=application.property_loss,
    )


def category_reason(application: Application, result: rules.Assessment) -> str:
    """Why the data support (or do not support) a category, in the worker's words."""
    lim = rules.limits(application.campaign.line)
    p = result.per_capita
    if result.category == 1:
        return _("Income per person %(p)s yuan is below 1.5 × the line (%(limit)s yuan).") % {
            "p": p,
            "limit": lim[1],
        }
    if result.category == 2:
        return _(
            "Income per person %(p)s yuan is at most 2 × the line (%(limit)s yuan) with a special cause."
        ) % {
            "p": p,
            "limit": lim[2],
        }
    if result.category == 3:
        return _(
            "Major illness or accident, and income per person %(p)s yuan is at most 3 × the line (%(limit)s yuan)."
        ) % {"p": p, "limit": lim[3]}
    if result.category == 4:
        return _(
            "Major illness or accident with self-paid costs or losses of %(min)s yuan or more this year."
        ) % {"min": rules.CATEGORY_4_MIN_COST}
    return _(
        "Income per person %(p)s yuan does not meet any category (limits %(l1)s / %(l2)s / %(l3)s yuan)."
    ) % {"p": p, "l1": lim[1], "l2": lim[2], "l3": lim[3]}


def _reassess(application: Application) -> None:
    result = _assessment(application, list(application.members.all()))
    application.category = result.category
    application.per_capita = result.per_capita
    application.household_size = result.household_size
    application.category_reason = category_reason(application, result)[:255]
    application.save(
        update_fields=["category", "per_capita", "household_size", "category_reason", "updated_at"]
    )


@transaction.atomic
def application_save(
    *, actor, application: Application, data: dict, members: list[dict], consent: bool
) -> Application:
    """Save the draft (or the answer to a return): the form's fields and the household members."""
    application = _lock(application)
    _require_editor(actor, application)
    if not any(m.get("relation") == HouseholdMember.Relation.SELF for m in members):
        raise HardshipError(_("List the applicant among the household members."), code="self")
    for m in members:
        number = branch_rules.normalise_id_number(m.get("id_number", ""))
        if number:
            try:
                m["id_number"] = branch_rules.validate_id_number(number)
            except branch_rules.IdNumberError as exc:
                raise HardshipError(
                    _("The ID number of %(name)s is not valid.") % {"name": m.get("name", "")},
                    code="id_number",
                ) from exc
    before = audit.snapshot(application, APPLICATION_FIELDS)
    before["members"] = list(application.members.values(*MEMBER_FIELDS))
    for key in DRAFT_FIELDS:
        if key in data:
            setattr(application, key, data[key])
    application.other_causes = [c for c in application.other_causes if c != application.primary_cause]
    if consent and application.consent_at is None:
        application.consent_at = _now()
    if not consent:
        application.consent_at = None
    application.save()
    application.members.all().delete()
    HouseholdMember.objects.bulk_create(
        [HouseholdMember(application=application, **{k: m.get(k) for k in MEMBER_FIELDS}) for m in members]
    )
    _reassess(application)
    after = audit.snapshot(application, APPLICATION_FIELDS)
    after["members"] = [{k: audit._jsonable(m.get(k)) for k in MEMBER_FIELDS} for m in members]
    before["members"] = [{k: audit._jsonable(v) for k, v in m.items()} for m in before["members"]]
    audit.record(actor=actor, action="hardship.application.save", obj=application, before=before, after=after)
    return application


def check_upload(file) -> tuple[str, str]:
    """(content type, extension) of an uploaded file, judged by its first bytes; refuses anything else."""
    if file.size > UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is larger than %(mb)s MB.") % {"mb": UPLOAD_MAX_BYTES // (1024 * 1024)}, code="size"
        )
    if file.size == 0:
        raise UploadRefused(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(261)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in UPLOAD_TYPES:
        raise UploadRefused(_("Only PDF, JPG and PNG files are accepted."), code="type")
    return kind.mime, UPLOAD_TYPES[kind.mime]


UPLOAD_STATES = rules.EDITABLE_STATES | {"submitted"}


def _display_name(name: str) -> str:
    """The uploader's file name for display and download: the last part only (no folders, no ``..``)."""
    last = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return branch_rules.normalise_text(last.replace("\x00", "")).lstrip(".")


@transaction.atomic
def upload_add(*, actor, application: Application, kind: str, file) -> Upload:
    application = _lock(application)
    if not roles_for(actor, application) & {rules.APPLICANT, rules.CLERK}:
        raise _refuse()
    if application.state not in UPLOAD_STATES:
        raise Conflict(
            _("The application is “%(state)s”: documents can no longer be added.")
            % {"state": application.get_state_display()}
        )
    if kind not in Upload.Kind.values:
        raise UploadRefused(_("Choose which document this is."), code="kind")
    mime, extension = check_upload(file)
    upload = Upload(
        application=application,
        kind=kind,
        extension=extension,
        original_name=_display_name(getattr(file, "name", ""))[:200] or f"document.{extension}",
        content_type=mime,
        size=file.size,
        uploaded_by=actor,
    )
    upload.file.save(f"upload.{extension}", file, save=False)
    upload.save()
    audit.record(
        actor=actor,
        action="hardship.upload.add",
        obj=upload,
        branch_path=application.branch.path,
        after={"kind": kind, "name": upload.original_name, "size": upload.size, "type": mime},
    )
    return upload


@transaction.atomic
def upload_delete(*, actor, upload: Upload) -> None:
    application = _lock(upload.application)
    _require_editor(actor, application)
    audit.record(
        actor=actor,
        action="hardship.upload.delete",
        obj=upload,
        branch_path=application.branch.path,
        before={"kind": upload.kind, "name": upload.original_name, "size": upload.size},
    )
    upload.file.delete(save=False)
    upload.delete()


# --- the workflow -------------------------------------------------------------------------------


def _notify(user, message: str, *, application: Application | None = None, key: str = "") -> None:
    if user is None:
        return
    if key and Notification.objects.filter(user=user, key=key).exists():
        return
    note = Notification.objects.create(user=user, application=application, message=message, key=key)
    if user.email:
        from . import tasks

        transaction.on_commit(lambda: tasks.send_notification_email.delay(note.pk))


def _applicant_user(application: Application):
    return User.objects.filter(worker_id=application.worker_id, is_active=True).first()


def _check_guards(application: Application, action: str, *, today: dt.date, now: dt.datetime) -> None:
    if action in ("submit", "resubmit"):
        if not application.campaign.is_open:
            raise HardshipError(_("This campaign is closed."), code="closed")
        if application.consent_at is None:
            raise HardshipError(
                _("Please agree to the processing of your personal information before submitting."),
                code="consent",
            )
        if application.category is None:
            raise HardshipError(
                _("The data entered do not meet any category: %(reason)s")
                % {"reason": application.category_reason},
                code="category",
            )
    if action == "end_notice" and not rules.notice_over(application.notice_end, today):
        raise HardshipError(
            _("The public notice runs until %(day)s.") % {"day": application.notice_end}, code="notice"
        )
    if action == "report":
        campaign = application.campaign
        if not campaign.is_open:
            raise HardshipError(_("This campaign is closed."), code="closed")
        if not rules.report_allowed(now, campaign.deadline, campaign.late_reports_allowed):
            raise HardshipError(
                _(
                    "The deadline for reports (%(deadline)s) has passed; ask the district federation to reopen it."
                )
                % {"deadline": timezone.localtime(campaign.deadline).strftime("%Y-%m-%d %H:%M")},
                code="deadline",
            )


ACTION_LABELS = {
    "submit": _("submit"),
    "withdraw": _("withdraw"),
    "return": _("return for more materials"),
    "approve": _("approve"),
    "reject": _("reject"),
    "resubmit": _("resubmit"),
    "publish": _("publish the notice"),
    "object": _("record an objection"),
    "end_notice": _("end the notice"),
    "uphold": _("uphold the objection"),
    "dismiss": _("dismiss the objection"),
    "report": _("report to the district"),
    "district_approve": _("approve (district)"),
    "district_reject": _("reject (district)"),
    "record_relief": _("record relief"),
}


@transaction.atomic
def transition(
    *,
    actor,
    application: Application,
    action: str,
    comment: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Apply one step of the workflow (the one place where the state changes)."""
    today = today or timezone.localdate()
    now = now or _now()
    application = _lock(application)
    comment = _text(comment)
    roles = roles_for(actor, application)
    if not roles:
        raise _refuse()
    entry = rules.TRANSITIONS.get((application.state, action))
    if entry is None:
        raise Conflict(
            _(
                "The application is now “%(state)s”: “%(action)s” is no longer possible (someone may have just done it)."
            )
            % {"state": application.get_state_display(), "action": ACTION_LABELS.get(action, action)}
        )
    next_state, allowed_roles = entry
    if not roles & allowed_roles:
        raise _refuse()
    if action in rules.REASON_REQUIRED and not comment:
        raise HardshipError(_("Please give a reason; the worker will see it."), code="reason")
    _check_guards(application, action, today=today, now=now)
    before = audit.snapshot(application, ["state", "notice_start", "notice_end", "last_reason"])
    old_state = application.state
    application.state = next_state
    if action != "object":
        # the reason of the latest step (a resubmission clears the return's reason); an objection's
        # text stays with the union (it may name the colleague who raised it)
        application.last_reason = comment
    if action in ("submit", "resubmit"):
        application.submitted_at = now
    if action == "publish":
        application.notice_start, application.notice_end = rules.notice_period(
            today, application.campaign.notice_days
        )
    if action == "report":
        application.reported_at = now
    application.save()
    Transition.objects.create(
        application=application,
        actor=actor,
        at=now,
        action=action,
        from_state=old_state,
        to_state=next_state,
        comment=comment,
    )
    if action == "district_approve":
        _open_file(actor, application, today)
    audit.record(
        actor=actor,
        action=f"hardship.application.{action}",
        obj=application,
        before=before,
        after=audit.snapshot(application, ["state", "notice_start", "notice_end", "last_reason"]),
    )
    message = _("Your application in “%(campaign)s” is now: %(state)s.") % {
        "campaign": application.campaign.name,
        "state": application.get_state_display(),
    }
    if comment and action in rules.REASON_REQUIRED and action != "object":
        message += " " + _("Reason: %(reason)s") % {"reason": comment}
    if actor is None or actor.worker_id != application.worker_id:
        _notify(_applicant_user(application), message, application=application)
    return application


@transaction.atomic
def record_objection(*, actor, application: Application, received_on: dt.date, content: str) -> Objection:
    application = transition(actor=actor, application=application, action="object", comment=content)
    objection = Objection.objects.create(
        application=application, received_on=received_on, content=content, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="hardship.objection.record",
        obj=objection,
        branch_path=application.branch.path,
        after={"received_on": received_on.isoformat(), "content": content},
    )
    return objection


@transaction.atomic
def resolve_objection(*, actor, application: Application, upheld: bool, resolution: str) -> Application:
    """Upheld → the application is rejected; dismissed → the notice continues."""
    application = transition(
        actor=actor, application=application, action="uphold" if upheld else "dismiss", comment=resolution
    )
    pending = list(application.objections.filter(outcome=Objection.Outcome.PENDING))
    for objection in pending:
        objection.outcome = Objection.Outcome.UPHELD if upheld else Objection.Outcome.DISMISSED
        objection.resolution = resolution
        objection.resolved_at = _now()
        objection.save(update_fields=["outcome", "resolution", "resolved_at"])
        audit.record(
            actor=actor,
            action="hardship.objection.resolve",
            obj=objection,
            branch_path=application.branch.path,
            after={"outcome": objection.outcome, "resolution": resolution},
        )
    return application


def end_due_notices(*, today: dt.date | None = None) -> int:
    """End every notice whose period is over (the scheduler's daily run; idempotent)."""
    today = today or timezone.localdate()
    ended = 0
    for application in Application.objects.filter(state=State.ON_NOTICE, notice_end__lt=today):
        try:
            transition(actor=None, application=application, action="end_notice", today=today)
            ended += 1
        except Conflict:
            continue  # ended by an officer a moment ago
    return ended


@transaction.atomic
def report_enterprise(*, actor, campaign: Campaign, enterprise: Branch) -> int:
    """Report every application of an enterprise whose notice ended to the district (one batch)."""
    if not scope.covers(actor, enterprise.path, Role.UNION_OFFICER):
        raise _refuse()
    ready = list(
        Application.objects.filter(campaign=campaign, enterprise=enterprise, state=State.NOTICE_ENDED)
    )
    if not ready:
        raise HardshipError(_("No application has finished its public notice."), code="empty")
    for application in ready:
        transition(actor=actor, application=application, action="report")
    return len(ready)


@transaction.atomic
def district_decide(*, actor, applications: list[Application], approve: bool, reason: str) -> int:
    """Approve or reject reported applications in bulk (汇总平衡); each one is a transition."""
    if not applications:
        raise HardshipError(_("Select at least one application."), code="empty")
    action = "district_approve" if approve else "district_reject"
    for application in applications:
        transition(actor=actor, application=application, action=action, comment=reason)
    return len(applications)


@transaction.atomic
def record_relief(
    *,
    actor,
    application: Application,
    form: str,
    amount: Decimal,
    delivered_on: dt.date,
    delivered_by: str,
    note: str = "",
) -> Relief:
    if amount < 0:
        raise HardshipError(_("The amount cannot be negative."), code="amount")
    application = transition(
        actor=actor, application=application, action="record_relief", comment=note, today=delivered_on
    )
    relief = Relief.objects.create(
        application=application,
        form=form,
        amount=amount,
        delivered_on=delivered_on,
        delivered_by=branch_rules.normalise_text(delivered_by),
        note=note,
        recorded_by=actor,
    )
    file = HardshipFile.objects.filter(worker=application.worker, status=HardshipFile.Status.OPEN).first()
    if file is not None:
        FileEntry.objects.create(
            file=file,
            kind=FileEntry.Kind.HELP,
            on=delivered_on,
            form=form,
            amount=amount,
            note=note or application.campaign.name,
            application=application,
            recorded_by=actor,
        )
    audit.record(
        actor=actor,
        action="hardship.relief.record",
        obj=relief,
        branch_path=application.branch.path,
        after=audit.snapshot(relief, ["form", "amount", "delivered_on", "delivered_by", "note"]),
    )
    return relief


# --- dynamic hardship files ----------------------------------------------------------------------


def _open_file(actor, application: Application, today: dt.date) -> HardshipFile:
    """The worker's open file, created at the district's approval if there is none yet."""
    file = HardshipFile.objects.filter(worker=application.worker, status=HardshipFile.Status.OPEN).first()
    causes = ", ".join(
        str(Application.Cause(c).label) for c in [application.primary_cause, *application.other_causes]
    )
    if file is None:
        file = HardshipFile.objects.create(
            worker=application.worker,
            branch=application.branch,
            enterprise=application.enterprise,
            situation=application.description,
            causes=causes[:255],
            opened_on=today,
            next_review_on=today + dt.timedelta(days=90),
        )
        audit.record(actor=actor, action="hardship.file.open", obj=file, after=audit.snapshot(file))
    return file


FILE_FIELDS = ("status", "situation", "causes", "next_review_on", "closed_on", "closed_reason")


@transaction.atomic
def file_add_help(
    *, actor, file: HardshipFile, on: dt.date, form: str, amount: Decimal | None, note: str
) -> FileEntry:
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=file.pk)
    if not may_manage_file(actor, file):
        raise _refuse()
    if file.status != HardshipFile.Status.OPEN:
        raise HardshipError(_("The file is closed; reopen it first."), code="closed")
    entry = FileEntry.objects.create(
        file=file, kind=FileEntry.Kind.HELP, on=on, form=form, amount=amount, note=note, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="hardship.file.help",
        obj=file,
        after={"on": on.isoformat(), "form": form, "amount": str(amount) if amount is not None else None},
    )
    return entry


@transaction.atomic
def file_review(*, actor, file: HardshipFile, on: dt.date, situation: str, note: str) -> FileEntry:
    """A periodic review: the situation as found; the next review is due one interval later."""
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=file.pk)
    if not may_manage_file(actor, file):
        raise _refuse()
    if file.status != HardshipFile.Status.OPEN:
        raise HardshipError(_("The file is closed; reopen it first."), code="closed")
    before = audit.snapshot(file, FILE_FIELDS)
    if situation:
        file.situation = situation
    file.next_review_on = on + dt.timedelta(days=file.review_interval_days)
    file.save(update_fields=["situation", "next_review_on"])
    entry = FileEntry.objects.create(
        file=file, kind=FileEntry.Kind.REVIEW, on=on, note=note, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="hardship.file.review",
        obj=file,
        before=before,
        after=audit.snapshot(file, FILE_FIELDS),
    )
    return entry


@transaction.atomic
def file_close(*, actor, file: HardshipFile, on: dt.date, reason: str) -> HardshipFile:
    """脱困: the family is out of difficulty."""
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    if not may_close_file(actor, file):
        raise _refuse()
    if file.status != HardshipFile.Status.OPEN:
        raise Conflict(_("The file is already closed."))
    reason = _text(reason)
    if not reason:
        raise HardshipError(_("Please give the reason for closing the file."), code="reason")
    before = audit.snapshot(file, FILE_FIELDS)
    file.status = HardshipFile.Status.CLOSED
    file.closed_on = on
    file.closed_reason = reason
    file.next_review_on = None
    file.save()
    FileEntry.objects.create(file=file, kind=FileEntry.Kind.CLOSED, on=on, note=reason, recorded_by=actor)
    audit.record(
        actor=actor,
        action="hardship.file.close",
        obj=file,
        before=before,
        after=audit.snapshot(file, FILE_FIELDS),
    )
    return file


@transaction.atomic
def file_reopen(*, actor, file: HardshipFile, on: dt.date, reason: str) -> HardshipFile:
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    if not may_close_file(actor, file):
        raise _refuse()
    if file.status != HardshipFile.Status.CLOSED:
        raise Conflict(_("The file is already open."))
    if HardshipFile.objects.filter(worker=file.worker, status=HardshipFile.Status.OPEN).exists():
        raise HardshipError(_("The worker already has an open file."), code="open_file")
    reason = _text(reason)
    if not reason:
        raise HardshipError(_("Please give the reason for reopening the file."), code="reason")
    before = audit.snapshot(file, FILE_FIELDS)
    file.status = HardshipFile.Status.OPEN
    file.closed_on = None
    file.closed_reason = ""
    file.next_review_on = on + dt.timedelta(days=file.review_interval_days)
    file.save()
    FileEntry.objects.create(file=file, kind=FileEntry.Kind.REOPENED, on=on, note=reason, recorded_by=actor)
    audit.record(
        actor=actor,
        action="hardship.file.reopen",
        obj=file,
        before=before,
        after=audit.snapshot(file, FILE_FIELDS),
    )
    return file


def send_review_reminders(*, today: dt.date | None = None) -> int:
    """Remind the enterprise's union officers of every file whose review is due (once per due date)."""
    today = today or timezone.localdate()
    sent = 0
    files = HardshipFile.objects.filter(
        status=HardshipFile.Status.OPEN, next_review_on__lte=today
    ).select_related("worker", "enterprise")
    for file in files:
        officers = User.objects.filter(
            appointments__role=Role.UNION_OFFICER,
            appointments__branch=file.enterprise,
            appointments__start__lte=today,
            is_active=True,
        ).distinct()
        for officer in officers:
            with transaction.atomic():
                key = f"review:{file.pk}:{file.next_review_on.isoformat()}"
                if Notification.objects.filter(user=officer, key=key).exists():
                    continue
                _notify(
                    officer,
                    _("The hardship file of %(name)s is due for its review (%(day)s).")
                    % {"name": file.worker.name, "day": file.next_review_on},
                    key=key,
                )
                sent += 1
    return sent


@transaction.atomic
def mark_notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=_now())


# --- retention (PIPL) ----------------------------------------------------------------------------


@dataclass
class PurgePlan:
    """What the purge of one closed file removes (counts only: the plan itself holds no personal data)."""

    file_id: int
    closed_on: dt.date
    branch_path: str
    application_ids: list[int] = field(default_factory=list)
    members: int = 0
    uploads: int = 0
    entries: int = 0


def retention_years() -> int:
    from django.conf import settings

    return int(settings.UNIONHOME.get("HARDSHIP_RETENTION_YEARS", rules.DEFAULT_RETENTION_YEARS))


def _purgeable_applications(file: HardshipFile):
    """The worker's finished applications up to the file's closing day that still hold personal data."""
    return Application.objects.filter(
        worker_id=file.worker_id,
        state__in=rules.FINAL_STATES,
        created_at__date__lte=file.closed_on,
        purged_at__isnull=True,
    ).order_by("pk")


def _plan(file: HardshipFile) -> PurgePlan:
    applications = list(_purgeable_applications(file).values_list("pk", flat=True))
    return PurgePlan(
        file_id=file.pk,
        closed_on=file.closed_on,
        branch_path=file.branch.path,
        application_ids=applications,
        members=HouseholdMember.objects.filter(application_id__in=applications).count(),
        uploads=Upload.objects.filter(application_id__in=applications).count(),
        entries=FileEntry.objects.filter(file=file).count(),
    )


def files_due_for_purge(*, today: dt.date | None = None, years: int | None = None):
    """Closed files closed more than ``years`` years before ``today`` and not yet purged."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    return (
        HardshipFile.objects.filter(
            status=HardshipFile.Status.CLOSED,
            closed_on__lt=rules.retention_cutoff(today, years),
            purged_at__isnull=True,
        )
        .select_related("branch")
        .order_by("closed_on", "pk")
    )


def _purge_application(application: Application, now: dt.datetime) -> list[str]:
    """Strip the personal data of one finished application; returns the storage names to delete."""
    stored = [u.file.name for u in application.uploads.all() if u.file.name]
    application.uploads.all().delete()
    application.members.all().delete()
    application.notifications.all().delete()
    application.transitions.update(comment="")
    application.objections.update(content="", resolution="")
    Relief.objects.filter(application=application).update(note="")
    application.description = ""
    application.last_reason = ""
    application.category_reason = ""
    application.other_causes = []
    application.per_capita = None
    application.government_aid = Decimal("0")
    application.medical_self_paid = Decimal("0")
    application.property_loss = Decimal("0")
    application.purged_at = now
    application.save(
        update_fields=[
            "description",
            "last_reason",
            "category_reason",
            "other_causes",
            "per_capita",
            "government_aid",
            "medical_self_paid",
            "property_loss",
            "purged_at",
            "updated_at",
        ]  # fmt: skip
    )
    return stored


def _delete_stored(names: list[str]) -> None:
    storage = Upload._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


@transaction.atomic
def purge_file(
    *, actor=None, file: HardshipFile, today: dt.date | None = None, years: int | None = None
) -> PurgePlan:
    """Purge one closed file past its retention period (the scheduler or the command; never a user).

    Deleted: household members (names, ID numbers, incomes), uploads and their stored files,
    descriptions, reasons, comments, objections' texts, notifications. Kept, so that campaign
    and district summaries still add up: the campaign, the enterprise and unit, the state, the
    category, the primary cause, the household size and every relief amount and date. One
    ``hardship.purge`` audit event per file records the counts (and no personal data).
    """
    if actor is not None:
        raise _refuse()
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    file = HardshipFile.objects.select_for_update(of=("self",)).select_related("branch").get(pk=file.pk)
    if file.status != HardshipFile.Status.CLOSED or not rules.purge_due(file.closed_on, today, years):
        raise Conflict(_("This hardship file is not due for purging."))
    if file.purged_at is not None:
        raise Conflict(_("This hardship file has already been purged."))
    plan = _plan(file)
    now = _now()
    stored: list[str] = []
    for application in Application.objects.select_for_update().filter(pk__in=plan.application_ids):
        stored += _purge_application(application, now)
    file.entries.update(note="")
    file.situation = ""
    file.causes = ""
    file.closed_reason = ""
    file.purged_at = now
    file.save(update_fields=["situation", "causes", "closed_reason", "purged_at"])
    audit.record(
        actor=None,
        action="hardship.purge",
        obj=file,
        after={
            "closed_on": file.closed_on.isoformat(),
            "retention_years": years,
            "applications": plan.application_ids,
            "members": plan.members,
            "uploads": plan.uploads,
            "entries": plan.entries,
        },
    )
    # the stored files go only once the rows are gone for good
    transaction.on_commit(lambda: _delete_stored(stored))
    return plan


def purge_expired_files(
    *, today: dt.date | None = None, years: int | None = None, for_real: bool = False
) -> list[PurgePlan]:
    """Every file due (oldest first). A dry run (the default) only plans; each file commits on its own."""
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    if years < 1:
        raise HardshipError(_("The retention period is at least one year."), code="years")
    plans = []
    for file in files_due_for_purge(today=today, years=years):
        if for_real:
            try:
                plans.append(purge_file(file=file, today=today, years=years))
            except Conflict:
                continue  # purged by a parallel run a moment ago
        else:
            plans.append(_plan(file))
    return plans
