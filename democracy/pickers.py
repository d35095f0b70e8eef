"""The people pickers of democratic management (``unionhome.pickers``; docs/SCALING.md).

Each picker's candidates are what its form accepts, found with the same checks as the form's page.
"""

from __future__ import annotations

from branches.pickers import key_pk, search_workers, worker_label
from unionhome import permissions, pickers

from . import selectors


def _representative_candidates(user, key: str):
    """Active workers of the term's enterprise who do not already represent it (representative_add)."""
    term = selectors.term(user, key_pk(key))
    permissions.require(user, "democracy.manage_congress", term.enterprise)
    return selectors.enterprise_workers(term.enterprise).exclude(representations__term=term)


def _workers_managed_for(name: str):
    def candidates(user, key: str = ""):
        """Active workers of the enterprises where the user may ``name`` (proposal_enter, contest_create)."""
        permissions.require(user, name)
        return selectors.workers_of(selectors.managed_enterprises(user, name))

    return candidates


pickers.register(
    "democracy.representative_candidates",
    candidates=_representative_candidates,
    search=search_workers,
    label=worker_label,
)
pickers.register(
    "democracy.proposal_people",
    candidates=_workers_managed_for("democracy.enter_proposal"),
    search=search_workers,
    label=worker_label,
)
pickers.register(
    "democracy.contest_participants",
    candidates=_workers_managed_for("democracy.record_contest"),
    search=search_workers,
    label=worker_label,
)
