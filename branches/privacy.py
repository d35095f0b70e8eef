"""What of the organisation's records is personal data, who reads their audit trail, and how their
audit events and access-log entries read (``unionhome.privacy``, ``unionhome.records``)."""

from django.utils.translation import gettext_lazy as _

from unionhome.privacy import ALL_ROLES, ENTERPRISE_AND_DISTRICT, NOBODY, declare, declare_public
from unionhome.privacy import Sensitivity as S
from unionhome.records import label_actions, label_details

declare("branches.Branch", public=("name",), readers=ALL_ROLES)
declare("branches.Appointment", public=("full_id_access",), readers=ALL_ROLES)
declare(
    "branches.Worker",
    sensitive={
        "id_number": S.IDENTITY,
        "phone": S.CONTACT,
        "household_place": S.CONTACT,
        "household_type": S.FAMILY,
        "membership_status_reason": S.NARRATIVE,
    },
    public=("name", "card_number", "ethnic_group", "political_status", "education", "gender"),
    readers=ALL_ROLES,
)
# A roster job is its creator's alone (docs/PERMISSIONS.md); its files hold the whole roster.
declare(
    "branches.RosterJob",
    sensitive={
        "upload": S.FILE,
        "result": S.FILE,
        "report": S.FILE,
        "original_name": S.FILE,
        "problems": S.IDENTITY,
    },
    public=("mark_missing_as_left", "missing_count", "message"),
    readers=NOBODY,
)
declare_public(
    "branches.Committee",
    "branches.Term",
    "branches.CommitteeSeat",
    "branches.WorkshopPost",
    "branches.LeadershipMember",
)
declare("branches.LeadershipGroup", public=("name",), readers=ALL_ROLES)
declare(
    "branches.FundsRemittance",
    public=("withheld_reason", "note", "amount_due"),
    readers=ENTERPRISE_AND_DISTRICT,
)
declare("branches.FundsPayment", public=("amount", "reference"), readers=ENTERPRISE_AND_DISTRICT)
declare("branches.UnitCounter", public=("members",), readers=ALL_ROLES)  # head counts only
declare("branches.SubtreeCounter", public=("members",), readers=ALL_ROLES)  # a subtree's head counts
declare("branches.CounterDelta", public=("members",), readers=ALL_ROLES)  # a change of a unit's
# The findings table and its computations: units' shortfalls, never a person's data.
declare("branches.FindingRun", public=("reason",), readers=ALL_ROLES)
declare("branches.FindingRecord", public=("message",), readers=ALL_ROLES)
declare("branches.CommitteeTermRecord", readers=ALL_ROLES)
declare("branches.FindingCount", readers=ALL_ROLES)  # counts of units' findings per kind
declare("branches.MembershipTransfer", sensitive={"reason": S.NARRATIVE}, readers=ALL_ROLES)
declare("branches.TransferTransition", public=("actor_name", "reason"), readers=ALL_ROLES)

label_actions(
    {
        "demo.seed": _("Demo data created"),
        "demo.seed_committees": _("Demo committees created"),
        "branch.create": _("Unit created"),
        "appointment.create": _("Appointment made"),
        "appointment.end": _("Appointment ended"),
        "branch.rename": _("Unit renamed"),
        "branch.move": _("Unit moved"),
        "branch.close": _("Unit closed"),
        "worker.create": _("Worker added to the roster"),
        "worker.update": _("Worker's details edited"),
        "worker.leave": _("Worker marked as left"),
        "worker.confirm": _("Worker confirmed their member facts"),
        "worker.transfer": _("Worker moved to another unit"),
        "transfer.start": _("Membership transfer started"),
        "worker.import_create": _("Worker added by a roster import"),
        "worker.import_update": _("Worker updated by a roster import"),
        "worker.import_leave": _("Worker marked as left by a roster import"),
        "roster.import": _("Roster file imported"),
        "roster_job.upload": _("Roster file uploaded for import"),
        "roster_job.export": _("Roster export started"),
        "committee.create": _("Committee set up"),
        "term.create": _("Committee term recorded"),
        "term.update": _("Committee term edited"),
        "seat.create": _("Committee member appointed"),
        "seat.end": _("Committee member's seat ended"),
        "workshop_post.create": _("Workshop posts created"),
        "workshop_post.assign": _("Workshop post assigned"),
        "leadership.create": _("Leadership group recorded"),
        "leadership.update": _("Leadership group updated"),
        "leadership.member_add": _("Leadership group member added"),
        "leadership.member_remove": _("Leadership group member removed"),
        "funds.create": _("Union funds due recorded"),
        "funds.payment": _("Union funds payment recorded"),
        "funds.withheld": _("Union funds flagged as withheld"),
        "funds.confirm": _("Union funds receipt confirmed"),
        "findings.refresh": _("Findings computation requested"),
    }
)
label_details(
    {
        "roster": _("Roster, %(rows)s rows"),
        "roster_admin": _("Roster from the administration site, %(rows)s rows"),
        "member_sheet": _("Member information sheet"),
        "own_member_sheet": _("Own member information sheet"),
        "committee_rosters": _("Committee rosters, %(count)s seats"),
        "roster_import_outside": _(
            "Roster import refused: %(matches)s of %(rows)s rows are other unions' members"
        ),
    }
)
