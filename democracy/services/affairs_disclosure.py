"""Writes of affairs disclosure (厂务公开): disclosure items and the surveys that measure knowledge and
satisfaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import answer_once, audit, permissions, scope

from ..exceptions import Conflict, DemocracyError, PermissionRefused
from ..models import Disclosure, Survey, SurveyAnswer, SurveyParticipation
from .common import _enterprise

# Disclosure attachments: judged by their first bytes (filetype), never by the name or the browser.
ATTACHMENT_TYPES = {"pdf", "png", "jpg", "docx", "xlsx", "zip"}


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def check_attachment(upload) -> str:
    """The extension of an acceptable attachment, from its content; refuses anything else."""
    import filetype

    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DemocracyError(_("The file is larger than 10 MB."), code="attachment_size")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ATTACHMENT_TYPES:
        raise DemocracyError(
            _("Only PDF, images, Word, Excel or ZIP files are accepted."), code="attachment_type"
        )
    return kind.extension


@transaction.atomic
def disclosure_create(
    *,
    actor,
    audience: Branch,
    category: str,
    title: str,
    content: str,
    disclosed_on: dt.date,
    attachment=None,
) -> Disclosure:
    permissions.require(actor, "democracy.publish_disclosure", audience)
    if audience.kind not in (Branch.Kind.ENTERPRISE, Branch.Kind.BRANCH):
        raise DemocracyError(_("The audience is an enterprise union or a branch."), code="audience")
    extension = check_attachment(attachment) if attachment else ""
    item = Disclosure(
        enterprise=_enterprise(audience),
        audience=audience,
        category=category,
        title=title.strip(),
        content=content.strip(),
        disclosed_on=disclosed_on,
    )
    if attachment:
        # stored under a name of our own (the type from the content): never the uploader's path
        item.attachment.save(
            f"disclosure-{timezone.now():%Y%m%d%H%M%S%f}.{extension}", attachment, save=False
        )
    item.save()
    return audit.created(
        actor=actor,
        action="disclosure.create",
        obj=item,
        fields=["audience_id", "category", "title", "disclosed_on"],
        branch_path=audience.path,
    )


@transaction.atomic
def disclosure_publish(*, actor, disclosure: Disclosure) -> Disclosure:
    permissions.require(actor, "democracy.publish_disclosure", disclosure)
    item = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if item.published:
        raise Conflict(_("The item is already published."))
    item.published = True
    item.published_at = timezone.now()
    item.save(update_fields=["published", "published_at"])
    audit.record(actor=actor, action="disclosure.publish", obj=item, branch_path=disclosure.audience.path)
    return item


@transaction.atomic
def survey_create(*, actor, enterprise: Branch, year: int, title: str) -> Survey:
    permissions.require(actor, "democracy.manage_survey", enterprise)
    survey = Survey.objects.create(enterprise=enterprise, year=year, title=title.strip())
    return audit.created(actor=actor, action="survey.create", obj=survey, branch_path=enterprise.path)


@transaction.atomic
def survey_close(*, actor, survey: Survey) -> Survey:
    permissions.require(actor, "democracy.manage_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if not survey.is_open:
        raise Conflict(_("The survey is already closed."))
    survey.is_open = False
    survey.save(update_fields=["is_open"])
    audit.record(actor=actor, action="survey.close", obj=survey, branch_path=survey.enterprise.path)
    return survey


def answer_unit(branch: Branch) -> Branch:
    """The unit a survey answer keeps: the branch (or the enterprise) that holds the worker's unit,
    never a smaller one, so that few answers share a unit and a day."""
    enterprise = scope.enterprise_of(branch)
    branch_len = len(enterprise.path) + Branch.steplen if enterprise is not None else len(branch.path)
    if len(branch.path) <= branch_len:
        return branch
    return Branch.objects.get(path=branch.path[:branch_len])


@transaction.atomic
def survey_answer(
    *, actor, survey: Survey, knows: bool, satisfaction: str, comment: str = ""
) -> SurveyAnswer:
    """One answer per worker (``unionhome.answer_once``); the answer keeps no link to the worker,
    only the branch they work in (the unit a branch officer sees results of), never a smaller unit."""
    worker = getattr(actor, "worker", None)
    if worker is None:
        raise PermissionRefused(_("Only workers answer surveys."))
    survey = Survey.objects.select_related("enterprise").get(pk=survey.pk)
    if not worker.branch.path.startswith(survey.enterprise.path):
        raise DemocracyError(_("This survey is not open to you."), code="closed")
    if satisfaction not in SurveyAnswer.Satisfaction.values:
        raise DemocracyError(_("Choose how satisfied you are."), code="satisfaction")
    unit = answer_unit(worker.branch)
    return answer_once.answer_once(
        round=survey,
        person=worker,
        participation=SurveyParticipation,
        write_answer=lambda locked: SurveyAnswer.objects.create(
            survey=locked, knows=knows, satisfaction=satisfaction, comment=comment.strip(), branch=unit
        ),
        actor=actor,
        action="survey.answer",
        branch_path=survey.enterprise.path,
        closed_message=_("This survey is not open to you."),
        already_message=_("You have already answered this survey."),
    )
