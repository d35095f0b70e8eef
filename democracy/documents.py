"""Excel exports and PDF documents (minutes and resolutions) of democratic management."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter
from django.http import HttpResponse
from django.template.loader import render_to_string

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Neutralise formula injection: text starting with = + - @ tab or CR gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_bytes(headers: list, rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    percent = book.add_format({"num_format": "0.0%"})
    for col, header in enumerate(headers):
        sheet.write_string(0, col, str(header), bold)
        sheet.set_column(col, col, 16)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if value is None:
                sheet.write_blank(r, col, None)
            elif isinstance(value, Decimal):
                sheet.write_number(r, col, float(value), percent)
            elif isinstance(value, bool):
                sheet.write_boolean(r, col, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, col, value)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date)
            else:
                sheet.write_string(r, col, str(safe_cell(str(value))))
    book.close()
    return buffer.getvalue()


def xlsx_response(filename: str, headers: list, rows: list[list]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(headers, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def minutes_pdf(session, counts: dict) -> bytes:
    """Minutes and resolutions of a congress session, with the CJK font embedded."""
    from weasyprint import HTML

    html = render_to_string(
        "democracy/minutes_pdf.html",
        {
            "session": session,
            "counts": counts,
            "agenda": session.agenda.all(),
            "resolutions": session.resolutions.all(),
        },
    )
    return HTML(string=html).write_pdf()
