"""Scoped reads of the ledger entries: the list and its filters, one entry, its files and the values of its typed fields."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from democracy import selectors as democracy_selectors
from unionhome import scope

from .. import rules
from ..models import LedgerAttachment, LedgerEntry


def entries(user) -> QuerySet[LedgerEntry]:
    return scope.limit(LedgerEntry.objects.select_related("branch", "created_by"), user)


def entry(user, pk) -> LedgerEntry:
    return scope.get_or_404(LedgerEntry.objects.select_related("branch"), user, pk=pk)


def attachment(user, entry_pk, pk) -> LedgerAttachment:
    found = entry(user, entry_pk)
    try:
        return found.attachments.get(pk=pk)
    except LedgerAttachment.DoesNotExist as exc:
        raise Http404 from exc


def units(user) -> QuerySet[Branch]:
    """Active units in the user's scope (the filter and the unit to record an entry at)."""
    return scope.limit(Branch.objects.filter(is_active=True), user, "path").order_by("path")


def filtered(
    user, *, kind: str = "", unit: Branch | None = None, year: int | None = None, quarter: int | None = None
):
    qs = entries(user)
    if kind:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(branch__path__startswith=unit.path)
    if year:
        start, end = rules.period_bounds(year, quarter)
        qs = qs.filter(date__range=(start, end))
    return qs


def timeline(user, branch: Branch, *, limit: int = 15) -> list[LedgerEntry]:
    return list(entries(user).filter(branch__path__startswith=branch.path)[:limit])


def workers_for(branch: Branch) -> QuerySet[Worker]:
    """Workers an entry at ``branch`` may name: the roster of its enterprise (or its own subtree)."""
    root = scope.enterprise_of(branch) or branch
    return Worker.objects.filter(branch__path__startswith=root.path, status=Worker.Status.ACTIVE).order_by(
        "name"
    )


def reference_choices(user, branch: Branch, field: rules.Field) -> list[tuple[int, str]]:
    """The options of a reference field of an entry at ``branch``."""
    root = scope.enterprise_of(branch) or branch
    if field.type == rules.UNIT:
        qs = Branch.objects.filter(path__startswith=branch.path, is_active=True).order_by("path")
        return [(b.pk, b.name) for b in qs]
    if field.type == rules.WORKER:
        return [(w.pk, f"{w.name} · {w.branch.name}") for w in workers_for(branch).select_related("branch")]
    if field.type == rules.TERM:
        qs = democracy_selectors.terms(user).filter(enterprise__path=root.path).order_by("-number")
        return [(t.pk, str(t)) for t in qs]
    qs = democracy_selectors.sessions(user).filter(term__enterprise__path=root.path).order_by("-held_on")
    return [(s.pk, str(s)) for s in qs]


def reference_label(user, field: rules.Field, value) -> str:
    """How a stored reference reads on a page or in an export."""
    if value in (None, ""):
        return ""
    if field.type == rules.UNIT:
        found = Branch.objects.filter(pk=value).values_list("name", flat=True).first()
    elif field.type == rules.WORKER:
        found = Worker.objects.filter(pk=value).values_list("name", flat=True).first()
    elif field.type == rules.TERM:
        found = democracy_selectors.terms(user).filter(pk=value).first()
    else:
        found = democracy_selectors.sessions(user).filter(pk=value).first()
    return str(found) if found is not None else str(value)


def display_value(user, field: rules.Field, value) -> str:
    if value in (None, ""):
        return ""
    if field.type in rules.REFERENCE_TYPES:
        return reference_label(user, field, value)
    if field.type == rules.BOOL:
        return _("yes") if value else _("no")
    if field.type == rules.CHOICE:
        return str(dict(field.choices).get(value, value))
    return str(value)


def details(user, entry: LedgerEntry) -> list[tuple[object, str]]:
    """(label, shown value) of each of the entry's typed fields."""
    spec = entry.kind_spec
    if spec is None:
        return []
    return [(f.label, display_value(user, f, entry.data.get(f.name))) for f in spec.fields]
