"""Reads of the organisation: scoped querysets and roll-ups. Never writes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import scope
from unionhome.models import AccessLog, AuditEvent

from . import rules
from .facts import Fact
from .models import (
    Appointment,
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    MembershipTransfer,
    Term,
    TransferTransition,
    Worker,
    WorkshopPost,
)

Role = Appointment.Role


def thresholds() -> dict:
    return settings.UNIONHOME


def visible_branches(user) -> QuerySet[Branch]:
    return scope.limit(Branch.objects.all(), user, path="path").order_by("path")


def roster_units(user) -> QuerySet[Branch]:
    """Open units whose roster the user may edit: below a branch or union officer's appointment."""
    return scope.limit(Branch.objects.filter(is_active=True), user, "path", *scope.OFFICER_ROLES).order_by(
        "path"
    )


def move_targets(user, branch: Branch) -> QuerySet[Branch]:
    """Open units an officer may move ``branch`` under: in their scope, of a kind that may hold it,
    and not inside the branch itself."""
    kinds = [parent for parent, children in rules.CHILD_KINDS.items() if branch.kind in children]
    units = Branch.objects.filter(is_active=True, kind__in=kinds).exclude(path__startswith=branch.path)
    return scope.limit(units, user, "path", *scope.OFFICER_ROLES).order_by("path")


def branch_in_scope(user, pk) -> Branch:
    return scope.get_or_404(Branch.objects.all(), user, path="path", pk=pk)


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


def appointments_at(branch: Branch) -> QuerySet[Appointment]:
    return Appointment.objects.filter(branch=branch).select_related("user").order_by("role", "start")


@dataclass(frozen=True)
class BranchStats:
    """Rates of one node over its subtree (and of its own rows)."""

    branch: Branch
    level: int  # depth below the top of the view
    own: rules.Counts
    total: rules.Counts
    enrolment_rate: Decimal | None
    card_issuance_rate: Decimal | None
    enrolment_ok: bool | None
    cards_ok: bool | None
    women_body: rules.WomenBody

    @property
    def below_threshold(self) -> bool:
        return self.enrolment_ok is False or self.cards_ok is False


def _counts_by_branch(worker_qs: QuerySet[Worker]) -> dict[int, rules.Counts]:
    rows = (
        worker_qs.filter(status=Worker.Status.ACTIVE)
        .order_by()
        .values("branch_id")
        .annotate(
            workers=Count("id"),
            members=Count("id", filter=Q(is_member=True)),
            cards=Count("id", filter=Q(is_member=True, card_issued=True)),
            women=Count("id", filter=Q(gender=Worker.Gender.FEMALE)),
        )
    )
    return {r["branch_id"]: rules.Counts(r["workers"], r["members"], r["cards"], r["women"]) for r in rows}


def stats_for(branch: Branch, total: rules.Counts, own: rules.Counts, level: int = 0) -> BranchStats:
    t = thresholds()
    return BranchStats(
        branch=branch,
        level=level,
        own=own,
        total=total,
        enrolment_rate=rules.enrolment_rate(total.members, total.workers),
        card_issuance_rate=rules.card_issuance_rate(total.cards, total.members),
        enrolment_ok=rules.exact_ratio_meets(total.members, total.workers, t["ENROLMENT_TARGET"]),
        cards_ok=rules.exact_ratio_meets(total.cards, total.members, t["CARD_ISSUANCE_TARGET"]),
        women_body=rules.women_body_required(
            total.women, committee_min=t["WOMEN_COMMITTEE_MIN"], group_min=t["WOMEN_GROUP_MIN"]
        ),
    )


def tree_stats(user, root: Branch | None = None, *, include_closed: bool = False) -> list[BranchStats]:
    """Rates of every visible node (or of ``root``'s subtree), rolled up: two queries in all."""
    branches_qs = visible_branches(user)
    worker_qs = workers(user)
    if root is not None:
        branches_qs = branches_qs.filter(path__startswith=root.path)
        worker_qs = worker_qs.filter(branch__path__startswith=root.path)
    if not include_closed:
        branches_qs = branches_qs.filter(is_active=True)
    nodes = list(branches_qs)
    by_id = _counts_by_branch(worker_qs)
    own = {b.path: by_id.get(b.pk, rules.Counts()) for b in nodes}
    totals = rules.roll_up(own, [b.path for b in nodes])
    top_depth = min((b.depth for b in nodes), default=1)
    return [stats_for(b, totals[b.path], own[b.path], b.depth - top_depth) for b in nodes]


