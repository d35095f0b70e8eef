"""Excel exports and PDF documents (minutes and resolutions) of democratic management, made by the
kernel's writers (``unionhome.documents``)."""

from __future__ import annotations

from django.http import HttpResponse

from unionhome.documents import pdf, sheets


def xlsx_response(label, headers: list, rows: list[list], *, slug: str = "sheet") -> HttpResponse:
    """One sheet as a download named ``<label>-<date>.xlsx``; a ``Decimal`` here is a rate (shown as %)."""
    content = sheets.xlsx_bytes(headers, rows, decimal_format="percent")
    return sheets.xlsx_response(content, label=label, slug=slug)


def minutes_pdf(session, counts: dict) -> bytes:
    """Minutes and resolutions of a congress session."""
    return pdf.render(
        "democracy/minutes_pdf.html",
        {
            "session": session,
            "counts": counts,
            "agenda": session.agenda.all(),
            "resolutions": session.resolutions.all(),
        },
    )
