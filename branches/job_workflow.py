"""The roster import/export job, declared as a table (``unionhome.workflow``).

An import goes checking → ready (or refused) → queued → running → done; an export starts queued.
Every job ends: whatever fails (the database, the broker, the worker, the file, a bug) moves it to
"failed" with a message a person can act on, and the reaper fails a job whose heartbeat has stopped
(``branches.services.jobs``). A failed job may be retried by its creator: an import that had been
confirmed runs again, one that failed while checking is checked again. The machine steps are the
system's; the job keeps no history rows, its audit events are its history.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import workflow
from unionhome.workflow import ANY, Move, Step, Workflow

from .exceptions import RosterError
from .models import RosterJob

Status = RosterJob.Status
CONFIRM, RETRY = "branches.confirm_roster_import", "branches.retry_roster_job"


def _assign_fields(move: Move) -> None:
    for key, value in move.extra.get("fields", {}).items():
        setattr(move.obj, key, value)


def _alive(move: Move) -> None:
    """Every step is a sign of life; the progress starts again with each stage."""
    move.obj.heartbeat_at = move.at
    if move.to_state in (Status.CHECKING, Status.QUEUED, Status.RUNNING):
        move.obj.progress = 0


def _finished(move: Move) -> None:
    move.obj.finished_at = move.at
    if move.to_state != Status.FAILED:
        move.obj.progress = 100


def _reopened(move: Move) -> None:
    """A retried job starts afresh: no end, no message, no report of the failed run."""
    job = move.obj
    job.finished_at = None
    job.message = ""


def _wrong_retry() -> RosterError:
    return RosterError(_("This job cannot be retried this way; nothing was changed."), code="retry")


def _confirmed_import(move: Move) -> None:
    """ "retry" runs a job again from the queue: an export, or an import that had been confirmed."""
    job = move.obj
    if job.kind == RosterJob.Kind.IMPORT and not job.params.get("confirmed"):
        raise _wrong_retry()


def _unconfirmed_import(move: Move) -> None:
    """ "recheck" checks an import's file again: one that failed before it was confirmed."""
    job = move.obj
    if job.kind != RosterJob.Kind.IMPORT or job.params.get("confirmed"):
        raise _wrong_retry()


def _busy(job: RosterJob) -> RosterError:
    return RosterError(
        _("Another import into this unit is running; wait until it has finished."), code="busy"
    )


ROSTER_JOB = workflow.register(
    Workflow(
        name="branches.roster_job",
        label=gettext_lazy("roster import or export"),
        model=RosterJob,
        state_field="status",
        record_model=None,
        steps={
            (Status.CHECKING, "checked"): Step(Status.READY, system=True),
            (Status.CHECKING, "refuse"): Step(Status.REFUSED, system=True),
            (Status.CHECKING, "fail"): Step(Status.FAILED, system=True),
            (Status.READY, "confirm"): Step(Status.QUEUED, permission=CONFIRM),
            (Status.QUEUED, "start"): Step(Status.RUNNING, system=True),
            (Status.QUEUED, "fail"): Step(Status.FAILED, system=True),
            (Status.RUNNING, "finish"): Step(Status.DONE, system=True),
            (Status.RUNNING, "refuse"): Step(Status.REFUSED, system=True),
            (Status.RUNNING, "fail"): Step(Status.FAILED, system=True),
            (Status.FAILED, "retry"): Step(Status.QUEUED, permission=RETRY),
            (Status.FAILED, "recheck"): Step(Status.CHECKING, permission=RETRY),
        },
        actions={
            "checked": gettext_lazy("Checked"),
            "refuse": gettext_lazy("Refuse"),
            "confirm": gettext_lazy("Confirm the import"),
            "start": gettext_lazy("Start"),
            "finish": gettext_lazy("Finish"),
            "fail": gettext_lazy("Fail"),
            "retry": gettext_lazy("Try again"),
            "recheck": gettext_lazy("Check the file again"),
        },
        initial=(Status.CHECKING, Status.QUEUED),
        lock_related=("unit",),
        guards={"retry": (_confirmed_import,), "recheck": (_unconfirmed_import,)},
        effects={
            ANY: (_assign_fields, _alive),
            "finish": (_finished,),
            "fail": (_finished,),
            "refuse": (_finished,),
            "retry": (_reopened,),
            "recheck": (_reopened,),
        },
        save_refusal=_busy,
        audit_action="roster_job",
        audit_fields=("status",),
        audit_reason=False,
        audit_path=lambda job: job.unit.path if job.unit_id else "",
    )
)
