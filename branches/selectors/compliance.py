"""Findings: what each unit lacks or has overdue in committees, workshop posts, leadership group and funds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import scope

from .. import rules
from ..models import Branch, LeadershipGroup, Term, WorkshopPost
from ._common import _in_subtree, thresholds
from .committees import _committee_label
from .funds import FundsRow, funds_rows
from .rates import stats_of, tree_stats

# What each kind of finding is, for the dashboard's groups (branches.selectors.federation).
FINDING_LABELS = {
    "committee_missing": gettext_lazy("Committee not elected"),
    "committee_overdue": gettext_lazy("Re-election overdue"),
    "committee_due_soon": gettext_lazy("Re-election due soon"),
    "committee_not_started": gettext_lazy("No committee term in force"),
    "committee_not_together": gettext_lazy("Committees not elected together"),
    "posts_missing": gettext_lazy("Workshop posts not set up"),
    "posts_vacant": gettext_lazy("Vacant workshop posts"),
    "leadership_missing": gettext_lazy("No home-building leadership group"),
    "funds_missing": gettext_lazy("Union funds remittance not recorded"),
    "funds_withheld": gettext_lazy("Union funds withheld"),
    "funds_outstanding": gettext_lazy("Union funds outstanding"),
    "funds_late": gettext_lazy("Union funds remitted late"),
}


@dataclass(frozen=True)
class Finding:
    """One thing missing or wrong, where (the unit and a link to fix it) and how serious."""

    branch: Branch
    code: str
    message: str
    url: str
    severity: str = "warning"  # "danger" for what disqualifies or is overdue


def _committee_message(f: rules.CommitteeFinding, women: int) -> tuple[str, str]:
    if f.code == "missing":
        if f.committee in (rules.WOMEN_COMMITTEE, rules.WOMEN_GROUP):
            return "danger", _("no %(committee)s although it has %(women)s women workers") % {
                "committee": _committee_label(f.committee),
                "women": women,
            }
        return "danger", _("no %(committee)s has been elected") % {"committee": _committee_label(f.committee)}
    if f.code == "overdue":
        return "danger", _(
            "the term of the %(committee)s ended on %(date)s: re-election overdue by %(days)s days"
        ) % {"committee": _committee_label(f.committee), "date": f.date, "days": f.days}
    if f.code == "due_soon":
        return "warning", _("the term of the %(committee)s ends on %(date)s (in %(days)s days): re-elect") % {
            "committee": _committee_label(f.committee),
            "date": f.date,
            "days": f.days,
        }
    if f.code == "not_started":
        return "warning", _("the %(committee)s has no term in force until %(date)s") % {
            "committee": _committee_label(f.committee),
            "date": f.date,
        }
    dates = "、".join(f"{_committee_label(k)} {d}" for k, d in f.elected)
    return "warning", _("the committees were not elected together at the last election (%(dates)s)") % {
        "dates": dates
    }


def _funds_message(row: FundsRow | None, year: int) -> tuple[str, str, str] | None:
    if row is None:
        return (
            "funds_missing",
            "warning",
            _("no union funds remittance recorded for %(year)s") % {"year": year},
        )
    r = row.remittance
    if row.status == rules.FundsStatus.WITHHELD:
        return (
            "funds_withheld",
            "danger",
            _("union funds %(year)s withheld: %(reason)s")
            % {
                "year": r.year,
                "reason": r.withheld_reason,
            },
        )
    if row.status == rules.FundsStatus.OUTSTANDING:
        return (
            "funds_outstanding",
            "danger",
            _("union funds %(year)s outstanding: %(paid)s of %(due)s paid, due on %(date)s")
            % {"year": r.year, "paid": row.paid, "due": r.amount_due, "date": r.due_on},
        )
    if row.status == rules.FundsStatus.LATE:
        return (
            "funds_late",
            "warning",
            _("union funds %(year)s remitted late: in full on %(paid_on)s, due on %(date)s")
            % {
                "year": r.year,
                "paid_on": row.paid_in_full_on,
                "date": r.due_on,
            },
        )
    return None


def findings(user, root: Branch | None = None, *, today=None, year: int | None = None) -> list[Finding]:
    """Every committee, workshop-post, leadership-group and funds finding of the visible subtree.

    A constant number of queries whatever the size of the tree: the roll-ups of ``tree_stats``
    (two) and one query each for committees' terms, workshop posts, leadership groups and funds
    (with payments).
    """
    return _findings(user, tree_stats(user, root), root, today=today, year=year)


def unit_findings(user, branch: Branch, *, today=None, year: int | None = None) -> list[Finding]:
    """The findings of one unit itself (its page's section), from its subtree's counters and its own
    committees, posts, group and funds: a constant number of queries whatever its subtree holds."""
    if not branch.is_active:
        return []
    return _findings(
        user, [stats_of(user, branch, include_closed=False)], branch, today=today, year=year, only=branch
    )


def _findings(user, rows, root: Branch | None, *, today, year, only: Branch | None = None) -> list[Finding]:
    t = thresholds()
    today = today or timezone.localdate()
    year = year or today.year
    terms_qs = _in_subtree(
        scope.limit(Term.objects.all(), user, "committee__branch__path"), root, "committee__branch__path"
    )
    posts_qs = _in_subtree(scope.limit(WorkshopPost.objects.all(), user), root)
    groups_qs = _in_subtree(scope.limit(LeadershipGroup.objects.all(), user), root)
    if only is not None:
        terms_qs = terms_qs.filter(committee__branch=only)
        posts_qs, groups_qs = posts_qs.filter(branch=only), groups_qs.filter(branch=only)
    terms: dict[int, dict[str, list[rules.TermDates]]] = defaultdict(lambda: defaultdict(list))
    for branch_id, kind, elected_on, start, end in terms_qs.values_list(
        "committee__branch_id", "committee__kind", "elected_on", "start", "end"
    ):
        terms[branch_id][kind].append(rules.TermDates(elected_on, start, end))
    posts: dict[int, list[str]] = defaultdict(list)
    vacant: dict[int, list[str]] = defaultdict(list)
    for branch_id, post, holder_id in posts_qs.values_list("branch_id", "post", "holder_id"):
        posts[branch_id].append(post)
        if holder_id is None:
            vacant[branch_id].append(post)
    groups = set(groups_qs.values_list("branch_id", flat=True))
    funds = {
        row.remittance.branch_id: row
        for row in funds_rows(user, year=year, root=None if only else root, branch=only, today=today)
    }

    result: list[Finding] = []
    for row in rows:
        b = row.branch
        required = rules.required_committees(
            b.kind,
            row.total.women,
            required_by_kind=t["COMMITTEES_REQUIRED"],
            women_body_kinds=t["WOMEN_BODY_KINDS"],
            committee_min=t["WOMEN_COMMITTEE_MIN"],
            group_min=t["WOMEN_GROUP_MIN"],
        )
        committees_url = reverse("branches:unit_committees", args=[b.pk])
        for f in rules.committee_findings(
            required=required, terms=terms.get(b.pk, {}), today=today, due_soon_days=t["TERM_DUE_SOON_DAYS"]
        ):
            severity, message = _committee_message(f, row.total.women)
            result.append(Finding(b, f"committee_{f.code}", message, committees_url, severity))
        if b.kind in t["WORKSHOP_POST_KINDS"]:
            posts_url = reverse("branches:unit_posts", args=[b.pk])
            if not posts.get(b.pk):
                result.append(
                    Finding(
                        b,
                        "posts_missing",
                        _("the workshop posts (two heads and six officers) are not set up"),
                        posts_url,
                    )
                )
            elif vacant.get(b.pk):
                names = "、".join(str(WorkshopPost.Post(p).label) for p in vacant[b.pk])
                result.append(
                    Finding(
                        b, "posts_vacant", _("vacant workshop posts: %(posts)s") % {"posts": names}, posts_url
                    )
                )
        if b.kind in t["LEADERSHIP_GROUP_KINDS"] and b.pk not in groups:
            result.append(
                Finding(
                    b,
                    "leadership_missing",
                    _("no home-building leadership group"),
                    reverse("branches:leadership", args=[b.pk]),
                )
            )
        if b.kind in t["FUNDS_REMITTING_KINDS"]:
            outcome = _funds_message(funds.get(b.pk), year)
            if outcome:
                code, severity, message = outcome
                result.append(
                    Finding(b, code, message, reverse("branches:unit_funds", args=[b.pk]), severity)
                )
    return result
