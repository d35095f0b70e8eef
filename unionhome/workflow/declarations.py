"""A workflow declared as data: its table of steps (``Workflow``, ``Step``), its labels and hooks,
and the actor that is not a user (``SYSTEM``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext as _

from unionhome.exceptions import DomainError

from .records import TransitionRecord

if TYPE_CHECKING:
    from .engine import Move

ANY = "*"  # hooks keyed by ANY run for every action, before the action's own


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
