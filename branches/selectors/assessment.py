"""Facts of a unit for the assessment: roster rates, committees, funds and leadership group."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import counters, rules
from ..facts import Fact
from ..models import Branch, FundsRemittance, LeadershipGroup, Term
from ._common import thresholds
from .committees import _committee_label
from .funds import FUNDS_STATUS_LABELS, _funds_row
from .rates import as_counts


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Roster facts of a unit's subtree for the assessment (keys: enrolment_rate, card_issuance_rate)."""
    total = as_counts(counters.subtree_totals(branch.path, include_closed=True))
    return {
        # exact fractions: a threshold is compared with the rate itself, never a rounded one
        "enrolment_rate": Fact(
            Fraction(total.members, total.workers) if total.workers > 0 else None,
            _("%(members)s members of %(workers)s active workers")
            % {"members": total.members, "workers": total.workers},
            _("roster"),
        ),
        "card_issuance_rate": Fact(
            Fraction(total.cards, total.members) if total.members > 0 else None,
            _("%(cards)s cards for %(members)s members") % {"cards": total.cards, "members": total.members},
            _("roster"),
        ),
        "active_workers": Fact(total.workers, "", _("roster")),
        "women_workers": Fact(total.women, "", _("roster")),
        **committee_facts(branch=branch, year=year, women=total.women),
    }


def committee_facts(*, branch: Branch, year: int, women: int, today=None) -> dict[str, Fact]:
    """Committee, funds and leadership facts of one unit for the assessment (篇二 §五.4)."""
    t = thresholds()
    today = today or timezone.localdate()
    as_of = min(today, dt.date(year, 12, 31))
    required = rules.required_committees(
        branch.kind,
        women,
        required_by_kind=t["COMMITTEES_REQUIRED"],
        women_body_kinds=t["WOMEN_BODY_KINDS"],
        committee_min=t["WOMEN_COMMITTEE_MIN"],
        group_min=t["WOMEN_GROUP_MIN"],
    )
    terms: dict[str, list[rules.TermDates]] = defaultdict(list)
    for kind, elected_on, start, end in Term.objects.filter(committee__branch=branch).values_list(
        "committee__kind", "elected_on", "start", "end"
    ):
        terms[kind].append(rules.TermDates(elected_on, start, end))
    found = rules.committee_findings(
        required=required, terms=terms, today=as_of, due_soon_days=t["TERM_DUE_SOON_DAYS"]
    )
    incomplete = [f for f in found if f.code in ("missing", "overdue", "not_started")]
    overdue = [f for f in found if f.code == "overdue"]
    required_names = "、".join(_committee_label(k) for k in required)
    source = _("committees")
    facts = {
        "committees_complete": Fact(
            not incomplete,
            _("required: %(names)s; %(count)s without a term in force on %(date)s")
            % {"names": required_names or "—", "count": len(incomplete), "date": as_of},
            source,
        ),
        "committees_in_term": Fact(
            not overdue,
            _("%(count)s committees overdue for re-election on %(date)s")
            % {"count": len(overdue), "date": as_of},
            source,
        ),
    }
    remittance = FundsRemittance.objects.filter(branch=branch, year=year).prefetch_related("payments").first()
    funds_source = _("union funds remittance %(year)s") % {"year": year}
    if remittance is None:
        facts["funds_remitted"] = Fact(None, _("no remittance recorded"), funds_source)
        facts["funds_withheld"] = Fact(None, _("no remittance recorded"), funds_source)
    else:
        row = _funds_row(remittance, today)
        facts["funds_remitted"] = Fact(
            rules.funds_remitted(row.status),
            _("%(paid)s of %(due)s paid; %(status)s")
            % {"paid": row.paid, "due": remittance.amount_due, "status": FUNDS_STATUS_LABELS[row.status]},
            funds_source,
            # pending before the due date is not "not remitted" (篇二 §五.4(5))
            due_on=remittance.due_on if row.status == rules.FundsStatus.PENDING else None,
        )
        facts["funds_withheld"] = Fact(remittance.withheld, remittance.withheld_reason, funds_source)
    group = LeadershipGroup.objects.filter(branch=branch).annotate(n=Count("members")).first()
    facts["leadership_group"] = Fact(
        group is not None and group.n > 0,
        _("%(count)s members") % {"count": group.n} if group else _("no leadership group"),
        _("leadership group"),
    )
    return facts