def stats_of(user, branch: Branch) -> BranchStats:
    """Rates of one node's subtree (two queries)."""
    rows = tree_stats(user, branch, include_closed=True)
    return next(r for r in rows if r.branch.pk == branch.pk)


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Roster facts of a unit's subtree for the assessment (keys: enrolment_rate, card_issuance_rate)."""
    own = _counts_by_branch(Worker.objects.filter(branch__path__startswith=branch.path))
    total = sum(own.values(), rules.Counts())
    return {
        "enrolment_rate": Fact(
            rules.enrolment_rate(total.members, total.workers),
            _("%(members)s members of %(workers)s active workers")
            % {"members": total.members, "workers": total.workers},
            _("roster"),
        ),
        "card_issuance_rate": Fact(
            rules.card_issuance_rate(total.cards, total.members),
            _("%(cards)s cards for %(members)s members") % {"cards": total.cards, "members": total.members},
            _("roster"),
        ),
        "active_workers": Fact(total.workers, "", _("roster")),
        "women_workers": Fact(total.women, "", _("roster")),
        **committee_facts(branch=branch, year=year, women=total.women),
    }


def access_log(user) -> QuerySet[AccessLog]:
    """Access to sensitive records: union officers see their enterprise's, district reviewers all."""
    return scope.limit(
        AccessLog.objects.select_related("user"),
        user,
        "branch_path",
        Role.UNION_OFFICER,
        Role.DISTRICT_REVIEWER,
    )


def audit_trail(user) -> QuerySet[AuditEvent]:
    """The audit trail of the user's scope (officers and reviewers)."""
    return scope.limit(AuditEvent.objects.select_related("actor"), user, "branch_path")


# --- transfers of membership -----------------------------------------------------------------

_TRANSFER_RELATED = ("worker", "from_branch", "to_unit", "to_branch", "requested_by")


def transfers(user) -> QuerySet[MembershipTransfer]:
    """Transfers the user may see: out of or into their scope (district reviewers: the whole district)."""
    paths = scope.branches_for(user)
    if not paths:
        return MembershipTransfer.objects.none()
    q = scope.q_for(paths, "from_branch__path") | scope.q_for(paths, "to_unit__path")
    return MembershipTransfer.objects.filter(q).select_related(*_TRANSFER_RELATED)


def transfer_in_scope(user, pk) -> MembershipTransfer:
    try:
        return transfers(user).get(pk=pk)
    except MembershipTransfer.DoesNotExist as exc:
        raise Http404 from exc


def transfer_steps(transfer: MembershipTransfer) -> QuerySet[TransferTransition]:
    return transfer.transitions.select_related("actor").order_by("at", "id")


def own_transfers(user) -> QuerySet[MembershipTransfer]:
    """A portal user's own transfers (the worker sees only their own records)."""
    if not getattr(user, "worker_id", None):
        return MembershipTransfer.objects.none()
    return MembershipTransfer.objects.filter(worker_id=user.worker_id).select_related(*_TRANSFER_RELATED)


def worker_transfers(worker: Worker) -> QuerySet[MembershipTransfer]:
    """One worker's transfers, newest first (for an officer who may see the worker)."""
    return MembershipTransfer.objects.filter(worker=worker).select_related(*_TRANSFER_RELATED)


def unit_transfers(branch: Branch) -> QuerySet[MembershipTransfer]:
    """A unit's membership history: transfers out of its subtree and into it."""
    q = Q(from_branch__path__startswith=branch.path) | Q(to_branch__path__startswith=branch.path)
    if branch.kind in (Branch.Kind.ENTERPRISE, Branch.Kind.DISTRICT):
        q |= Q(to_unit__path__startswith=branch.path)
    return MembershipTransfer.objects.filter(q).select_related(*_TRANSFER_RELATED)


def transfer_targets() -> QuerySet[Branch]:
    """Enterprise unions a transfer may name (names only: the receiving side is not in the sender's scope)."""
    return Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, is_active=True).order_by("path")


