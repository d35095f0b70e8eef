"""The hardship app's menu entries (``unionhome.navigation``): the top bar and its sub-menu."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy

from unionhome import scope
from unionhome.navigation import Entry, Pending, declare, pending_work
from unionhome.roles import Role

from .models import Application, WorkerObjection

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "hardship:index", gettext_lazy("Hardship relief"), OFFICE, order=70, current=("hardship:",)),
    Entry("portal", "hardship_portal:index", gettext_lazy("Hardship relief"), PORTAL, order=60, current=("hardship_portal:",)),
    Entry("hardship", "hardship:index", gettext_lazy("Campaigns"), OFFICE, order=10, current=(
        "hardship:index", "hardship:campaign_", "hardship:balance", "hardship:notice", "hardship:report_",
        "hardship:paper_new", "hardship:application_", "hardship:upload_download",
    )),
    Entry("hardship", "hardship:worker_objections", gettext_lazy("Objections received"),
          "hardship.handle_worker_objections", order=15, current=("hardship:worker_objection",)),
    Entry("hardship", "hardship:files", gettext_lazy("Hardship files"), OFFICE, order=20, current=("hardship:file",)),
    Entry("hardship", "hardship:access_log", gettext_lazy("Access log"), "hardship.see_access_log", order=30),
)  # fmt: skip


State = Application.State
# What waits for whom: the enterprise union reviews and answers objections, the district decides.
WAITING = (
    (Role.UNION_OFFICER, State.SUBMITTED, "enterprise__path", gettext_lazy("Applications to review in %(campaign)s")),
    (Role.UNION_OFFICER, State.OBJECTED, "enterprise__path", gettext_lazy("Objections to answer in %(campaign)s")),
    (Role.DISTRICT_REVIEWER, State.REPORTED, "branch__path", gettext_lazy("Reported applications to decide in %(campaign)s")),
)  # fmt: skip


@pending_work
def _waiting(user) -> list[Pending]:
    """Applications waiting for the user's step, per campaign (a link to the campaign's list)."""
    found = []
    for role, state, path, label in WAITING:
        paths = scope.branches_for(user, role)
        if not paths:
            continue
        rows = (
            Application.objects.filter(scope.q_for(paths, path), state=state)
            .values("campaign_id", "campaign__name")
            .annotate(n=Count("pk"))
            .order_by("campaign_id")
        )
        for row in rows:
            url = f"{reverse('hardship:campaign_detail', args=[row['campaign_id']])}?state={state}"
            found.append(Pending(str(label) % {"campaign": row["campaign__name"]}, row["n"], url))
    return found


@pending_work
def _objections_received(user) -> list[Pending]:
    """Objections workers sent from the notice, waiting for the enterprise union's answer."""
    paths = scope.branches_for(user, Role.UNION_OFFICER)
    if not paths:
        return []
    n = WorkerObjection.objects.filter(
        scope.q_for(paths, "application__enterprise__path"), status=WorkerObjection.Status.RECEIVED
    ).count()
    if not n:
        return []
    return [
        Pending(
            str(gettext_lazy("Objections received from workers")), n, reverse("hardship:worker_objections")
        )
    ]
