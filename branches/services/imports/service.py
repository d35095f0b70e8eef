"""The roster import's entry points: the preview and the all-or-nothing import."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from unionhome import audit, permissions, scope

from ... import counters, roster_io
from ...exceptions import RosterError, RosterImportRefused
from ...models import Branch
from ..transfers import transfer_start_many
from .common import Claim, ImportPlan, OutsideMatchesRefused
from .planner import Planner


def may_import_roster(user, unit: Branch) -> bool:
    """Roster import into ``unit`` (``branches.import_roster``; the roster jobs ask it)."""
    return permissions.allowed(user, "branches.import_roster", unit)


def _log_outside(actor, unit: Branch, exc: OutsideMatchesRefused) -> None:
    """The refused attempt goes to the access log, under the unit (the federation sees it)."""
    audit.access(
        user=actor,
        kind="view",
        obj=unit,
        detail="roster_import_outside",
        matches=exc.matches,
        rows=exc.rows,
    )


def roster_import_preview(
    *, actor, unit: Branch, rows, progress=None, offer_transfers: bool = False
) -> ImportPlan:
    """What ``roster_import`` would do with these rows, without writing anything.

    With ``offer_transfers`` the rows of workers active on another enterprise's roster are listed
    in ``plan.claims`` (for the officer to choose to start transfers) instead of being problems.
    """
    permissions.require(actor, "branches.import_roster", unit)
    try:
        with Planner(
            actor=actor,
            unit=unit,
            lock=False,
            claimable=None if offer_transfers else frozenset(),
            write=False,
            progress=progress,
        ) as planner:
            return planner.run(rows)
    except OutsideMatchesRefused as exc:
        _log_outside(actor, unit, exc)
        raise


def roster_import(*, actor, unit: Branch, **kwargs) -> ImportPlan:
    """``_roster_import`` (below); a file refused for its matches of other unions' members is
    written to the access log after the import's transaction rolled back."""
    try:
        return _roster_import(actor=actor, unit=unit, **kwargs)
    except OutsideMatchesRefused as exc:
        _log_outside(actor, unit, exc)
        raise


@transaction.atomic
def _roster_import(
    *,
    actor,
    unit: Branch,
    rows,
    mark_missing_as_left: bool = False,
    progress: Callable[[int], None] | None = None,
    start_transfers_for: Collection[int] = (),
) -> ImportPlan:
    """Import roster rows into ``unit``'s subtree, all or nothing, in one transaction.

    Rows are matched by ID number: existing workers of the unit's enterprise are updated, new ones
    created; a file with any problem raises ``RosterImportRefused`` and nothing it wrote stays. The
    rows are read once, checked and written chunk by chunk (see ``planner.Planner``). Workers of the unit
    missing from the file are marked as left only when asked. The unit's enterprise row is locked
    for the duration, so two imports into one enterprise do not interleave.

    A row of a worker active on another enterprise's roster is a problem, unless the worker's pk is
    in ``start_transfers_for`` (the officer chose so in the preview): then the import does not write
    that worker but starts a membership transfer (``transfer_start_many``, state "claimed") that
    the other union's officer releases or refuses; nothing of that worker changes before.
    """
    permissions.require(actor, "branches.import_roster", unit)
    enterprise = scope.enterprise_of(unit) or unit
    Branch.objects.select_for_update().filter(pk=enterprise.pk).first()
    with Planner(
        actor=actor, unit=unit, lock=True, claimable=set(start_transfers_for), write=True, progress=progress
    ) as planner:
        try:
            with transaction.atomic():
                plan = planner.run(rows)
                if plan.problems:
                    raise RosterImportRefused(
                        roster_io.refusal_message(plan.problems), problems=plan.problems
                    )
        except IntegrityError as exc:
            raise RosterError(
                _("The roster changed while the file was imported (another import or edit); try again."),
                code="conflict",
            ) from exc
        if mark_missing_as_left and plan.missing_active:
            planner.mark_missing_as_left()
    # the bulk writes above bypass the model's signals: count the enterprise's units again
    counters.recount(Branch.objects.filter(path__startswith=enterprise.path).values_list("pk", flat=True))
    by_branch: dict[int, list[Claim]] = {}
    for claim in plan.claims:
        by_branch.setdefault(claim.branch.pk, []).append(claim)
    for claims in by_branch.values():
        plan.transfers += transfer_start_many(
            actor=actor,
            workers=[c.worker for c in claims],
            to_unit=claims[0].branch,
            reason=_("On the roster file imported into %(unit)s.") % {"unit": unit.name},
        )
    audit.record(
        actor=actor,
        action="roster.import",
        obj=unit,
        after={
            "rows": plan.total,
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "marked_left": plan.missing_active if mark_missing_as_left else 0,
            "transfers_started": len(plan.transfers),
        },
    )
    return plan
