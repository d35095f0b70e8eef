"""What of the hardship records is personal data, who reads their audit trail, and how their audit
events and access-log entries read (``unionhome.privacy``, ``unionhome.records``).

Applications, their household members, documents and objections are read by the officers of the
worker's units; the district reads an application only once it is reported, which the kind of a
record cannot say, so their audit trail is not the district's (docs/PERMISSIONS.md, "Hardship").
"""

from django.utils.translation import gettext_lazy as _

from unionhome.privacy import ALL_ROLES, NOBODY, OFFICERS, declare
from unionhome.privacy import Sensitivity as S
from unionhome.records import label_actions, label_details
from unionhome.roles import Role

declare("hardship.Campaign", public=("name",), readers=ALL_ROLES)
declare(
    "hardship.Application",
    sensitive={
        "marital_status": S.FAMILY,
        "government_aid": S.FINANCIAL,
        "primary_cause": S.HEALTH,
        "other_causes": S.HEALTH,
        "medical_self_paid": S.FINANCIAL,
        "property_loss": S.FINANCIAL,
        "description": S.NARRATIVE,
        "category_reason": S.NARRATIVE,
        "per_capita": S.FINANCIAL,
        "household_size": S.FAMILY,
        "last_reason": S.NARRATIVE,
        "reason": S.NARRATIVE,  # a workflow step's reason, in the event's "after"
    },
    nested={"members": "hardship.HouseholdMember"},
    readers=OFFICERS,
)
declare(
    "hardship.HouseholdMember",
    sensitive={
        "name": S.IDENTITY,
        "id_number": S.IDENTITY,
        "monthly_income": S.FINANCIAL,
        "unmarried": S.FAMILY,
        "in_school": S.FAMILY,
        "disabled": S.HEALTH,
        "ill": S.HEALTH,
    },
    readers=OFFICERS,
    describe=lambda member: member.get_relation_display(),
)
declare(
    "hardship.Upload",
    sensitive={"file": S.FILE, "original_name": S.FILE, "name": S.FILE},
    public=("content_type",),
    readers=OFFICERS,
    describe=lambda upload: upload.get_kind_display(),
)
declare(
    "hardship.Transition",
    sensitive={"reason": S.NARRATIVE, "comment": S.NARRATIVE},
    public=("actor_name",),
    readers=OFFICERS,
)
declare(
    "hardship.Objection",
    sensitive={"content": S.NARRATIVE, "resolution": S.NARRATIVE},
    readers=OFFICERS,
)
# Who objected: the enterprise union's officers only (never the notice, never the applicant).
declare(
    "hardship.WorkerObjection",
    sensitive={"objector": S.IDENTITY, "reason": S.NARRATIVE, "dismissed_reason": S.NARRATIVE},
    readers=(Role.UNION_OFFICER,),
)
declare(
    "hardship.Relief",
    sensitive={"amount": S.FINANCIAL, "note": S.NARRATIVE},
    readers=ALL_ROLES,
    describe=lambda relief: f"{relief.application} · {relief.get_form_display()}",
)
declare(
    "hardship.HardshipFile",
    sensitive={"situation": S.NARRATIVE, "causes": S.HEALTH, "closed_reason": S.NARRATIVE},
    readers=ALL_ROLES,
)
declare(
    "hardship.FileEntry",
    sensitive={"amount": S.FINANCIAL, "note": S.NARRATIVE},
    readers=ALL_ROLES,
)
declare("hardship.Notification", sensitive={"message": S.NARRATIVE}, readers=NOBODY)

label_actions(
    {
        "hardship.campaign.create": _("Hardship campaign created"),
        "hardship.campaign.update": _("Hardship campaign changed"),
        "hardship.application.create": _("Hardship application started"),
        "hardship.application.save": _("Hardship application saved"),
        "hardship.upload.add": _("Document uploaded to an application"),
        "hardship.upload.delete": _("Document removed from an application"),
        "hardship.objection.record": _("Objection to a notice recorded"),
        "hardship.objection.resolve": _("Objection to a notice resolved"),
        "hardship.worker_objection.receive": _("Objection received from a worker"),
        "hardship.worker_objection.record": _("Objection received from a worker recorded as an objection"),
        "hardship.worker_objection.dismiss": _("Objection received from a worker dismissed"),
        "hardship.relief.record": _("Relief delivered recorded"),
        "hardship.file.open": _("Hardship file opened"),
        "hardship.file.help": _("Help recorded in a hardship file"),
        "hardship.file.review": _("Hardship file reviewed"),
        "hardship.file.close": _("Hardship file closed"),
        "hardship.file.reopen": _("Hardship file reopened"),
        "hardship.purge": _("Expired personal data deleted"),
    }
)
label_details(
    {
        "document": _("Document: %(document)s"),
        "attachment1_pdf": _("Attachment 1 (PDF)"),
        "attachment1_xlsx": _("Attachment 1 (xlsx)"),
        "district_summary": _("Federation summary workbook"),
    }
)
