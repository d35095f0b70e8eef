"""Applying a step: ``apply`` (lock, check, write state, record and audit event in one transaction),
the first record of a new object, the actions a user may take now, and the errors of a refusal."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome.exceptions import Conflict, DomainError, PermissionRefused

from .declarations import SYSTEM, Step, Workflow


class WorkflowError(DomainError):
    code = "workflow"


class UnknownAction(WorkflowError):
    """An action that is not in the workflow's table at all."""

    code = "unknown_action"


class ReasonRequired(WorkflowError):
    code = "reason"


class StateConflict(Conflict):
    """The action is not possible in the object's current state (often: someone has just done it).

    ``code`` is "state", or "stale" when the caller's expected state is no longer the current one.
    """

    code = "state"


@dataclass
class Move:
    """One step being applied: what each hook receives."""

    workflow: Workflow
    obj: Any  # the locked instance (the one ``apply`` returns)
    actor: Any  # a user, or SYSTEM
    action: str
    step: Step
    from_state: str
    reason: str
    at: Any  # datetime of the step
    extra: dict = field(default_factory=dict)  # the service's own keyword arguments
    record: Any = None  # the transition record, once written (``after`` and ``on_commit`` hooks)

    @property
    def to_state(self) -> str:
        return self.step.to


def _object_name(workflow: Workflow) -> str:
    return str(workflow.model._meta.verbose_name)


def find_step(workflow: Workflow, state: str, action: str) -> Step:
    """The step of ``action`` from ``state``; UnknownAction or StateConflict when there is none."""
    step = workflow.steps.get((state, action))
    if step is not None:
        return step
    if action not in workflow.all_actions():
        raise UnknownAction(
            _("“%(action)s” is not a step of the %(workflow)s workflow; nothing was changed.")
            % {"action": str(action)[:40], "workflow": workflow.label}
        )
    raise StateConflict(
        _(
            "This %(object)s is now “%(state)s”: “%(action)s” is not possible (someone may have just done it); nothing was changed."
        )
        % {
            "object": _object_name(workflow),
            "state": workflow.state_label(state),
            "action": workflow.action_label(action),
        }
    )


def may_take(workflow: Workflow, step: Step, actor, obj) -> bool:
    """May ``actor`` (a user or SYSTEM) take ``step`` on ``obj``?"""
    if actor is SYSTEM:
        return step.system
    if not step.permission:
        return False
    from unionhome import permissions

    return permissions.allowed(actor, step.permission, obj)


def _lock(workflow: Workflow, obj):
    queryset = workflow.model._default_manager.all()
    if workflow.lock_related:
        queryset = queryset.select_for_update(of=("self",)).select_related(*workflow.lock_related)
    else:
        queryset = queryset.select_for_update()
    return queryset.get(pk=obj.pk)


def _clean_reason(workflow: Workflow, reason: str | None) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if workflow.record_model is not None:
        max_length = workflow.record_model._meta.get_field("reason").max_length
        if max_length:
            reason = reason[:max_length]
    return reason


def _actor_name(actor) -> str:
    if actor is SYSTEM or actor is None:
        return ""
    return str(actor)[:150]  # the full name, else the roster name, else the login (``User.__str__``)


def _save(workflow: Workflow, obj) -> None:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        if workflow.save_refusal is None:
            raise
        raise workflow.save_refusal(obj) from exc


def _write_record(workflow: Workflow, move: Move):
    actor = move.actor if getattr(move.actor, "pk", None) else None
    return workflow.record_model._default_manager.create(
        **{workflow.record_fk_name(): move.obj},
        from_state=move.from_state,
        to_state=move.to_state,
        action=move.action,
        actor=actor,
        actor_name=_actor_name(move.actor),
        at=move.at,
        reason=move.reason,
    )


def _snapshot(workflow: Workflow, obj) -> dict:
    from unionhome import audit

    return audit.snapshot(obj, workflow.audit_fields or (workflow.state_field,))


