"""The people pickers of the organisation pages, and the worker search every app's pickers use.

Declared with ``unionhome.pickers.register`` (docs/SCALING.md, "People pickers"): each picker's
candidates are the same selector, with the same scope and permission checks, as its form's page.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from unionhome import pickers
from unionhome.masking import mask_id_number
from unionhome.permissions import require

from . import selectors
from .models import Branch, Worker


def key_pk(key: str) -> int:
    """A picker's key as a primary key; anything else is a 404 (as a wrong id in a URL)."""
    key = (key or "").strip()
    if not (key.isascii() and key.isdigit()) or len(key) > 18:
        raise Http404
    return int(key)


def search_workers(workers: QuerySet[Worker], term: str) -> QuerySet[Worker]:
    """By the whole ID number (unique index) or by name (trigram index): ``selectors.search_workers``."""
    return (
        selectors.search_workers(workers, term, numbers=False).select_related("branch").order_by("name", "pk")
    )


def worker_label(worker: Worker) -> str:
    """What a picker shows of a worker: name, unit and the masked ID number."""
    return f"{worker.name} · {worker.branch.name} · {mask_id_number(worker.id_number)}"


def _seat_candidates(user, key: str) -> QuerySet[Worker]:
    branch: Branch = selectors.branch_in_scope(user, key_pk(key))
    require(user, "branches.manage_committees", branch)
    return selectors.seat_candidates(branch)


pickers.register(
    "branches.seat_candidates", candidates=_seat_candidates, search=search_workers, label=worker_label
)


# The roster's unit filter over a large scope (``forms.roster.RosterFilter``): the units the user sees.
def _units(user, key: str) -> QuerySet[Branch]:
    return selectors.visible_branches(user)


def _search_units(units: QuerySet[Branch], term: str) -> QuerySet[Branch]:
    return units.filter(Q(name__icontains=term) | Q(code__iexact=term)).order_by("path")


pickers.register("branches.units", candidates=_units, search=_search_units, label=lambda unit: unit.name)