def receiving_branches(transfer: MembershipTransfer) -> QuerySet[Branch]:
    """Active units of the receiving enterprise, for the receiving officer's choice."""
    if transfer.to_unit_id is None:
        return Branch.objects.none()
    return Branch.objects.filter(path__startswith=transfer.to_unit.path, is_active=True).order_by("path")


def _accepted_moves(worker_ids=None, *, after: dt.date) -> dict[int, list[tuple[dt.date, str, str]]]:
    qs = MembershipTransfer.objects.filter(
        state=MembershipTransfer.State.ACCEPTED, effective_on__gt=after, to_branch__isnull=False
    )
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    moves: dict[int, list[tuple[dt.date, str, str]]] = {}
    for worker_id, on, src, dst in qs.values_list(
        "worker_id", "effective_on", "from_branch__path", "to_branch__path"
    ):
        moves.setdefault(worker_id, []).append((on, src, dst))
    return moves


def members_on(*, branches: list[Branch], on: dt.date) -> dict[int, int]:
    """Members of each unit's subtree on a date, counting a transferred member once, where they stood.

    A member counts where the transfer records place them on ``on`` (rules.path_on): the old unit
    before the transfer's effective date, the new one from it. Workers who had left by then, or who
    joined later, do not count. Three queries, whatever the number of units.
    """
    if not branches:
        return {}
    subtree = Q()
    for b in branches:
        subtree |= Q(branch__path__startswith=b.path)
    moved_q = Q()
    for b in branches:
        moved_q |= Q(from_branch__path__startswith=b.path) | Q(to_branch__path__startswith=b.path)
    moved_ids = set(
        MembershipTransfer.objects.filter(
            moved_q, state=MembershipTransfer.State.ACCEPTED, effective_on__gt=on, to_branch__isnull=False
        ).values_list("worker_id", flat=True)
    )
    rows = list(
        Worker.objects.filter(subtree | Q(pk__in=moved_ids))
        .filter(is_member=True, member_since__lte=on)
        .filter(Q(status=Worker.Status.ACTIVE) | Q(left_on__gt=on))
        .values_list("pk", "branch__path")
    )
    moves = _accepted_moves([pk for pk, _p in rows if pk in moved_ids], after=on) if moved_ids else {}
    counts = {b.pk: 0 for b in branches}
    for pk, current in rows:
        where = rules.path_on(current, moves.get(pk, []), on)
        for b in branches:
            if where.startswith(b.path):
                counts[b.pk] += 1
    return counts


def transfer_flow(*, paths: list[str], today: dt.date, months: int = 12) -> list[dict]:
    """Accepted transfers per month: into the given subtrees, out of them, and between units inside them."""
    keys = rules.last_months(today, months)
    first = dt.date(int(keys[0][:4]), int(keys[0][5:]), 1)
    rows = {k: {"month": k, "in": 0, "out": 0, "within": 0} for k in keys}
    if not paths:
        return list(rows.values())
    inside = scope.q_for(paths, "from_branch__path") | scope.q_for(paths, "to_branch__path")
    qs = MembershipTransfer.objects.filter(
        inside, state=MembershipTransfer.State.ACCEPTED, effective_on__gte=first, effective_on__lte=today
    ).values_list("effective_on", "from_branch__path", "to_branch__path")

    def within(path: str | None) -> bool:
        return bool(path) and any(path.startswith(p) for p in paths)

    for on, src, dst in qs:
        row = rows.get(rules.in_month(on))
        if row is None:
            continue
        if within(src) and not within(dst):
            row["out"] += 1
        elif within(dst) and not within(src):
            row["in"] += 1
        else:
            row["within"] += 1
    return list(rows.values())


# --- committees, workshop posts, leadership group, union funds ---------------------------------

CommitteeKind = Committee.Kind


def _in_subtree(queryset: QuerySet, root: Branch | None, path: str = "branch__path") -> QuerySet:
    return queryset.filter(**{f"{path}__startswith": root.path}) if root is not None else queryset