def _audit(workflow: Workflow, move: Move, before: dict) -> None:
    from unionhome import audit

    after = _snapshot(workflow, move.obj)
    if workflow.audit_reason and move.reason:
        after["reason"] = move.reason
    audit.record(
        actor=move.actor,
        action=f"{workflow.audit_action or workflow.name}.{move.action}",
        obj=move.obj,
        before=before,
        after=after,
        branch_path=workflow.audit_path(move.obj) if workflow.audit_path else None,
    )


@transaction.atomic
def apply(
    workflow: Workflow,
    *,
    actor,
    obj,
    action: str,
    reason: str = "",
    expected_state: str | None = None,
    at=None,
    **extra,
):
    """Take ``action`` on ``obj``; returns the locked, updated instance (use it, not ``obj``).

    ``actor``: a user, or ``SYSTEM`` for the scheduler. ``expected_state``: the state the actor
    saw (a form's hidden field); another state refuses the step with code "stale". ``extra``: the
    service's own arguments, passed to the hooks in ``Move.extra``.
    """
    if actor is None:
        raise PermissionRefused(_("You do not have permission to do this."))
    locked = _lock(workflow, obj)
    state = getattr(locked, workflow.state_field)
    if expected_state is not None and state != expected_state:
        raise StateConflict(
            _(
                "Someone else has already handled this %(object)s (it is now “%(state)s”); nothing was changed."
            )
            % {"object": _object_name(workflow), "state": workflow.state_label(state)},
            code="stale",
        )
    step = find_step(workflow, state, action)
    if not may_take(workflow, step, actor, locked):
        raise PermissionRefused(_("You do not have permission to do this."))
    move = Move(
        workflow=workflow,
        obj=locked,
        actor=actor,
        action=action,
        step=step,
        from_state=state,
        reason=_clean_reason(workflow, reason),
        at=at or timezone.now(),
        extra=extra,
    )
    if action in workflow.reason_required and not move.reason:
        raise ReasonRequired(
            _("Give the reason for “%(action)s”; nothing was changed.")
            % {"action": workflow.action_label(action)}
        )
    for guard in workflow.hooks("guards", action):
        guard(move)
    before = _snapshot(workflow, locked)
    setattr(locked, workflow.state_field, step.to)
    for effect in workflow.hooks("effects", action):
        effect(move)
    _save(workflow, locked)
    if workflow.record_model is not None:
        move.record = _write_record(workflow, move)
    for hook in workflow.hooks("after", action):
        hook(move)
    _audit(workflow, move, before)
    for hook in workflow.hooks("on_commit", action):
        transaction.on_commit(functools.partial(hook, move))
    return locked


def record_start(workflow: Workflow, *, actor, obj, action: str, reason: str = "", at=None):
    """The first transition record of a new object (from no state to its current one).

    The creating service writes its own audit event; this only opens the object's history.
    """
    move = Move(
        workflow=workflow,
        obj=obj,
        actor=actor,
        action=action,
        step=Step(to=getattr(obj, workflow.state_field), system=True),
        from_state="",
        reason=_clean_reason(workflow, reason),
        at=at or timezone.now(),
    )
    return _write_record(workflow, move)


@dataclass(frozen=True)
class AvailableAction:
    """An action the user may take now (for buttons): its code, label and where it leads."""

    code: str
    label: str
    to: str
    to_label: str
    reason_required: bool


def available_actions(workflow: Workflow, obj, user) -> list[AvailableAction]:
    """The actions ``user`` may take on ``obj`` in its current state (table order).

    The table and the permissions decide; guards (which may need the step's input) are checked
    when the step is applied.
    """
    state = getattr(obj, workflow.state_field)
    return [
        AvailableAction(
            code=action,
            label=workflow.action_label(action),
            to=step.to,
            to_label=workflow.state_label(step.to),
            reason_required=action in workflow.reason_required,
        )
        for action, step in workflow.steps_from(state)
        if may_take(workflow, step, user, obj)
    ]


def labelled(workflow: Workflow, records: Iterable) -> list:
    """Transition records with ``from_label``, ``to_label`` and ``action_label`` set (history lists)."""
    rows = list(records)
    for row in rows:
        row.from_label = workflow.state_label(row.from_state) if row.from_state else ""
        row.to_label = workflow.state_label(row.to_state)
        row.action_label = workflow.action_label(row.action)
    return rows
