"""The member information sheet (会员信息采集表) as PDF: a template rendered by the kernel's
``unionhome.documents.pdf``."""

from __future__ import annotations

from django.utils import timezone

from unionhome.documents import pdf

from .models import MembershipTransfer, Worker


def member_sheet_pdf(worker: Worker, *, full_ids: bool) -> bytes:
    """One worker's sheet for checking and signing; ID and phone masked unless ``full_ids``."""
    ancestors = worker.branch.ancestor_paths()
    names = dict(type(worker.branch).objects.filter(path__in=ancestors).values_list("path", "name"))
    transfers = (
        MembershipTransfer.objects.filter(worker=worker, state=MembershipTransfer.State.ACCEPTED)
        .select_related("from_branch", "to_unit")
        .order_by("effective_on")
    )
    return pdf.render(
        "branches/member_sheet.html",
        {
            "worker": worker,
            "id_display": worker.id_number if full_ids else worker.masked_id_number,
            "phone_display": worker.phone if full_ids else worker.masked_phone,
            "unit_path": " / ".join(names[p] for p in ancestors[1:] if p in names) or worker.branch.name,
            "transfers": transfers,
            "today": timezone.localdate(),
        },
    )
