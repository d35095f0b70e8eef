"""Objections workers send from the public notice (公示) in the portal: received, then recorded by
the enterprise union as an objection (the workflow's "object" step) or dismissed with a reason."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, permissions

from ..exceptions import Conflict, HardshipError
from ..models import Application, Objection, WorkerObjection
from .common import State, _now
from .notices import record_objection

# While the notice runs: on notice, or with an objection under review.
OPEN_TO_OBJECTIONS = (State.ON_NOTICE, State.OBJECTED)


@transaction.atomic
def worker_objection_send(*, actor, application: Application, reason: str) -> WorkerObjection:
    """A worker objects to an entry of the notice of their enterprise, once, during the notice."""
    permissions.require(actor, "hardship.object_to_notice", application)
    application = Application.objects.select_for_update().get(pk=application.pk)
    reason = (reason or "").strip()
    if not reason:
        raise HardshipError(_("Give the reason for the objection."), code="objection_reason")
    today = timezone.localdate()
    if (
        application.state not in OPEN_TO_OBJECTIONS
        or application.notice_start is None
        or application.notice_end is None
        or not application.notice_start <= today <= application.notice_end
    ):
        raise HardshipError(
            _("Objections are received only during the public notice of this application."),
            code="objection_closed",
        )
    if WorkerObjection.objects.filter(application=application, objector=actor.worker).exists():
        raise Conflict(_("You have already objected to this application."))
    try:
        with transaction.atomic():
            received = WorkerObjection.objects.create(
                application=application, objector=actor.worker, reason=reason
            )
    except IntegrityError as exc:  # the same worker a moment ago
        raise Conflict(_("You have already objected to this application.")) from exc
    audit.record(
        actor=actor,
        action="hardship.worker_objection.receive",
        obj=received,
        branch_path=application.enterprise.path,
        after={"reason": reason},
    )
    return received


def _lock_received(received: WorkerObjection) -> WorkerObjection:
    received = (
        WorkerObjection.objects.select_for_update()
        .select_related("application__enterprise")
        .get(pk=received.pk)
    )
    if received.status != WorkerObjection.Status.RECEIVED:
        raise Conflict(_("This objection has already been handled."))
    return received


@transaction.atomic
def worker_objection_record(*, actor, received: WorkerObjection) -> Objection:
    """Record a received objection as an objection of the application (the workflow's step: the
    application goes under review); with one already under review, it joins that review."""
    permissions.require(actor, "hardship.handle_worker_objections", received)
    received = _lock_received(received)
    application = Application.objects.select_for_update().get(pk=received.application_id)
    received_on = timezone.localtime(received.received_at).date()
    if application.state == State.OBJECTED:
        permissions.require(actor, "hardship.review_application", application)
        objection = Objection.objects.create(
            application=application, received_on=received_on, content=received.reason, recorded_by=actor
        )
        audit.record(
            actor=actor,
            action="hardship.objection.record",
            obj=objection,
            branch_path=application.branch.path,
            after={"received_on": received_on.isoformat(), "content": received.reason},
        )
    else:
        objection = record_objection(
            actor=actor, application=application, received_on=received_on, content=received.reason
        )
    received.status = WorkerObjection.Status.RECORDED
    received.objection = objection
    received.handled_by = actor
    received.handled_at = _now()
    received.save(update_fields=["status", "objection", "handled_by", "handled_at"])
    audit.record(
        actor=actor,
        action="hardship.worker_objection.record",
        obj=received,
        branch_path=application.enterprise.path,
        before={"status": WorkerObjection.Status.RECEIVED},
        after={"status": received.status},
    )
    return objection


@transaction.atomic
def worker_objection_dismiss(*, actor, received: WorkerObjection, reason: str) -> WorkerObjection:
    """Dismiss a received objection with a reason; the application and its notice are unchanged."""
    permissions.require(actor, "hardship.handle_worker_objections", received)
    reason = (reason or "").strip()
    if not reason:
        raise HardshipError(_("Give the reason for dismissing the objection."), code="dismiss_reason")
    received = _lock_received(received)
    received.status = WorkerObjection.Status.DISMISSED
    received.dismissed_reason = reason
    received.handled_by = actor
    received.handled_at = _now()
    received.save(update_fields=["status", "dismissed_reason", "handled_by", "handled_at"])
    audit.record(
        actor=actor,
        action="hardship.worker_objection.dismiss",
        obj=received,
        branch_path=received.application.enterprise.path,
        before={"status": WorkerObjection.Status.RECEIVED},
        after={"status": received.status, "dismissed_reason": reason},
    )
    return received
