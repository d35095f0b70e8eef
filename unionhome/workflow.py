"""The workflow engine: a state field moved along one table, by one function, ``apply``.

A workflow is declared once, as data (``Workflow``): its table ``{(state, action): Step(to=...,
permission="app.use_case")}``, the labels of its states and actions, the model of its transition
records (a subclass of ``TransitionRecord``), the actions that need a reason, and hooks keyed by
action (``ANY`` for every action):

- ``guards``: checks that are not permissions ("the campaign is closed"); raise a ``DomainError``;
- ``effects``: set the object's other fields for this step (before it is saved);
- ``after``: further writes of the step, once the object and its transition record are saved;
- ``on_commit``: side effects (mail, tasks), run only after the transaction commits.

Each hook receives the ``Move`` being made. ``apply`` locks the row, checks the table, the named
permission (``unionhome.permissions``), the reason and the guards, then writes the state, the
transition record and the audit event in one transaction: a refusal writes nothing. Two clicks (or
two reviewers) on the same step give one transition; the second finds the new state and is refused.

``register`` collects the workflows (each app declares its own in ``<app>/workflows.py``, imported
by ``all_workflows``); ``to_mermaid`` draws one, and ``manage.py workflow_diagrams`` writes them all
into ``docs/workflows.md`` (``--check`` fails when that file differs from the code).

Audit, scope and permissions are imported where they are used: concrete transition models import
this module while the apps' models are still loading.
"""

from __future__ import annotations

import difflib
import functools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome.exceptions import Conflict, DomainError, PermissionRefused

ANY = "*"  # hooks keyed by ANY run for every action, before the action's own


# --- errors ----------------------------------------------------------------------------------


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


# --- the actor that is not a user ------------------------------------------------------------


class _System:
    """The scheduler or a background task acting on its own; takes only steps marked ``system``."""

    pk = None
    is_authenticated = False
    is_active = False

    def __repr__(self):
        return "SYSTEM"

    def __str__(self):
        return str(_("system"))


SYSTEM = _System()


