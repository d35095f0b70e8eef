"""The federation dashboard's reads: one level of the tree at a time, searched, sorted and paged,
with counts from the units' counters; the findings of every app grouped by kind.

The queries of a page do not grow with the number of workers (counters, never the roster) nor
with the number of enterprises (one grouped query for every child of a node).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import paging, scope
from unionhome.templatetags.unionhome import pct

from .. import counters, rules
from ..models import Branch, FindingCount, FindingRecord, FindingRun
from ._common import in_copied_scope
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


def _rate(value: Decimal | None) -> Decimal:
    return Decimal(-1) if value is None else value


def _sort_key(column: str):
    return {
        "code": lambda r: r.branch.code,
        "name": lambda r: r.branch.name,
        "workers": lambda r: r.total.workers,
        "members": lambda r: r.total.members,
        "enrolment": lambda r: _rate(r.enrolment_rate),
        "cards": lambda r: _rate(r.card_issuance_rate),
        "women": lambda r: r.total.women,
    }[column]


def sort_rows(rows: list[BranchStats], sort: str) -> list[BranchStats]:
    column = sort.lstrip("-")
    return sorted(rows, key=_sort_key(column), reverse=sort.startswith("-"))


def _key_sort_key(column: str, totals: dict[str, dict[str, int]]):
    """The sort key of a child's ``(pk, path, code, name)`` as ``_sort_key`` of its row."""
    zero = counters.ZERO

    def total(path: str) -> dict[str, int]:
        return totals.get(path, zero)

    return {
        "path": lambda k: k[1],
        "code": lambda k: k[2],
        "name": lambda k: k[3],
        "workers": lambda k: total(k[1])["workers"],
        "members": lambda k: total(k[1])["members"],
        "enrolment": lambda k: _rate(rules.enrolment_rate(total(k[1])["members"], total(k[1])["workers"])),
        "cards": lambda k: _rate(rules.card_issuance_rate(total(k[1])["cards"], total(k[1])["members"])),
        "women": lambda k: total(k[1])["women"],
    }[column]


# The sorts a level reads in SQL, by the keyset of ``unionhome.paging`` (the unit's own columns, the
# primary key last); the others (the subtree's counts and rates) are computed for the whole level.
SQL_SORTS = {"path": ("path", "id"), "code": ("code", "id"), "name": ("name", "id")}


def _row_key(column: str):
    """The unique key of a ``BranchStats`` row in the order of ``column`` (ties by the tree's order)."""
    by = _sort_key(column)
    return lambda r: (by(r), r.branch.path)


def page_rows(request, rows: list[BranchStats], sort: str, *, name: str, size: int):
    """A keyset page of rows already computed (the top of a scope, a search), in the order of ``sort``."""
    column = sort.lstrip("-")
    ordered = sort_rows(sorted(rows, key=lambda r: r.branch.path), sort)
    return paging.page_list(
        request,
        ordered,
        key=_row_key(column),
        descending=(sort.startswith("-"), False),
        name=f"{name}.{sort}",
        size=size,
    )


