"""What of the work ledgers is personal data, who reads their audit trail, and how their audit
events and access-log entries read (``unionhome.privacy``, ``unionhome.records``).

An entry's typed fields are audited one key each (``services._snapshot``); the keys that name a
family, money given to a person or what workers think are sensitive, whatever the kind.
"""

from django.utils.translation import gettext_lazy as _

from unionhome.privacy import ALL_ROLES, OFFICERS, declare
from unionhome.privacy import Sensitivity as S
from unionhome.records import label_actions, label_details

declare(
    "ledgers.LedgerEntry",
    sensitive={
        "family": S.FAMILY,  # the worker whose family a visit or a pairing is about
        "help": S.FINANCIAL,  # money given to a family at a visit
        "findings": S.NARRATIVE,  # an inspection's findings, or what workers think
        "measures": S.NARRATIVE,
    },
    nested={"participants": "ledgers.LedgerParticipant"},
    readers=ALL_ROLES,
)
declare("ledgers.LedgerParticipant", public=("worker", "hours", "role"), readers=ALL_ROLES)
# The tallies of the indicators: counts and hours of units, never a person's data.
declare(
    "ledgers.LedgerTally",
    public=(
        "families",
        "families_visited",
        "workers",
        "representatives",
        "culture_participants",
        "cadre_voters",
        "cadre_satisfied",
    ),
    readers=ALL_ROLES,
)
declare(
    "ledgers.LedgerAttachment",
    sensitive={"file": S.FILE, "original_name": S.FILE, "name": S.FILE},
    public=("content_type",),
    readers=OFFICERS,
    describe=lambda attachment: str(_("Ledger attachment")),
)
# The tallies summed per federation: counts and hours of units, never a person's data.
declare("ledgers.LedgerSubtotal", readers=ALL_ROLES)
# The term calendar's ledger duties as the refresh computed them: units' duties, no person's data.
declare("ledgers.CalendarDueRecord", readers=ALL_ROLES)

label_actions(
    {
        "ledgers.entry.create": _("Ledger entry recorded"),
        "ledgers.entry.update": _("Ledger entry changed"),
        "ledgers.entry.delete": _("Ledger entry deleted"),
        "ledgers.attachment.add": _("File added to a ledger entry"),
        "ledgers.attachment.delete": _("File removed from a ledger entry"),
    }
)
label_details(
    {
        "ledger_export": _("Ledger export: %(ledger)s"),
        "ledger_attachment": _("Ledger attachment"),
    }
)
