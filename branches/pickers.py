"""The people pickers of the organisation pages, and the worker search every app's pickers use.

Declared with ``unionhome.pickers.register`` (docs/SCALING.md, "People pickers"): each picker's
candidates are the same selector, with the same scope and permission checks, as its form's page.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.http import Http404

from unionhome import pickers
from unionhome.masking import mask_id_number
from unionhome.permissions import require

from . import selectors
from .models import Branch, Worker
from .rules.identity import normalise_code, normalise_id_number

# A term that is an ID number (18 characters, or the old 15 digits): looked up by the unique index.
_ID_NUMBER = re.compile(r"^(\d{17}[\dX]|\d{15})$")


def key_pk(key: str) -> int:
    """A picker's key as a primary key; anything else is a 404 (as a wrong id in a URL)."""
    key = (key or "").strip()
    if not (key.isascii() and key.isdigit()) or len(key) > 18:
        raise Http404
    return int(key)


def looks_like_id_number(term: str) -> bool:
    return bool(_ID_NUMBER.match(normalise_id_number(term)))


def search_workers(workers: QuerySet[Worker], term: str) -> QuerySet[Worker]:
    """Workers whose name contains the term, or the one whose ID number is the term.

    An ID number is an equality on the unique index, never ``contains``; a name is a ``contains``
    served on PostgreSQL by the trigram index ``worker_name_trgm`` (three characters or more; a
    two-character name is a scan of the candidates, already narrowed to a unit's subtree).
    """
    if looks_like_id_number(term):
        return workers.filter(id_number=normalise_id_number(term)).select_related("branch")
    term = normalise_code(term) if term.isascii() else term
    return workers.filter(name__contains=term).select_related("branch").order_by("name", "pk")


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