class LevelRows:
    """The children of one unit, sorted and paged by keyset (``page``). By a column of the unit
    (``SQL_SORTS``), the page is read in SQL (``size + 1`` children after the cursor, on the index of
    the path) and its subtree counts summed for those units only; by a count or a rate, every child's
    key (four columns) and its subtree's counts (one grouped SUM of the counters) are read, and the
    units and their rates only for the page shown. The queries of a page do not grow with the number
    of children or of units below them.

    ``sort`` is a column of ``SORTS`` (or ``"path"``: the order of the tree); ``include_closed``
    lists closed children too (the unit page), each with its closed units' counts.
    """

    def __init__(self, parent: Branch, sort: str = DEFAULT_SORT, *, include_closed: bool = False, level=1):
        self.parent, self.sort, self.include_closed, self.level = parent, sort, include_closed, level
        self._totals: dict[str, dict[str, int]] = {}

    def children(self):
        parent = self.parent
        children = Branch.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        return children if self.include_closed else children.filter(is_active=True)

    def page(self, request, *, size: int, name: str = "branches.level"):
        """The page at the request's ``?cursor=`` (a cursor of another sort or list: 400)."""
        column, down = self.sort.lstrip("-"), self.sort.startswith("-")
        name = f"{name}.{self.sort}"
        if column in SQL_SORTS:
            children = self.children()
            order = [f"-{key}" if down else key for key in SQL_SORTS[column]]
            result = paging.page(request, children, order=order, name=name, size=size, total=children.count)
            units = result.object_list
            totals = counters.totals_of([b.path for b in units], include_closed=self.include_closed)
            result.object_list = self._stats(units, totals)
            return result
        keys = list(self.children().order_by("path").values_list("pk", "path", "code", "name"))
        self._totals = counters.child_totals(self.parent, include_closed=self.include_closed)
        by = _key_sort_key(column, self._totals)
        keys.sort(key=by, reverse=down)
        return paging.page_list(
            request,
            keys,
            key=lambda k: (by(k), k[1]),
            descending=(down, False),
            name=name,
            size=size,
            load=self._load,
        )

    def _stats(self, units: list[Branch], totals: dict[str, dict[str, int]]) -> list[BranchStats]:
        own = counters.own_counts([b.pk for b in units])
        zero = counters.ZERO
        return [
            stats_for(b, as_counts(totals.get(b.path, zero)), as_counts(own.get(b.pk, zero)), self.level)
            for b in units
        ]

    def _load(self, keys: list[tuple[int, str, str, str]]) -> list[BranchStats]:
        units = Branch.objects.in_bulk([k[0] for k in keys])
        return self._stats([units[k[0]] for k in keys], self._totals)


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


def level_page(request, user, parent: Branch | None, sort: str = DEFAULT_SORT, *, size: int, level: int = 1):
    """A keyset page of the open children of ``parent`` (already in the user's scope), or of the
    top of the scope, each with its subtree's counts and rates."""
    if parent is None:
        nodes = scope_top(user)
        rows = _rows(nodes, counters.totals_of([b.path for b in nodes]), 0)
        return page_rows(request, rows, sort, name="branches.top", size=size)
    return LevelRows(parent, sort, level=level).page(request, size=size)


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


# --- findings of a large scope: the table the refresh keeps (docs/SCALING.md, "Findings") ----------------


def scope_is_large(user) -> bool:
    """Does the user's scope hold more open units than ``FINDINGS_LIVE_MAX_UNITS``? (one COUNT of
    at most that many rows plus one)"""
    limit = settings.UNIONHOME["FINDINGS_LIVE_MAX_UNITS"]
    units = scope.limit(Branch.objects.filter(is_active=True), user, "path").order_by()
    return units.values("pk")[: limit + 1].count() > limit


def findings_run() -> FindingRun | None:
    """The run whose rows the table holds (the newest finished one), if any."""
    return FindingRun.objects.filter(status=FindingRun.Status.DONE).order_by("-finished_at", "-pk").first()


def findings_pending() -> FindingRun | None:
    """A run queued or running, younger than the refresh interval (an older one is given up on)."""
    minutes = settings.UNIONHOME["FINDINGS_REFRESH_MINUTES"]
    return (
        FindingRun.objects.filter(
            status__in=(FindingRun.Status.QUEUED, FindingRun.Status.RUNNING),
            created_at__gte=timezone.now() - dt.timedelta(minutes=minutes),
        )
        .order_by("-created_at")
        .first()
    )


def findings_failure(run: FindingRun | None) -> FindingRun | None:
    """The newest failed run, when it ended after ``run`` (the rows shown are older than it)."""
    failed = FindingRun.objects.filter(status=FindingRun.Status.FAILED)
    if run is not None:
        failed = failed.filter(finished_at__gt=run.finished_at)
    return failed.order_by("-finished_at", "-pk").first()


