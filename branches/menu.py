"""The branches app's menu entries (``unionhome.navigation``): the office's own pages, the records
drop-down, and the worker's membership pages in the portal."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import scope
from unionhome.navigation import Entry, Pending, declare, pending_work
from unionhome.roles import OFFICER_ROLES, Role

from .models import MembershipTransfer, RosterJob

FAILED_JOBS_SHOWN_FOR = dt.timedelta(days=14)

OFFICE, PORTAL = "unionhome.open_office", "unionhome.open_portal"

declare(
    Entry("office", "branches:dashboard", gettext_lazy("Dashboard"), OFFICE, order=10, current=(
        "branches:dashboard", "branches:branch_", "branches:unit_", "branches:leadership",
        "branches:vacant_posts", "branches:post", "branches:committee_create", "branches:term_create",
        "branches:term_edit", "branches:seat_",
    )),
    Entry("office", "branches:roster", gettext_lazy("Roster"), OFFICE, order=20,
          current=("branches:roster", "branches:worker_")),
    Entry("office", "branches:transfer_list", gettext_lazy("Transfers"), OFFICE, order=30, current=("branches:transfer_",)),
    Entry("office", "branches:term_calendar", gettext_lazy("Term calendar"), OFFICE, order=50,
          current=("branches:term_calendar", "branches:committee_export")),
    Entry("office", "branches:funds_overview", gettext_lazy("Union funds"), OFFICE, order=55,
          current=("branches:funds_overview", "branches:remittance_", "branches:payment_")),
    Entry("records", "branches:audit_trail", gettext_lazy("Audit trail"), "unionhome.read_audit_trail", order=10),
    Entry("records", "branches:access_log", gettext_lazy("Access log of sensitive records"),
          "unionhome.read_access_log", order=20),
    Entry("portal", "portal:profile", gettext_lazy("My membership"), PORTAL, order=10,
          current=("portal:profile", "portal:confirm", "portal:sheet")),
    Entry("portal", "portal:transfers", gettext_lazy("My transfers"), PORTAL, order=20, current=("portal:transfer",)),
    Entry("portal", "portal:committees", gettext_lazy("Our union"), PORTAL, order=40),
)  # fmt: skip


@pending_work
def _waiting(user) -> list[Pending]:
    """Transfers waiting for the user's union (receiving or sending) and the user's failed jobs."""
    State = MembershipTransfer.State
    found = []
    receiving = scope.branches_for(user, Role.UNION_OFFICER)
    if receiving:
        count = MembershipTransfer.objects.filter(
            scope.q_for(receiving, "to_unit__path"), state=State.REQUESTED
        ).count()
        found.append(
            Pending(_("Transfers into your union waiting for your answer"), count, _list(State.REQUESTED))
        )
    sending = scope.branches_for(user, *OFFICER_ROLES)
    if sending:
        waiting = MembershipTransfer.objects.filter(scope.q_for(sending, "from_branch__path"))
        for state, label in (
            (State.ASKED, _("Transfers asked by workers waiting for your confirmation")),
            (State.CLAIMED, _("Workers claimed by another union waiting for your release")),
        ):
            found.append(Pending(label, waiting.filter(state=state).count(), _list(state)))
    if getattr(user, "is_authenticated", False):
        since = timezone.now() - FAILED_JOBS_SHOWN_FOR
        failed = RosterJob.objects.filter(
            created_by=user, status=RosterJob.Status.FAILED, created_at__gte=since
        ).order_by("-created_at", "-id")
        latest = failed.first()
        if latest is not None:
            found.append(
                Pending(
                    _("Roster imports or exports that failed"),
                    failed.count(),
                    reverse("branches:roster_job", args=[latest.pk]),
                )
            )
    return found


def _list(state) -> str:
    return f"{reverse('branches:transfer_list')}?state={state}"
