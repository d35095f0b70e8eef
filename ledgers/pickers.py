"""The people picker of ledger entries' participants, and the list's unit filter over a federation's
scope (``unionhome.pickers``; docs/SCALING.md)."""

from __future__ import annotations

from django.http import Http404

from branches.pickers import key_pk, search_workers, worker_label
from unionhome import permissions, pickers

from . import selectors


def _participants(user, key: str):
    """The roster an entry at the unit may name, for a keeper who may record entries there."""
    unit = selectors.units(user).filter(pk=key_pk(key)).first()
    if unit is None:
        raise Http404
    permissions.require(user, "ledgers.record_entry", unit)
    return selectors.workers_for(unit)


pickers.register("ledgers.participants", candidates=_participants, search=search_workers, label=worker_label)


# The list's unit filter over a large scope (``views.index``): the active units the filter accepts,
# searched as the roster's unit filter searches them.
def _units(user, key: str):
    return selectors.units(user)


def _search_units(units, term: str):
    return pickers.get("branches.units").search(units, term)


pickers.register("ledgers.units", candidates=_units, search=_search_units, label=lambda unit: unit.name)
