"""Scoped reads of hardship relief: every list and detail goes through ``unionhome.scope``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from branches import rules as branch_rules
from branches.facts import Fact
from branches.models import Appointment, Branch, Worker
from unionhome import scope
from unionhome.masking import mask_id_number
from unionhome.models import AccessLog

from . import rules
from .models import (
    Application,
    Campaign,
    FileEntry,
    HardshipFile,
    Notification,
    Relief,
    Transition,
    Upload,
    WorkerObjection,
)

Role = Appointment.Role
State = Application.State

# What the district reviewers see: reported applications and what follows (docs/PERMISSIONS.md).
REPORTED_STATES = (State.REPORTED, State.DISTRICT_APPROVED, State.DISTRICT_REJECTED, State.RELIEF_DELIVERED)
# What a public notice lists: published and not withdrawn by an upheld objection.
NOTICE_STATES = (
    State.ON_NOTICE,
    State.OBJECTED,
    State.NOTICE_ENDED,
    State.REPORTED,
    State.DISTRICT_APPROVED,
    State.DISTRICT_REJECTED,
    State.RELIEF_DELIVERED,
)


# --- campaigns --------------------------------------------------------------------------------


def _campaign_q(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in paths:
        ancestors = [p[:i] for i in range(Branch.steplen, len(p) + 1, Branch.steplen)]
        q |= Q(branch__path__in=ancestors) | Q(branch__path__startswith=p)
    return q


def campaigns_for(user) -> QuerySet[Campaign]:
    """Campaigns of the user's district: officers see all of them, workers the open ones."""
    qs = Campaign.objects.select_related("branch")
    if scope.is_admin(user):
        return qs
    paths = scope.branches_for(user)
    q = _campaign_q(paths)
    worker = getattr(user, "worker", None) if getattr(user, "worker_id", None) else None
    if worker is not None:
        q |= _campaign_q([worker.branch.path]) & Q(is_open=True)
    return qs.filter(q)


def campaign_for(user, pk) -> Campaign:
    return scope.get_or_404(campaigns_for(user), user, None, pk=pk)


def open_campaigns_for_worker(worker) -> QuerySet[Campaign]:
    """Open campaigns a worker may apply to: only a worker in service applies."""
    if worker.status != Worker.Status.ACTIVE:
        return Campaign.objects.none()
    return Campaign.objects.filter(_campaign_q([worker.branch.path]), is_open=True)


def districts_for(user) -> QuerySet[Branch]:
    """Federations (at any level) where the user may create campaigns, the highest first."""
    return scope.limit(
        Branch.objects.filter(kind__in=Branch.FEDERATION_KINDS), user, "path", Role.DISTRICT_REVIEWER
    ).order_by("path")


# --- applications -------------------------------------------------------------------------------