# --- declaration -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Where an action leads from one state, and who may take it.

    ``permission``: the name of a predicate in ``unionhome.permissions`` the actor must pass.
    ``system``: the scheduler (``SYSTEM``) may take this step too. A step has one or both.
    """

    to: str
    permission: str = ""
    system: bool = False


Hook = Callable[["Move"], Any]
Hooks = Mapping[str, Sequence[Hook]]


@dataclass(frozen=True, eq=False)
class Workflow:
    name: str  # "hardship.application": stable, used in the registry and the diagrams
    label: Any  # gettext_lazy("Hardship application")
    model: type[models.Model]
    steps: Mapping[tuple[str, str], Step]
    actions: Mapping[str, Any]  # action → label (gettext_lazy)
    record_model: type[models.Model] | None  # a TransitionRecord subclass; None: audit only
    states: Mapping[str, Any] | None = None  # state → label; None: the state field's choices
    state_field: str = "state"
    initial: str | tuple[str, ...] | None = None  # where a new object starts (drawn in the diagram)
    record_fk: str = ""  # the record model's foreign key to ``model``; found when empty
    lock_related: tuple[str, ...] = ()  # select_related of the locked re-fetch
    reason_required: frozenset[str] = frozenset()
    guards: Hooks = field(default_factory=dict)
    effects: Hooks = field(default_factory=dict)
    after: Hooks = field(default_factory=dict)
    on_commit: Hooks = field(default_factory=dict)
    audit_action: str = ""  # audit events are "<audit_action>.<action>"; default: ``name``
    audit_fields: tuple[str, ...] = ()  # snapshot before/after; default: the state field
    audit_reason: bool = True  # add the reason to the audit event's "after"
    audit_path: Callable[[Any], str] | None = None  # the event's branch path; default: obj.branch
    save_refusal: Callable[[Any], DomainError] | None = None  # an IntegrityError on save becomes this

    # -- reading the table --

    def state_labels(self) -> dict[str, Any]:
        if self.states is not None:
            return dict(self.states)
        return dict(self.model._meta.get_field(self.state_field).flatchoices)

    def state_label(self, state: str) -> str:
        return str(self.state_labels().get(state, state))

    def action_label(self, action: str) -> str:
        return str(self.actions.get(action, action))

    def initial_states(self) -> tuple[str, ...]:
        if not self.initial:
            return ()
        return (self.initial,) if isinstance(self.initial, str) else tuple(self.initial)

    def all_states(self) -> list[str]:
        """The states of the table, in the order of the labels (then of the table)."""
        used = {s for s, _a in self.steps} | {step.to for step in self.steps.values()}
        used |= set(self.initial_states())
        ordered = [s for s in self.state_labels() if s in used]
        ordered += [s for s in [*self.initial_states(), *self._table_order()] if s not in ordered]
        return ordered

    def _table_order(self) -> list[str]:
        seen: list[str] = []
        for (state, _action), step in self.steps.items():
            for s in (state, step.to):
                if s not in seen:
                    seen.append(s)
        return seen

    def all_actions(self) -> list[str]:
        return list(dict.fromkeys(action for _s, action in self.steps))

    def steps_from(self, state: str) -> list[tuple[str, Step]]:
        """(action, step) open in ``state``, in table order."""
        return [(action, step) for (s, action), step in self.steps.items() if s == state]

    def final_states(self) -> list[str]:
        """States no step leaves."""
        leaving = {s for s, _a in self.steps}
        return [s for s in self.all_states() if s not in leaving]

    def hooks(self, kind: str, action: str) -> list[Hook]:
        table: Hooks = getattr(self, kind)
        return [*table.get(ANY, ()), *table.get(action, ())]

    def record_fk_name(self) -> str:
        if self.record_fk:
            return self.record_fk
        names = [
            f.name
            for f in self.record_model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model is self.model
        ]
        if len(names) != 1:
            raise ImproperlyConfigured(
                f"workflow {self.name}: name the record model's foreign key to {self.model.__name__} "
                f"(record_fk); found {names or 'none'}"
            )
        return names[0]

    # -- checking the declaration --

    def problems(self, *, permissions_known: bool = True) -> list[str]:
        """What is wrong with the declaration (empty when nothing is)."""
        found: list[str] = []
        try:
            self.model._meta.get_field(self.state_field)
        except FieldDoesNotExist:
            return [f"{self.name}: {self.model.__name__} has no field {self.state_field!r}"]
        labels = self.state_labels()
        states = set(self.all_states())
        found += [f"{self.name}: state {s!r} has no label" for s in sorted(states - set(labels))]
        actions = set(self.all_actions())
        found += [f"{self.name}: action {a!r} has no label" for a in sorted(actions - set(self.actions))]
        for (state, action), step in self.steps.items():
            if not step.permission and not step.system:
                found.append(
                    f"{self.name}: step ({state}, {action}) names no permission and is not a system step"
                )
        for kind in ("guards", "effects", "after", "on_commit"):
            unknown = set(getattr(self, kind)) - actions - {ANY}
            found += [f"{self.name}: {kind} for unknown action {a!r}" for a in sorted(unknown)]
        found += [
            f"{self.name}: reason_required names unknown action {a!r}"
            for a in sorted(set(self.reason_required) - actions)
        ]
        if self.record_model is not None:
            if not issubclass(self.record_model, TransitionRecord):
                found.append(f"{self.name}: {self.record_model.__name__} is not a TransitionRecord")
            try:
                self.record_fk_name()
            except ImproperlyConfigured as exc:
                found.append(str(exc))
        if permissions_known:
            from unionhome import permissions

            names = sorted({step.permission for step in self.steps.values() if step.permission})
            found += [
                f"{self.name}: permission {n!r} is not registered" for n in names if not permissions.exists(n)
            ]
        return found


# --- applying a step -------------------------------------------------------------------------


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
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (name or actor.get_username())[:150]


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


# --- the transition record -------------------------------------------------------------------


class TransitionRecord(models.Model):
    """One step of a workflow (who, when, from which state to which, why). Append-only.

    A concrete record adds the foreign key to its object (``application = ForeignKey(...,
    related_name="transitions")``) and may narrow a field (``reason = CharField(max_length=200)``).
    ``actor_name`` keeps who it was if the account is later removed; empty for the system.
    """

    from_state = models.CharField(gettext_lazy("from state"), max_length=32, blank=True)
    to_state = models.CharField(gettext_lazy("to state"), max_length=32)
    action = models.CharField(gettext_lazy("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("actor"),
    )
    actor_name = models.CharField(gettext_lazy("actor name"), max_length=150, blank=True)
    at = models.DateTimeField(gettext_lazy("time"), default=timezone.now)
    reason = models.TextField(gettext_lazy("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        get_latest_by = ["at", "id"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state} ({self.action})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(_("Workflow steps cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def actor_display(self) -> str:
        return self.actor_name or (str(self.actor) if self.actor_id else str(_("system")))


# --- the registry and the diagrams -----------------------------------------------------------

_registry: dict[str, Workflow] = {}
_discovered = False
_discovery_lock = threading.Lock()

DIAGRAMS_PATH = Path(settings.BASE_DIR) / "docs" / "workflows.md"


def register(workflow: Workflow) -> Workflow:
    """Add a workflow to the registry (the diagrams); its declaration must be sound."""
    problems = workflow.problems(permissions_known=False)
    if problems:
        raise ImproperlyConfigured("; ".join(problems))
    known = _registry.get(workflow.name)
    if known is not None and known is not workflow:
        raise ImproperlyConfigured(f"workflow {workflow.name!r} is already registered")
    _registry[workflow.name] = workflow
    return workflow


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _discovery_lock:
        if not _discovered:
            from unionhome.permissions import autodiscover

            autodiscover("workflows")
            _discovered = True


def all_workflows() -> list[Workflow]:
    """Every registered workflow (each app's ``workflows`` module imported first), by name."""
    _discover()
    return [_registry[name] for name in sorted(_registry)]


def _mermaid_text(text: str) -> str:
    return " ".join(str(text).split()).replace('"', "#quot;").replace(":", "#58;")


def _mermaid_ids(states: Iterable[str]) -> dict[str, str]:
    reserved = {"end", "state", "note", "direction", "class", "classDef", "style", "click"}
    ids = {}
    for index, state in enumerate(states):
        ids[state] = state if state.isidentifier() and state not in reserved else f"s{index}"
    return ids


def _named(label: str, code: str) -> str:
    return f"{label} ({code})" if label != code else code


def to_mermaid(workflow: Workflow) -> str:
    """A Mermaid ``stateDiagram-v2`` of the table, labels in the active language with their codes."""
    states = workflow.all_states()
    ids = _mermaid_ids(states)
    lines = ["stateDiagram-v2"]
    for state in states:
        lines.append(
            f'    state "{_mermaid_text(_named(workflow.state_label(state), state))}" as {ids[state]}'
        )
    for state in workflow.initial_states():
        lines.append(f"    [*] --> {ids[state]}")
    for (state, action), step in workflow.steps.items():
        label = _mermaid_text(_named(workflow.action_label(action), action))
        lines.append(f"    {ids[state]} --> {ids[step.to]}: {label}")
    for state in workflow.final_states():
        lines.append(f"    {ids[state]} --> [*]")
    return "\n".join(lines) + "\n"


def _cell(label: str, code: str) -> str:
    return f"{label} `{code}`".replace("|", "\\|")


def _steps_table(workflow: Workflow) -> list[str]:
    lines = ["| from | action | to | permission |", "|---|---|---|---|"]
    for (state, action), step in workflow.steps.items():
        who = [f"`{step.permission}`"] if step.permission else []
        if step.system:
            who.append("system")
        lines.append(
            f"| {_cell(workflow.state_label(state), state)} | {_cell(workflow.action_label(action), action)} "
            f"| {_cell(workflow.state_label(step.to), step.to)} | {', '.join(who)} |"
        )
    return lines


DOCUMENT_HEADER = """# Workflows

<!-- Generated by `python manage.py workflow_diagrams` from the workflow tables (unionhome/workflow.py); do not edit. -->

Each workflow's states and steps as its table declares them: a step is taken only by someone who
passes its permission (a named predicate, see `unionhome/permissions.py`), or by the scheduler where
it says "system". `python manage.py workflow_diagrams --check` fails when this file differs from the
code.
"""


def render_document(workflows: Iterable[Workflow], language: str | None = None) -> str:
    """``docs/workflows.md``: one section (diagram and table) per workflow, in ``language``."""
    parts = [DOCUMENT_HEADER]
    with translation.override(language or settings.LANGUAGE_CODE):
        for workflow in workflows:
            parts.append(
                "\n".join(
                    [
                        f"## {workflow.label} (`{workflow.name}`)",
                        "",
                        "```mermaid",
                        to_mermaid(workflow).rstrip("\n"),
                        "```",
                        "",
                        *_steps_table(workflow),
                    ]
                )
                + "\n"
            )
    return "\n".join(parts)


def diagram_difference(path: Path | str | None = None, workflows: Iterable[Workflow] | None = None) -> str:
    """A unified diff between the diagrams file and the code; empty when the file is current.

    The test suite asserts ``not diagram_difference()`` once the apps' workflows are declared.
    """
    path = Path(path or DIAGRAMS_PATH)
    expected = render_document(all_workflows() if workflows is None else workflows)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current == expected:
        return ""
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=str(path),
            tofile="generated from the workflow tables",
        )
    )


def all_problems() -> list[str]:
    """Problems of every registered workflow, permission names included."""
    return [problem for workflow in all_workflows() for problem in workflow.problems()]


__all__ = [
    "ANY",
    "SYSTEM",
    "AvailableAction",
    "Move",
    "ReasonRequired",
    "StateConflict",
    "Step",
    "TransitionRecord",
    "UnknownAction",
    "Workflow",
    "WorkflowError",
    "all_problems",
    "all_workflows",
    "apply",
    "available_actions",
    "diagram_difference",
    "find_step",
    "labelled",
    "may_take",
    "record_start",
    "register",
    "render_document",
    "to_mermaid",
]
