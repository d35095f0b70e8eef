"""Reads of the organisation: scoped querysets and roll-ups. Never writes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from unionhome import scope

from . import rules
from .facts import Fact
from .models import Appointment, Branch, Worker


def thresholds() -> dict:
    return settings.UNIONHOME


def visible_branches(user) -> QuerySet[Branch]:
    return scope.limit(Branch.objects.all(), user, path="path").order_by("path")


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
    }


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
