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

The package's modules: ``declarations`` (``Workflow``, ``Step``, ``SYSTEM``), ``engine`` (``apply``
and the errors it raises), ``records`` (the abstract ``TransitionRecord``) and ``diagrams`` (the
registry, Mermaid and ``docs/workflows.md``); every public name is importable from the package.
Audit, scope and permissions are imported where they are used: concrete transition models import
the package while the apps' models are still loading.
"""

from __future__ import annotations

from .declarations import ANY, SYSTEM, Step, Workflow
from .diagrams import (
    DIAGRAMS_PATH,
    DOCUMENT_HEADER,
    all_problems,
    all_workflows,
    diagram_difference,
    register,
    render_document,
    to_mermaid,
)
from .engine import (
    AvailableAction,
    Move,
    ReasonRequired,
    StateConflict,
    UnknownAction,
    WorkflowError,
    apply,
    available_actions,
    find_step,
    labelled,
    may_take,
    record_start,
)
from .records import TransitionRecord

__all__ = [
    "DIAGRAMS_PATH",
    "DOCUMENT_HEADER",
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
