"""The printed layout of a ledger (台账) as .xlsx: a title row with the unit and the period, the
header, one row per entry, and the signature line (``unionhome.documents.sheets``, which escapes
every formula-like cell)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from unionhome.documents.sheets import Workbook

from . import kinds, rules, selectors


def period_label(year: int, quarter: int | None) -> str:
    if quarter:
        return _("%(year)s, quarter %(quarter)s") % {"year": year, "quarter": quarter}
    return str(year)


def ledger_xlsx(user, *, kind: kinds.Kind, unit_name: str, year: int, quarter: int | None, entries) -> bytes:
    header = [_("No."), _("date"), _("unit"), _("title"), *(str(f.label) for f in kind.fields)]
    if kind.has_status:
        header.append(str(_("status")))
    if kind.participants:
        header.append(str(_("participants")))
    book = Workbook()
    title = _("%(unit)s · %(kind)s ledger · %(period)s") % {
        "unit": unit_name,
        "kind": kind.label,
        "period": period_label(year, quarter),
    }
    sheet = book.sheet(
        str(kind.label),
        header,
        title=title,
        text_format="wrap",
        widths=[6, 12, 16, 24] + [18] * (len(header) - 4),
    )
    for n, entry in enumerate(entries, start=1):
        row: list = [n, entry.date, entry.branch.name, entry.title]
        for f in kind.fields:
            value = entry.data.get(f.name)
            if f.type == rules.INT and value is not None:
                row.append(int(value))
            elif f.type == rules.DECIMAL and value is not None:
                row.append(rules.as_decimal(value))
            elif f.type == rules.DATE and value:
                row.append(dt.date.fromisoformat(value))
            else:
                row.append(selectors.display_value(user, f, value))
        if kind.has_status:
            row.append(str(entry.get_status_display()))
        if kind.participants:
            row.append("、".join(p.worker.name for p in entry.participants.all()))
        sheet.write_row(row)
    sheet.write_row([])
    sheet.write_row([_("Recorded by:"), "", "", _("Checked by:"), "", _("Date:")])
    return book.close()