def table_language() -> str:
    """The language of the rows to read: the active one, or the site's default."""
    known = [code for code, _name in settings.LANGUAGES]
    language = translation.get_language() or settings.LANGUAGE_CODE
    for candidate in (language, language.split("-")[0]):
        if candidate in known:
            return candidate
    return settings.LANGUAGE_CODE


def table_findings(user, code: str | None = None):
    """The table's findings in the user's scope (of one kind): by the copied path (an index range)
    and by the unit's current path and state (a unit moved or closed since the computation)."""
    return _table_rows(scope.branches_for(user), code)


def _table_rows(paths: list[str], code: str | None = None):
    """``table_findings`` of the subtrees of ``paths`` (``[""]``: the whole tree)."""
    qs = in_copied_scope(
        FindingRecord.objects.filter(language=table_language(), branch__is_active=True), paths
    )
    return qs if code is None else qs.filter(code=code)


def table_groups(user, *, first: int = 5) -> list[FindingGroup]:
    """``group_findings`` of the table's rows in the user's scope: the counts of ``table_counts``,
    then the first few of each kind present (one bounded query per kind)."""
    labels = finding_labels()
    scoped = table_findings(user)
    groups = []
    for code, (count, danger) in table_counts(user).items():
        firsts = list(scoped.filter(code=code).select_related("branch").order_by("position")[:first])
        groups.append(
            FindingGroup(
                code,
                str(labels.get(code, code)),
                "danger" if danger else "warning",
                count,
                [Finding(r.branch, r.code, r.message, r.url, r.severity) for r in firsts],
            )
        )
    return sorted(groups, key=lambda g: (g.severity != "danger", -g.count, g.code))


def table_counts(user) -> dict[str, tuple[int, int]]:
    """Per kind present, how many of the table's findings the user's scope holds and how many of
    them are serious. Each root of the scope that the refresh counted (a federation, at the path it
    still has) is read from its ``FindingCount`` rows: one query of a few rows per root and kind,
    whatever the size of the tree below. A root it did not count (an enterprise, a unit created or
    moved since the computation) is a grouped COUNT of its rows, bounded by its own subtree."""
    paths = scope.branches_for(user)
    if not paths:
        return {}
    if paths == [""]:
        paths = list(Branch.objects.filter(depth=1).values_list("path", flat=True))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    counted = set()
    rows = FindingCount.objects.filter(
        language=table_language(), path__in=paths, branch__path=F("path")
    ).values_list("path", "code", "count", "danger")
    for path, code, count, danger in rows:
        counted.add(path)
        if code:
            totals[code][0] += count
            totals[code][1] += danger
    rest = [p for p in paths if p not in counted]
    if rest:
        grouped = (
            _table_rows(rest)
            .order_by()
            .values("code")
            .annotate(n=Count("pk"), danger=Count("pk", filter=Q(severity="danger")))
        )
        for row in grouped:
            totals[row["code"]][0] += row["n"]
            totals[row["code"]][1] += row["danger"]
    return {code: (count, danger) for code, (count, danger) in totals.items() if count}


# The order of a kind's findings from the table: the tree's, then the computation's (index
# ``finding_kind_list_order``), for ``unionhome.paging``'s keyset.
TABLE_ORDER = ("path", "position", "id")


def table_findings_of_kind(user, code: str, query: str = ""):
    """``findings_of_kind`` from the table: a queryset of its rows (``branch``, ``code``,
    ``message``, ``url``, ``severity``) in ``TABLE_ORDER``, for a keyset page."""
    if code not in finding_labels():
        return FindingRecord.objects.none()
    qs = table_findings(user, code)
    if query:
        qs = qs.filter(Q(branch__name__icontains=query) | Q(branch__code__icontains=query))
    return qs.select_related("branch").order_by(*TABLE_ORDER)
