"""The federation dashboard's reads: one level of the tree at a time, searched, sorted and paged,
with counts from the units' counters; the findings of every app grouped by kind.

The queries of a page do not grow with the number of workers (counters, never the roster) nor
with the number of enterprises (one grouped query for every child of a node).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import scope
from unionhome.templatetags.unionhome import pct

from .. import counters, rules
from ..models import Branch
from .compliance import Finding
from .rates import BranchStats, as_counts, stats_for, tree_stats

SEARCH_LIMIT = 200  # search results counted and sorted at most; refine the search beyond

# The columns a level may be sorted by (the ``sort`` parameter, "-" for descending).
SORTS = ("code", "name", "workers", "members", "enrolment", "cards", "women")
DEFAULT_SORT = "code"

# The kinds of finding of the rates (the other apps name theirs in FINDING_LABELS).
RATE_FINDING_LABELS = {
    "enrolment_below": gettext_lazy("Enrolment rate below the target"),
    "cards_below": gettext_lazy("Card issuance rate below the target"),
}


def parse_sort(value: str | None) -> str:
    """A known sort column (with an optional "-"); anything else is the default."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORTS else DEFAULT_SORT


def _sort_key(column: str):
    def rate(value: Decimal | None) -> Decimal:
        return Decimal(-1) if value is None else value

    return {
        "code": lambda r: r.branch.code,
        "name": lambda r: r.branch.name,
        "workers": lambda r: r.total.workers,
        "members": lambda r: r.total.members,
        "enrolment": lambda r: rate(r.enrolment_rate),
        "cards": lambda r: rate(r.card_issuance_rate),
        "women": lambda r: r.total.women,
    }[column]


def sort_rows(rows: list[BranchStats], sort: str) -> list[BranchStats]:
    column = sort.lstrip("-")
    return sorted(rows, key=_sort_key(column), reverse=sort.startswith("-"))


def scope_top(user) -> list[Branch]:
    """The open units at the top of the user's scope (an administrator: the roots of the tree)."""
    paths = scope.branches_for(user)
    if not paths:
        return []
    qs = Branch.objects.filter(is_active=True)
    qs = qs.filter(depth=1) if paths == [""] else qs.filter(path__in=paths)
    return list(qs.order_by("path"))


def _rows(nodes: list[Branch], totals: dict[str, dict[str, int]], level: int) -> list[BranchStats]:
    own = counters.own_counts([b.pk for b in nodes])
    zero = counters.ZERO
    return [
        stats_for(b, as_counts(totals.get(b.path, zero)), as_counts(own.get(b.pk, zero)), level)
        for b in nodes
    ]


def level_rows(user, parent: Branch | None, sort: str = DEFAULT_SORT) -> list[BranchStats]:
    """The open children of ``parent`` (already in the user's scope), or the top of the scope,
    each with its subtree's counts and rates: three queries, whatever the size of the level."""
    if parent is None:
        nodes = scope_top(user)
        return sort_rows(_rows(nodes, counters.totals_of([b.path for b in nodes]), 0), sort)
    nodes = list(
        Branch.objects.filter(path__startswith=parent.path, depth=parent.depth + 1, is_active=True).order_by(
            "path"
        )
    )
    return sort_rows(_rows(nodes, counters.child_totals(parent), 1), sort)


def search_rows(user, query: str, sort: str = DEFAULT_SORT) -> tuple[list[BranchStats], bool]:
    """Open units of the user's scope whose name or code holds ``query`` (at most SEARCH_LIMIT,
    and whether there were more), each with its subtree's counts and rates."""
    code = rules.normalise_code(query)
    matches = scope.limit(
        Branch.objects.filter(Q(name__icontains=query) | Q(code__icontains=code), is_active=True),
        user,
        "path",
    ).order_by("path")[: SEARCH_LIMIT + 1]
    nodes = list(matches)
    more = len(nodes) > SEARCH_LIMIT
    nodes = nodes[:SEARCH_LIMIT]
    return sort_rows(_rows(nodes, counters.totals_of([b.path for b in nodes]), 0), sort), more


def breadcrumbs(user, node: Branch) -> list[Branch]:
    """The units from the top of the user's scope down to ``node``."""
    tops = scope.branches_for(user)
    paths = [p for p in node.ancestor_paths() if any(p.startswith(t) for t in tops)]
    return list(Branch.objects.filter(path__in=paths).order_by("path"))


# --- findings, grouped by kind ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one kind: how many, how serious, the first few."""

    code: str
    label: str
    severity: str
    count: int
    first: list[Finding]


def _rate_findings(rows: list[BranchStats]) -> list[Finding]:
    result = []
    for r in rows:
        if r.enrolment_ok is False:
            message = _("enrolment rate %(rate)s is below the target") % {"rate": pct(r.enrolment_rate)}
            result.append(Finding(r.branch, "enrolment_below", message, r.branch.get_absolute_url()))
        if r.cards_ok is False:
            message = _("card issuance rate %(rate)s is below the target") % {
                "rate": pct(r.card_issuance_rate)
            }
            result.append(Finding(r.branch, "cards_below", message, r.branch.get_absolute_url()))
    return result


def finding_labels() -> dict[str, str]:
    labels = dict(RATE_FINDING_LABELS)
    for dotted in settings.UNIONHOME_FINDING_PROVIDERS:
        labels.update(import_string(f"{dotted}.FINDING_LABELS"))
    return labels


def all_findings(
    user, root: Branch | None = None, *, rate_rows: list[BranchStats] | None = None
) -> list[Finding]:
    """The findings of the rates and of every provider (``settings.UNIONHOME_FINDING_PROVIDERS``:
    modules with ``findings(user, root)`` and ``FINDING_LABELS``), in the user's scope
    (``rate_rows``: the ``tree_stats`` of that scope, when the caller has them already)."""
    result = _rate_findings(rate_rows if rate_rows is not None else tree_stats(user, root))
    for dotted in settings.UNIONHOME_FINDING_PROVIDERS:
        result += import_string(f"{dotted}.findings")(user, root)
    return result


def group_findings(findings: list[Finding], *, first: int = 5) -> list[FindingGroup]:
    """One group per kind, the serious ones first, then the largest."""
    labels = finding_labels()
    by_code: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_code[f.code].append(f)
    groups = [
        FindingGroup(
            code,
            str(labels.get(code, code)),
            "danger" if any(f.severity == "danger" for f in items) else "warning",
            len(items),
            items[:first],
        )
        for code, items in by_code.items()
    ]
    return sorted(groups, key=lambda g: (g.severity != "danger", -g.count, g.code))


def findings_of_kind(user, code: str, query: str = "") -> list[Finding]:
    """The findings of one kind (an unknown kind: none), optionally of units whose name or code
    holds ``query``, in the order of the tree."""
    if code not in finding_labels():
        return []
    found = [f for f in all_findings(user) if f.code == code]
    if query:
        needle = query.casefold()
        found = [f for f in found if needle in f.branch.name.casefold() or needle in f.branch.code.casefold()]
    return sorted(found, key=lambda f: f.branch.path)
