"""Writes of a hardship application before review: drafts, household members, the category assessment and
uploaded materials.
"""

from __future__ import annotations

import filetype
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches.models import Worker
from unionhome import audit, downloads, permissions, versioning

from .. import rules
from ..exceptions import Conflict, HardshipError, PermissionRefused, UploadRefused
from ..models import Application, Campaign, HouseholdMember, Upload
from .common import State, _enterprise, _now

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


@transaction.atomic
def application_create(*, actor, campaign: Campaign, worker: Worker | None = None) -> Application:
    """Start a draft: the worker for themself, or an officer for a worker who applies on paper."""
    campaign = Campaign.objects.select_related("branch").get(pk=campaign.pk)
    paper = worker is not None and getattr(actor, "worker_id", None) != worker.pk
    if worker is None:
        if not getattr(actor, "worker_id", None):
            raise PermissionRefused(_("You do not have permission to do this."))
        worker = Worker.objects.select_related("branch").get(pk=actor.worker_id)
    if paper:
        permissions.require(actor, "hardship.start_paper_application", worker)
    if not worker.branch.path.startswith(campaign.branch.path):
        raise PermissionRefused(_("You do not have permission to do this."))
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
        unmarried=_self_unmarried(application.marital_status),
        monthly_income=None,
    )
    _reassess(application)
    return audit.created(
        actor=actor, action="hardship.application.create", obj=application, fields=APPLICATION_FIELDS
    )


def _self_unmarried(marital_status: str) -> bool:
    """The applicant's own household row follows the application's marital status."""
    return marital_status == Application.Marital.UNMARRIED


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("campaign", "worker", "branch", "enterprise")
        .get(pk=application.pk)
    )


def _require_editor(actor, application: Application) -> None:
    permissions.require(actor, "hardship.edit_application", application)
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
    return reason_for(application.campaign.line, result.category, result.per_capita)


def reason_for(line, category: int | None, p) -> str:
    """Why a family with income per person ``p`` is (or is not) in ``category`` under the line."""
    lim = rules.limits(line)
    if category == 1:
        return _("Income per person %(p)s yuan is below 1.5 × the line (%(limit)s yuan).") % {
            "p": p,
            "limit": lim[1],
        }
    if category == 2:
        return _(
            "Income per person %(p)s yuan is at most 2 × the line (%(limit)s yuan) with a special cause."
        ) % {
            "p": p,
            "limit": lim[2],
        }
    if category == 3:
        return _(
            "Major illness or accident, and income per person %(p)s yuan is at most 3 × the line (%(limit)s yuan)."
        ) % {"p": p, "limit": lim[3]}
    if category == 4:
        return _(
            "Major illness or accident with self-paid costs or losses of %(min)s yuan or more this year."
        ) % {"min": rules.CATEGORY_4_MIN_COST}
    return _(
        "Income per person %(p)s yuan does not meet any category (limits %(l1)s / %(l2)s / %(l3)s yuan)."
    ) % {"p": p, "l1": lim[1], "l2": lim[2], "l3": lim[3]}


def _reassess(application: Application) -> None:
    members = list(application.members.all())
    if any(m.monthly_income is None for m in members):
        application.category = application.per_capita = application.household_size = None
        application.category_reason = _(
            "The category is computed once the monthly income of every household member is filled in."
        )
        application.save(
            update_fields=["category", "per_capita", "household_size", "category_reason", "updated_at"]
        )
        return
    result = _assessment(application, members)
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
    data = dict(data)
    versioning.check(application, data.pop("version", None), data)
    problem = rules.self_count_problem((m.get("relation") for m in members), HouseholdMember.Relation.SELF)
    if problem == "no_self":
        raise HardshipError(_("List the applicant among the household members."), code="self")
    if problem:
        raise HardshipError(
            _("List the applicant (本人) only once among the household members."), code="self"
        )
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
    for m in members:
        if m.get("relation") == HouseholdMember.Relation.SELF:
            m["unmarried"] = _self_unmarried(application.marital_status)
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
    """The uploader's file name as a display label (``unionhome.downloads.display_name``: no folders,
    no control, bidirectional or zero-width characters); downloads are named by the system."""
    return downloads.display_name(name)


@transaction.atomic
def upload_add(*, actor, application: Application, kind: str, file) -> Upload:
    application = _lock(application)
    permissions.require(actor, "hardship.edit_application", application)
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
