"""Documents of branches made as files: the committee rosters (.xlsx), through the kernel's
writer (``unionhome.documents``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from unionhome.documents import sheets

from .models import CommitteeSeat, Worker

COMMITTEE_ROSTER_WIDTHS = (24, 18, 8, 12, 12, 16, 12, 6, 22, 24, 12)


def committee_rosters_xlsx(seats: Iterable[CommitteeSeat], *, full_ids: Callable[[Worker], bool]) -> bytes:
    """The seats of the terms in force, one row each; a worker's ID number masked unless ``full_ids``."""
    header = (
        _("Unit"), _("Committee"), _("Term"), _("Term start"), _("Term end"), _("Position"), _("Name"),
        _("Gender"), _("ID number"), _("Unit of the worker"), _("Seat since"),
    )  # fmt: skip
    book = sheets.Workbook()
    sheet = book.sheet(_("Committee rosters"), header, widths=COMMITTEE_ROSTER_WIDTHS)
    for seat in seats:
        term, worker = seat.term, seat.worker
        sheet.write_row(
            (
                term.committee.branch.name, term.committee.get_kind_display(), term.number, str(term.start),
                str(term.end), seat.get_position_display(), worker.name, worker.get_gender_display(),
                worker.id_number if full_ids(worker) else worker.masked_id_number, worker.branch.name,
                str(seat.start),
            )
        )  # fmt: skip
    return book.close()
