"""Officer views of democratic management: the overview page."""

from __future__ import annotations

from django.shortcuts import render

from unionhome.web import office_required

from .. import rules, selectors
from ..models import Proposal
from .common import _year


@office_required
def overview(request):
    year = _year(request)
    proposals = selectors.proposals(request.user)
    stats = selectors.proposal_stats(proposals)
    chart = {
        "kind": "generic",
        "option": {
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [
                        {"name": str(Proposal.State(s).label), "value": n}
                        for s, n in sorted(stats["by_state"].items())
                    ],
                }
            ],
        },
    }
    return render(
        request,
        "democracy/overview.html",
        {
            "year": year,
            "sessions": selectors.sessions(request.user).filter(held_on__year=year),
            "stats": stats,
            "chart": chart,
            "overdue": [
                p
                for p in selectors.with_overdue(proposals.filter(state__in=rules.OPEN_WORK_STATES))
                if p.overdue
            ],
            "expiring": [c for c in selectors.with_expiry(selectors.contracts(request.user)) if c.expiring],
            "abnormal": selectors.petitions(request.user).filter(abnormal=True, received_on__year=year),
        },
    )