def _with_related(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("campaign", "worker", "branch", "enterprise")


def campaign_counts(applications: QuerySet[Application]) -> tuple[list[tuple[str, int]], list[tuple]]:
    """A campaign's applications counted, from the queryset its page lists (already scoped): by
    category (第1–4类, then those without one) and by stage, in the workflow's order, stages
    without an application left out."""
    rows = applications.order_by().values_list("category", "state").annotate(n=Count("pk"))
    categories: dict[int | None, int] = defaultdict(int)
    states: dict[str, int] = defaultdict(int)
    for category, state, n in rows:
        categories[category] += n
        states[state] += n
    by_category = [(_("Category %(n)s") % {"n": c}, categories[c]) for c in (1, 2, 3, 4)]
    if categories[None]:
        by_category.append((_("No category yet"), categories[None]))
    by_state = [(value, label, states[value]) for value, label in Application.State.choices if states[value]]
    return by_category, by_state


def applications_for(user) -> QuerySet[Application]:
    """Applications the user may see in the office: own subtree / enterprise; district: reported ones."""
    qs = _with_related(Application.objects.all())
    if scope.is_admin(user):
        return qs
    officer_paths = scope.branches_for(user, Role.UNION_OFFICER, Role.BRANCH_OFFICER)
    district_paths = scope.branches_for(user, Role.DISTRICT_REVIEWER)
    q = Q(pk__in=[])
    if officer_paths:
        q |= scope.q_for(officer_paths)
    if district_paths:
        q |= scope.q_for(district_paths) & Q(state__in=REPORTED_STATES)
    return qs.filter(q)


def application_for(user, pk) -> Application:
    return scope.get_or_404(applications_for(user), user, None, pk=pk)


def own_applications(user) -> QuerySet[Application]:
    if not getattr(user, "worker_id", None):
        return Application.objects.none()
    return _with_related(Application.objects.filter(worker_id=user.worker_id)).order_by(
        "-campaign__year", "-id"
    )


def own_application(user, pk) -> Application:
    return scope.get_or_404(own_applications(user), user, None, pk=pk)


def detail_parts(application: Application) -> dict:
    """Members, uploads, steps, objections and relief of one application (five queries)."""
    return {
        "members": list(application.members.all()),
        "uploads": list(application.uploads.select_related("uploaded_by")),
        "transitions": list(application.transitions.select_related("actor")),
        "objections": list(application.objections.all()),
        "relief": Relief.objects.filter(application=application).first(),
    }


def upload_for(application: Application, pk) -> Upload:
    return scope.get_or_404(application.uploads.all(), None, None, pk=pk)


MATERIALS_ALWAYS = ("id_copy", "household_register")
MATERIALS_ILLNESS = ("diagnosis", "medical_records", "bills")


def missing_materials(application: Application, uploads: list[Upload]) -> list[str]:
    """The materials of 篇四 (材料(二), (三), (六)) that have no upload yet, as labels."""
    have = {u.kind for u in uploads}
    wanted = list(MATERIALS_ALWAYS)
    if {application.primary_cause, *application.other_causes} & rules.ILLNESS_CAUSES:
        wanted += MATERIALS_ILLNESS
    return [str(Upload.Kind(k).label) for k in wanted if k not in have]


def transitions_of(application: Application) -> list[Transition]:
    return list(application.transitions.select_related("actor"))


# --- notices --------------------------------------------------------------------------------------


def notice_rows(campaign: Campaign, enterprise: Branch) -> list[Application]:
    """The public notice of an enterprise: name, unit, category and dates only."""
    return list(
        Application.objects.filter(campaign=campaign, enterprise=enterprise, state__in=NOTICE_STATES)
        .select_related("worker", "branch")
        .order_by("notice_start", "branch__path", "worker__name")
    )


def _ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(Branch.steplen, len(path) + 1, Branch.steplen)]