def unit_committees(branch: Branch, *, today=None) -> list[Committee]:
    """A unit's committees with every term (newest first), its seats and workers: three queries.

    Each committee carries ``status`` (rules.TermStatus) and each term ``in_force``.
    """
    today = today or timezone.localdate()
    due = thresholds()["TERM_DUE_SOON_DAYS"]
    seats = CommitteeSeat.objects.select_related("worker").order_by("end", "position", "start", "id")
    committees = list(
        Committee.objects.filter(branch=branch)
        .select_related("branch")
        .prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("-start")),
            Prefetch("terms__seats", queryset=seats),
        )
        .order_by("kind")
    )
    for committee in committees:
        terms = list(committee.terms.all())
        committee.status = rules.term_status(
            [rules.TermDates(t.elected_on, t.start, t.end) for t in terms], today, due_soon_days=due
        )
        for term in terms:
            term.in_force = term.start <= today <= term.end
    return committees


def committee_in_scope(user, pk) -> Committee:
    return scope.get_or_404(Committee.objects.select_related("branch"), user, pk=pk)


def term_in_scope(user, pk) -> Term:
    return scope.get_or_404(
        Term.objects.select_related("committee__branch"), user, "committee__branch__path", pk=pk
    )


def seat_in_scope(user, pk) -> CommitteeSeat:
    return scope.get_or_404(
        CommitteeSeat.objects.select_related("term__committee__branch", "worker"),
        user,
        "term__committee__branch__path",
        pk=pk,
    )


def seat_candidates(branch: Branch) -> QuerySet[Worker]:
    """Active workers of the unit's subtree: the only people who may hold its seats and posts."""
    return (
        Worker.objects.filter(branch__path__startswith=branch.path, status=Worker.Status.ACTIVE)
        .select_related("branch")
        .order_by("branch__path", "name", "id")
    )


def unit_posts(branch: Branch) -> list[WorkshopPost]:
    return list(WorkshopPost.objects.filter(branch=branch).select_related("holder").order_by("post"))


def post_in_scope(user, pk) -> WorkshopPost:
    return scope.get_or_404(WorkshopPost.objects.select_related("branch", "holder"), user, pk=pk)


def vacant_posts(user) -> QuerySet[WorkshopPost]:
    """Workshop posts without a holder in the user's scope, to be filled at once (随缺随补)."""
    return (
        scope.limit(WorkshopPost.objects.filter(holder__isnull=True, branch__is_active=True), user)
        .select_related("branch")
        .order_by("branch__path", "post")
    )


def leadership_of(branch: Branch) -> LeadershipGroup | None:
    return (
        LeadershipGroup.objects.filter(branch=branch)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=LeadershipMember.objects.select_related("worker__branch").order_by("id"),
            )
        )
        .first()
    )


def leadership_member_in_scope(user, pk) -> LeadershipMember:
    return scope.get_or_404(
        LeadershipMember.objects.select_related("group__branch", "worker"), user, "group__branch__path", pk=pk
    )


@dataclass(frozen=True)
class FundsRow:
    """A unit's union funds for a year with what was paid and its status."""

    remittance: FundsRemittance
    payments: list[FundsPayment]
    paid: Decimal
    paid_in_full_on: object  # date | None
    status: rules.FundsStatus

    @property
    def status_label(self) -> str:
        return str(FUNDS_STATUS_LABELS[self.status])

    @property
    def outstanding_amount(self) -> Decimal:
        return max(self.remittance.amount_due - self.paid, Decimal(0))


def _funds_row(remittance: FundsRemittance, today) -> FundsRow:
    payments = list(remittance.payments.all())
    pairs = [(p.paid_on, p.amount) for p in payments]
    return FundsRow(
        remittance=remittance,
        payments=payments,
        paid=rules.amount_paid(pairs),
        paid_in_full_on=rules.paid_in_full_on(remittance.amount_due, pairs),
        status=rules.funds_status(
            amount_due=remittance.amount_due,
            due_on=remittance.due_on,
            payments=pairs,
            withheld=remittance.withheld,
            today=today,
        ),
    )


def funds_rows(
    user, *, year: int | None = None, root: Branch | None = None, branch: Branch | None = None, today=None
) -> list[FundsRow]:
    """Union funds in the user's scope (of one year, one subtree or one unit): two queries."""
    today = today or timezone.localdate()
    qs = scope.limit(FundsRemittance.objects.select_related("branch"), user)
    qs = _in_subtree(qs, root)
    if year is not None:
        qs = qs.filter(year=year)
    if branch is not None:
        qs = qs.filter(branch=branch)
    qs = qs.prefetch_related(
        Prefetch(
            "payments", queryset=FundsPayment.objects.select_related("confirmed_by").order_by("paid_on", "id")
        )
    ).order_by("-year", "branch__path")
    return [_funds_row(r, today) for r in qs]


