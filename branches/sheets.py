"""The member information sheet (会员信息采集表) as PDF: rendered from a template by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .models import MembershipTransfer, Worker


def member_sheet_pdf(worker: Worker, *, full_ids: bool) -> bytes:
    """One worker's sheet for checking and signing; ID and phone masked unless ``full_ids``."""
    from weasyprint import HTML  # imported here: loading WeasyPrint costs time every page does not need

    ancestors = worker.branch.ancestor_paths()
    names = dict(type(worker.branch).objects.filter(path__in=ancestors).values_list("path", "name"))
    transfers = (
        MembershipTransfer.objects.filter(worker=worker, state=MembershipTransfer.State.ACCEPTED)
        .select_related("from_branch", "to_unit")
        .order_by("effective_on")
    )
    html = render_to_string(
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
    return HTML(string=html).write_pdf()