def notices_for_worker(worker) -> list[tuple[Campaign, list[Application]]]:
    """The notices of the worker's enterprise in the current campaign (the latest year's campaigns
    covering the worker), campaign by campaign (members see them in the portal); last year's notice
    is over and no longer shown."""
    enterprise = scope.enterprise_of(worker.branch)
    if enterprise is None:
        return []
    current = (
        Campaign.objects.filter(branch__path__in=_ancestor_paths(worker.branch.path))
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if current is None:
        return []
    rows = (
        Application.objects.filter(enterprise=enterprise, state__in=NOTICE_STATES, campaign__year=current)
        .select_related("worker", "branch", "campaign")
        .order_by("-campaign__year", "campaign_id", "notice_start", "worker__name")
    )
    grouped: dict[int, tuple[Campaign, list[Application]]] = {}
    for row in rows:
        grouped.setdefault(row.campaign_id, (row.campaign, []))[1].append(row)
    return list(grouped.values())


def notice_entry_for_worker(worker, pk: int) -> Application:
    """One entry of the notices the worker reads (``notices_for_worker``); any other: 404."""
    for _campaign, rows in notices_for_worker(worker):
        for row in rows:
            if row.pk == pk:
                return row
    raise Http404


def objected_by(worker) -> set[int]:
    """The applications the worker has sent an objection to."""
    return set(WorkerObjection.objects.filter(objector=worker).values_list("application_id", flat=True))


def worker_objections_for(
    user, status: str | None = WorkerObjection.Status.RECEIVED
) -> QuerySet[WorkerObjection]:
    """Objections workers sent, at the enterprises where the user is a union officer (who objected
    is theirs to read alone), oldest first; ``status=None``: all of them."""
    qs = scope.limit(
        WorkerObjection.objects.select_related(
            "objector",
            "application__worker",
            "application__branch",
            "application__campaign",
            "application__enterprise",
        ),
        user,
        "application__enterprise__path",
        Role.UNION_OFFICER,
    )
    return qs.filter(status=status) if status else qs


def worker_objection_for(user, pk: int) -> WorkerObjection:
    return scope.get_or_404(worker_objections_for(user, None), user, None, pk=pk)


def notice_contacts(enterprise: Branch) -> list[str]:
    """Whom a worker tells of an objection to the notice: the enterprise union's officers in office
    today (names only)."""
    today = timezone.localdate()
    appointments = (
        Appointment.objects.filter(
            branch=enterprise, role=Appointment.Role.UNION_OFFICER, start__lte=today, user__is_active=True
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("user")
        .order_by("start", "pk")
    )
    return list(dict.fromkeys(str(a.user) for a in appointments))


def enterprises_of_user(user, campaign: Campaign) -> QuerySet[Branch]:
    """Enterprises in the campaign's district visible to the user."""
    qs = Branch.objects.filter(kind=Branch.Kind.ENTERPRISE, path__startswith=campaign.branch.path)
    if scope.is_admin(user):
        return qs
    paths = scope.branches_for(user)
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p) | Q(
            path__in=[p[:i] for i in range(Branch.steplen, len(p) + 1, Branch.steplen)]
        )
    return qs.filter(q)


def listed_enterprises(user, campaign: Campaign) -> QuerySet[Branch]:
    """The enterprises a campaign's page lists: those with an application in it, and the user's own
    (an officer's enterprise before anyone applied); never every enterprise of a province."""
    own = [p[:i] for p in scope.branches_for(user) for i in range(Branch.steplen, len(p) + 1, Branch.steplen)]
    applied = Application.objects.filter(campaign=campaign).values("enterprise_id")
    return enterprises_of_user(user, campaign).filter(Q(pk__in=applied) | Q(path__in=own)).order_by("path")


def enterprise_for(user, campaign: Campaign, pk) -> Branch:
    return scope.get_or_404(enterprises_of_user(user, campaign), user, None, pk=pk)


def report_rows(campaign: Campaign, enterprise: Branch) -> list[Application]:
    """Attachment 2: the enterprise's applications after their notice (ended, reported or decided)."""
    return list(
        Application.objects.filter(
            campaign=campaign,
            enterprise=enterprise,
            state__in=[State.NOTICE_ENDED, *REPORTED_STATES],
        )
        .select_related("worker", "branch")
        .order_by("category", "branch__path", "worker__name")
    )


# --- district balancing -----------------------------------------------------------------------


@dataclass
class EnterpriseSummary:
    enterprise: Branch
    counts: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    amounts: dict[int, Decimal] = field(default_factory=lambda: {c: Decimal("0") for c in (1, 2, 3, 4)})
    approved: int = 0
    rejected: int = 0
    pending: int = 0
    applications: list[Application] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def amount(self) -> Decimal:
        return sum(self.amounts.values(), Decimal("0"))

    def category_rows(self) -> list[tuple[int, int, Decimal]]:
        return [(c, self.counts[c], self.amounts[c]) for c in (1, 2, 3, 4)]


def balance(campaign: Campaign) -> dict:
    """汇总平衡: every enterprise's reported list side by side, counts and amounts per category,
    and the ID numbers that appear in more than one reported application."""
    apps = list(
        Application.objects.filter(campaign=campaign, state__in=REPORTED_STATES)
        .select_related("worker", "branch", "enterprise", "relief")
        .prefetch_related("members")
        .order_by("enterprise__path", "category", "worker__name")
    )
    by_enterprise: dict[int, EnterpriseSummary] = {}
    totals = EnterpriseSummary(enterprise=None)  # type: ignore[arg-type]
    seen: dict[str, list[Application]] = defaultdict(list)
    for app in apps:
        summary = by_enterprise.setdefault(app.enterprise_id, EnterpriseSummary(app.enterprise))
        summary.applications.append(app)
        relief = getattr(app, "relief", None) if hasattr(app, "relief") else None
        amount = relief.amount if relief is not None else Decimal("0")
        for target in (summary, totals):
            if app.category:
                target.counts[app.category] += 1
                target.amounts[app.category] += amount
            if app.state in (State.DISTRICT_APPROVED, State.RELIEF_DELIVERED):
                target.approved += 1
            elif app.state == State.DISTRICT_REJECTED:
                target.rejected += 1
            else:
                target.pending += 1
        numbers = {app.worker.id_number} | {m.id_number for m in app.members.all() if m.id_number}
        for number in numbers:
            seen[number].append(app)
    duplicates = [
        {"masked": mask_id_number(number), "applications": rows}
        for number, rows in sorted(seen.items())
        if len({a.pk for a in rows}) > 1
    ]
    return {
        "summaries": list(by_enterprise.values()),
        "totals": totals,
        "duplicates": duplicates,
        "duplicate_ids": {a.pk for d in duplicates for a in d["applications"]},
    }


def reported_for_decision(user, campaign: Campaign, ids: list[int]) -> list[Application]:
    return list(applications_for(user).filter(campaign=campaign, pk__in=ids, state=State.REPORTED))


# --- files, notifications, access log ------------------------------------------------------------


def files_for(user) -> QuerySet[HardshipFile]:
    return scope.limit(HardshipFile.objects.select_related("worker", "branch", "enterprise"), user)


def file_for(user, pk) -> HardshipFile:
    return scope.get_or_404(
        HardshipFile.objects.select_related("worker", "branch", "enterprise"), user, pk=pk
    )


def latest_line(user) -> Decimal | None:
    """The line of the latest campaign the user sees: the default of a file opened outside one."""
    campaign = campaigns_for(user).order_by("-year", "-deadline", "-id").first()
    return campaign.line if campaign else None


def file_entries(file: HardshipFile) -> list[FileEntry]:
    return list(file.entries.select_related("recorded_by", "application__campaign"))


def worker_history(worker) -> dict:
    """A worker's applications across campaigns and their hardship files."""
    return {
        "applications": list(
            Application.objects.filter(worker=worker)
            .select_related("campaign", "relief")
            .order_by("-campaign__year", "-id")
        ),
        "files": list(
            HardshipFile.objects.filter(worker=worker).prefetch_related(
                Prefetch("entries", queryset=FileEntry.objects.order_by("on", "id"))
            )
        ),
    }


def notifications_for(user, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(user=user).select_related("application")[:limit])


HARDSHIP_TYPES = ("hardship.application", "hardship.upload", "hardship.hardshipfile")


def access_log_for(user) -> QuerySet[AccessLog]:
    """Views and downloads of hardship records: union officers their enterprise's, district all."""
    qs = AccessLog.objects.filter(object_type__in=HARDSHIP_TYPES).select_related("user")
    if scope.is_admin(user):
        return qs
    paths = scope.branches_for(user, Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)
    if not paths:
        return qs.none()
    return qs.filter(scope.q_for(paths, "branch_path"))


# --- assessment -----------------------------------------------------------------------------------


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Hardship facts of a unit's subtree (keys: hardship_files_kept, hardship_files_reviewed)."""
    subtree = Q(branch__path__startswith=branch.path)
    ever_approved = Application.objects.filter(
        subtree, state__in=(State.DISTRICT_APPROVED, State.RELIEF_DELIVERED)
    ).exists()
    open_files = HardshipFile.objects.filter(subtree, status=HardshipFile.Status.OPEN)
    stats = open_files.aggregate(
        kept=Count("id"),
        reviewed=Count("id", filter=Q(next_review_on__gte=timezone.localdate())),
    )
    kept = stats["kept"] if (ever_approved or stats["kept"]) else None
    reviewed = branch_rules.ratio(stats["reviewed"], stats["kept"]) if stats["kept"] else None
    return {
        "hardship_files_kept": Fact(
            kept,
            _("%(n)s open hardship files") % {"n": stats["kept"]} if kept is not None else "",
            _("hardship files"),
        ),
        "hardship_files_reviewed": Fact(
            reviewed,
            _("%(reviewed)s of %(kept)s open files reviewed on time")
            % {"reviewed": stats["reviewed"], "kept": stats["kept"]}
            if reviewed is not None
            else "",
            _("hardship files"),
        ),
    }


def relief_total(campaign: Campaign) -> Decimal:
    return Application.objects.filter(campaign=campaign).aggregate(total=Sum("relief__amount"))[
        "total"
    ] or Decimal("0")


def worker_by_id_number(user, number: str):
    """A worker of the user's units (for a paper application), found by the ID number."""
    from branches.selectors import workers

    normalised = branch_rules.normalise_id_number(number)
    return workers(user).filter(id_number=normalised).select_related("branch").first()