def remittance_in_scope(user, pk) -> FundsRemittance:
    return scope.get_or_404(FundsRemittance.objects.select_related("branch"), user, pk=pk)


def payment_in_scope(user, pk) -> FundsPayment:
    return scope.get_or_404(
        FundsPayment.objects.select_related("remittance__branch"), user, "remittance__branch__path", pk=pk
    )


# --- findings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing missing or wrong, where (the unit and a link to fix it) and how serious."""

    branch: Branch
    code: str
    message: str
    url: str
    severity: str = "warning"  # "danger" for what disqualifies or is overdue


def _committee_label(kind: str) -> str:
    return str(CommitteeKind(kind).label)


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
    t = thresholds()
    today = today or timezone.localdate()
    year = year or today.year
    rows = tree_stats(user, root)
    terms_qs = _in_subtree(
        scope.limit(Term.objects.all(), user, "committee__branch__path"), root, "committee__branch__path"
    )
    terms: dict[int, dict[str, list[rules.TermDates]]] = defaultdict(lambda: defaultdict(list))
    for branch_id, kind, elected_on, start, end in terms_qs.values_list(
        "committee__branch_id", "committee__kind", "elected_on", "start", "end"
    ):
        terms[branch_id][kind].append(rules.TermDates(elected_on, start, end))
    posts: dict[int, list[str]] = defaultdict(list)
    vacant: dict[int, list[str]] = defaultdict(list)
    for branch_id, post, holder_id in _in_subtree(
        scope.limit(WorkshopPost.objects.all(), user), root
    ).values_list("branch_id", "post", "holder_id"):
        posts[branch_id].append(post)
        if holder_id is None:
            vacant[branch_id].append(post)
    groups = set(
        _in_subtree(scope.limit(LeadershipGroup.objects.all(), user), root).values_list(
            "branch_id", flat=True
        )
    )
    funds = {row.remittance.branch_id: row for row in funds_rows(user, year=year, root=root, today=today)}

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


# --- term calendar and rosters -----------------------------------------------------------------


@dataclass(frozen=True)
class TermEnd:
    committee: Committee
    term: Term
    status: rules.TermStatus


def term_calendar(user, *, today=None) -> list[TermEnd]:
    """The current (or last) term of every committee in scope, by the day it ends: two queries."""
    today = today or timezone.localdate()
    due = thresholds()["TERM_DUE_SOON_DAYS"]
    committees = (
        scope.limit(Committee.objects.filter(branch__is_active=True), user)
        .select_related("branch")
        .prefetch_related(Prefetch("terms", queryset=Term.objects.order_by("start")))
    )
    result = []
    for committee in committees:
        terms = list(committee.terms.all())
        if not terms:
            continue
        status = rules.term_status(
            [rules.TermDates(t.elected_on, t.start, t.end) for t in terms], today, due_soon_days=due
        )
        current = next((t for t in terms if t.start <= today <= t.end), None) or terms[-1]
        result.append(TermEnd(committee, current, status))
    return sorted(result, key=lambda e: (e.term.end, e.committee.branch.path, e.committee.kind))


def committee_roster(user, root: Branch | None = None, *, today=None) -> QuerySet[CommitteeSeat]:
    """Open seats of the terms in force in the user's scope, with the unit, committee and worker."""
    today = today or timezone.localdate()
    qs = scope.limit(
        CommitteeSeat.objects.filter(end__isnull=True, term__start__lte=today, term__end__gte=today),
        user,
        "term__committee__branch__path",
    )
    qs = _in_subtree(qs, root, "term__committee__branch__path")
    return qs.select_related("term__committee__branch", "worker__branch").order_by(
        "term__committee__branch__path", "term__committee__kind", "position", "worker__name"
    )


