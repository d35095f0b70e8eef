"""Reads of the roster: the workers one may see, the roster list and its export, roster jobs."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from unionhome import scope

from .. import rules
from ..models import Appointment, Branch, Worker
from .tree import visible_branches

# A term that is a whole ID number (18 characters, or the old 15 digits).
_ID_NUMBER = re.compile(r"^(\d{17}[\dX]|\d{15})$")


def search_workers(workers: QuerySet[Worker], term: str, *, numbers: bool = True) -> QuerySet[Worker]:
    """The workers a search term finds, each kind of term by its index (docs/SCALING.md).

    A whole ID number: equality on the unique index, never ``contains``. Digits only (with
    ``numbers``): a card or phone number, equality on their indexes. Anything else: the name
    contains it (``UPPER(name) LIKE``, served on PostgreSQL by the trigram index
    ``worker_name_trgm`` from three characters), or with ``numbers`` the card number is it.
    """
    term = rules.normalise_text(term)
    if not term:
        return workers
    code = rules.normalise_code(term)  # numbers typed in full width still match
    if _ID_NUMBER.match(rules.normalise_id_number(term)):
        return workers.filter(id_number=rules.normalise_id_number(term))
    if not numbers:
        return workers.filter(name__icontains=term)
    if code.isascii() and code.isdigit():
        return workers.filter(Q(card_number=code) | Q(phone=code))
    return workers.filter(Q(name__icontains=term) | Q(card_number=code))


def roster_units(user) -> QuerySet[Branch]:
    """Open units whose roster the user may edit: below a branch or union officer's appointment."""
    return scope.limit(Branch.objects.filter(is_active=True), user, "path", *scope.OFFICER_ROLES).order_by(
        "path"
    )


def workers(user) -> QuerySet[Worker]:
    """Every roster entry the user may see, with its unit loaded."""
    return scope.limit(Worker.objects.select_related("branch"), user)


def worker_in_scope(user, pk) -> Worker:
    return scope.get_or_404(Worker.objects.select_related("branch"), user, pk=pk)


def own_worker(user) -> Worker | None:
    """The roster entry linked to a portal user, with its unit."""
    if not getattr(user, "is_authenticated", False) or not user.worker_id:
        return None
    return Worker.objects.select_related("branch").get(pk=user.worker_id)


def roster_filtered(user, query) -> tuple:
    """The roster list as the user sees it with the list's filters (GET parameters) applied."""
    from ..forms.roster import RosterFilter

    flt = RosterFilter(query or None, queryset=workers(user), branches=visible_branches(user))
    return flt, flt.qs


def roster_total(user, flt) -> int | None:
    """The roster list's exact total when the counters give it, else None (the list then counts at
    most ``paging.COUNT_CAP`` rows). The counters hold each unit's active workers, so the total is
    theirs only for the list filtered on "active" and nothing else; one query along the paths."""
    from .. import counters

    if not flt.is_bound or not flt.form.is_valid():
        return None
    used = {k: v for k, v in flt.form.cleaned_data.items() if v not in (None, "")}
    if used != {"status": Worker.Status.ACTIVE}:
        return None
    roots = scope.branches_for(user)
    return sum(counters.subtree_totals(root, include_closed=True)["workers"] for root in roots)


def roster_for_export(user, query) -> QuerySet[Worker]:
    return roster_filtered(user, query)[1]


def import_units(user) -> QuerySet[Branch]:
    """Active units a user may import a roster into (union officers' enterprises and below)."""
    paths = scope.branches_for(user, Appointment.Role.UNION_OFFICER)
    return (
        Branch.objects.filter(scope.q_for(paths, "path"), is_active=True)
        .exclude(kind__in=Branch.FEDERATION_KINDS)
        .order_by("path")
    )


def roster_jobs(user) -> QuerySet:
    from ..models import RosterJob

    return RosterJob.objects.filter(created_by=user).select_related("unit")


def roster_job_of(user, pk) -> object:
    """A roster job of the user's own (anyone else's: 404)."""
    return scope.get_or_404(roster_jobs(user), user, None, pk=pk)


def unit_by_code(code: str) -> Branch | None:
    """A unit by its code (management commands; their user's scope is checked by the services)."""
    return Branch.objects.filter(code=rules.normalise_code(code)).first()


def command_user(username: str = ""):
    """The user a management command acts as: the named one, or the first active superuser."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    if username:
        return users.filter(username=username).first()
    return users.filter(is_superuser=True).order_by("pk").first()


def roster_job_for_task(pk: int):
    """A roster job with what its background task needs (the task acts as the job's creator)."""
    from ..models import RosterJob

    return RosterJob.objects.select_related("unit", "created_by").get(pk=pk)
