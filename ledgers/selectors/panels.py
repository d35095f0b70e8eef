"""The ledger indicators as the office pages show them (the dashboard's panels, a unit's page): a
unit whose subtree holds more than ``UNIONHOME["FINDINGS_LIVE_MAX_UNITS"]`` open units reads them
from the tallies of the last refresh (docs/SCALING.md, "Ledger tallies"), a smaller one computes
them on the request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from branches.models import Branch, FindingRun
from branches.selectors import federation
from unionhome import scope

from ..models import LedgerTally
from . import tallies
from .figures import Indicator, indicators


@dataclass(frozen=True)
class Panel:
    unit: Branch
    indicators: list[Indicator]
    run: FindingRun | None = None  # the refresh whose tallies are shown; None: computed on the request


DASHBOARD_ROOTS = 5


def tallies_run(branch: Branch, year: int) -> FindingRun | None:
    """The finished refresh whose tallies serve a unit's indicators of ``year``, when its subtree
    holds more than ``FINDINGS_LIVE_MAX_UNITS`` open units (one COUNT of at most that many plus
    one) and the table holds that year; None: computed on the request."""
    limit = settings.UNIONHOME["FINDINGS_LIVE_MAX_UNITS"]
    units = Branch.objects.filter(is_active=True, path__startswith=branch.path).order_by().values("pk")
    if units[: limit + 1].count() <= limit:
        return None
    run = federation.findings_run()
    if run is None or not LedgerTally.objects.filter(year=year).exists():
        return None
    return run


def panel(branch: Branch, year: int, *, user=None, today: dt.date | None = None) -> Panel:
    """The ledger indicators of a unit's subtree for its page: from the tallies for a large
    subtree, else computed (with a user, letters and visits in the user's scope)."""
    run = tallies_run(branch, year)
    if run is None:
        return Panel(branch, indicators(branch, year, today=today, user=user))
    return Panel(branch, tallies.indicators(branch, year), run)


def dashboard_panels(user, year: int, *, today: dt.date | None = None) -> list[Panel]:
    """The ledger indicators of each unit at the top of the user's scope (an enterprise officer's
    enterprise, a reviewer's district or province): a few queries per unit whatever the size of
    the tree below (each enterprise's own figures are on its unit page)."""
    roots = scope.branches_for(user)
    qs = Branch.objects.filter(is_active=True)
    qs = qs.filter(depth=1) if roots == [""] else qs.filter(path__in=roots)
    return [panel(unit, year, user=user, today=today) for unit in qs.order_by("path")[:DASHBOARD_ROOTS]]