def committee_facts(*, branch: Branch, year: int, women: int, today=None) -> dict[str, Fact]:
    """Committee, funds and leadership facts of one unit for the assessment (seed 2, §五.4)."""
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
        )
        facts["funds_withheld"] = Fact(remittance.withheld, remittance.withheld_reason, funds_source)
    group = LeadershipGroup.objects.filter(branch=branch).annotate(n=Count("members")).first()
    facts["leadership_group"] = Fact(
        group is not None and group.n > 0,
        _("%(count)s members") % {"count": group.n} if group else _("no leadership group"),
        _("leadership group"),
    )
    return facts


FUNDS_STATUS_LABELS = {
    rules.FundsStatus.ON_TIME: gettext_lazy("on time"),
    rules.FundsStatus.LATE: gettext_lazy("late"),
    rules.FundsStatus.OUTSTANDING: gettext_lazy("outstanding"),
    rules.FundsStatus.PENDING: gettext_lazy("not yet due"),
    rules.FundsStatus.WITHHELD: gettext_lazy("withheld"),
}


@dataclass(frozen=True)
class PortalUnit:
    branch: Branch
    committees: list[Committee]  # each with ``current`` (the term in force or None) and its open seats


def portal_committees(worker: Worker, *, today=None) -> tuple[list[PortalUnit], LeadershipGroup | None]:
    """What a worker may see of their own enterprise (PERMISSIONS.md: view own enterprise's):
    the committees in force of the enterprise and of the units between it and the worker, with the
    names and positions of their members, and the enterprise's leadership group."""
    today = today or timezone.localdate()
    chain = list(
        Branch.objects.filter(path__in=worker.branch.ancestor_paths(), is_active=True)
        .exclude(kind=Branch.Kind.DISTRICT)
        .order_by("depth")
    )
    seats = CommitteeSeat.objects.filter(end__isnull=True).select_related("worker").order_by("position", "id")
    committees = (
        Committee.objects.filter(branch__in=chain)
        .prefetch_related(
            Prefetch(
                "terms", queryset=Term.objects.filter(start__lte=today, end__gte=today), to_attr="in_force"
            ),
            Prefetch("in_force__seats", queryset=seats, to_attr="open_seats"),
        )
        .order_by("kind")
    )
    by_branch: dict[int, list[Committee]] = defaultdict(list)
    for committee in committees:
        committee.current = committee.in_force[0] if committee.in_force else None
        by_branch[committee.branch_id].append(committee)
    enterprise = next((b for b in chain if b.kind == Branch.Kind.ENTERPRISE), None)
    units = [PortalUnit(b, by_branch.get(b.pk, [])) for b in chain]
    return units, (leadership_of(enterprise) if enterprise else None)


def roster_filtered(user, query) -> tuple:
    """The roster list as the user sees it with the list's filters (GET parameters) applied."""
    from .forms import RosterFilter

    flt = RosterFilter(query or None, queryset=workers(user), branches=visible_branches(user))
    return flt, flt.qs


def roster_for_export(user, query) -> QuerySet[Worker]:
    return roster_filtered(user, query)[1]


def import_units(user) -> QuerySet[Branch]:
    """Active units a user may import a roster into (union officers' enterprises and below)."""
    paths = scope.branches_for(user, Appointment.Role.UNION_OFFICER)
    return (
        Branch.objects.filter(scope.q_for(paths, "path"), is_active=True)
        .exclude(kind=Branch.Kind.DISTRICT)
        .order_by("path")
    )


def roster_jobs(user) -> QuerySet:
    from .models import RosterJob

    return RosterJob.objects.filter(created_by=user).select_related("unit")


def roster_job_of(user, pk) -> object:
    """A roster job of the user's own (anyone else's: 404)."""
    from django.http import Http404

    job = roster_jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def unit_by_code(code: str) -> Branch | None:
    """A unit by its code (management commands; their user's scope is checked by the services)."""
    return Branch.objects.filter(code=rules.normalise_text(code)).first()


def command_user(username: str = ""):
    """The user a management command acts as: the named one, or the first active superuser."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    if username:
        return users.filter(username=username).first()
    return users.filter(is_superuser=True).order_by("pk").first()


def roster_job_for_task(pk: int):
    """A roster job with what its background task needs (the task acts as the job's creator)."""
    from .models import RosterJob

    return RosterJob.objects.select_related("unit", "created_by").get(pk=pk)
