""".xlsx documents, written by XlsxWriter: one workbook helper and the one formula escaper.

Every spreadsheet the system writes goes through ``Workbook``: strings are never turned into
formulas or links, text a spreadsheet would run as a formula is escaped (``escape_cell``), dates
and money have one format each, and a big export writes row by row in XlsxWriter's
constant-memory mode (``Workbook(target, constant_memory=True)``: rows strictly in order, flat
memory whatever the size).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from unionhome import downloads

# A cell starting with one of these is run as a formula by a spreadsheet (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAYBE_ESCAPED = frozenset("".join(FORMULA_STARTS) + "'")  # first characters worth a closer look
SHEET_NAME_MAX = 31
DEFAULT_WIDTH = 16
PROGRESS_EVERY = 1000


def escape_cell(value):
    """A cell value that a spreadsheet never runs as a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading ``'``; so does text
    that already starts with ``'`` followed by one of those, so that reading the file back and
    removing one leading quote (as the roster import does) gives the original text.
    Anything that is not text (numbers, dates, None) is returned unchanged.
    """
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or (value.startswith("'") and value[1:2] in FORMULA_STARTS)
    ):
        return "'" + value
    return value


class Workbook:
    """An .xlsx workbook with the project's formats.

    ``target`` is a path or a binary file; without one the workbook is built in memory and
    ``close()`` returns its bytes. ``constant_memory`` streams rows to disk as they are written
    (for exports of any size; each sheet must then be written row by row, top to bottom).
    """

    def __init__(self, target=None, *, constant_memory: bool = False):
        self._buffer = io.BytesIO() if target is None else None
        options = {"strings_to_formulas": False, "strings_to_urls": False}
        if constant_memory:
            options["constant_memory"] = True
        else:
            options["in_memory"] = True
        self.book = xlsxwriter.Workbook(target if target is not None else self._buffer, options)
        add = self.book.add_format
        self.formats = {
            "header": add({"bold": True, "text_wrap": True, "valign": "top"}),
            "title": add({"bold": True, "font_size": 14}),
            "date": add({"num_format": "yyyy-mm-dd"}),
            "datetime": add({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": add({"num_format": "#,##0.00"}),
            "percent": add({"num_format": "0.0%"}),
            "score": add({"num_format": "0.0"}),
            "text": add({"num_format": "@"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
        }

    def add_format(self, properties: dict):
        return self.book.add_format(properties)

    def sheet(
        self,
        name: str,
        header: Sequence = (),
        *,
        widths: Sequence[int] | None = None,
        title: str = "",
        header_format=None,
        column_formats: dict | None = None,
        decimal_format: str = "money",
        text_format: str | None = None,
        freeze: bool = False,
    ) -> Sheet:
        """A new worksheet with an optional title row and a header row, the next row ready to write.

        ``column_formats`` maps a column to one of ``self.formats``' names (or a format), applied to
        the whole column; ``decimal_format`` is how ``Decimal`` values are shown ("money" or
        "percent"); ``text_format`` ("wrap") is applied to every text cell.
        """
        ws = self.book.add_worksheet(str(name)[:SHEET_NAME_MAX])
        row = 0
        if title:
            ws.write_string(0, 0, escape_cell(str(title)), self.formats["title"])
            row = 2
        for col, width in enumerate(widths or [DEFAULT_WIDTH] * len(header)):
            fmt = (column_formats or {}).get(col)
            ws.set_column(col, col, width, self.formats.get(fmt, fmt) if isinstance(fmt, str) else fmt)
        if header:
            fmt = header_format if header_format is not None else self.formats["header"]
            for col, label in enumerate(header):
                ws.write_string(row, col, escape_cell(str(label)), fmt)
            row += 1
            if freeze:
                ws.freeze_panes(row, 0)
        return Sheet(
            self,
            ws,
            row,
            decimal_format=self.formats[decimal_format],
            text_format=self.formats[text_format] if text_format else None,
        )

    def close(self) -> bytes | None:
        """Finish the file; the bytes of an in-memory workbook."""
        self.book.close()
        return self._buffer.getvalue() if self._buffer is not None else None


class Sheet:
    """One worksheet, written row by row from ``row`` on (``ws`` is the XlsxWriter worksheet)."""

    def __init__(self, workbook: Workbook, ws, row: int, *, decimal_format, text_format=None):
        self.workbook, self.ws, self.row = workbook, ws, row
        self._decimal, self._text = decimal_format, text_format

    def write_row(self, values: Iterable) -> None:
        self.write_rows((values,))

    def write_rows(self, rows: Iterable[Iterable], progress: Callable[[int], None] | None = None) -> int:
        """Write the rows below the last one written; returns how many. ``progress(n)`` is called
        every thousand rows. Empty cells (None, "") are left blank."""
        ws, formats = self.ws, self.workbook.formats
        write_string, write_number, write_datetime = ws.write_string, ws.write_number, ws.write_datetime
        write_boolean = ws.write_boolean
        date_fmt, datetime_fmt, decimal_fmt, text_fmt = (
            formats["date"],
            formats["datetime"],
            self._decimal,
            self._text,
        )
        start = n = self.row
        for cells in rows:
            for col, value in enumerate(cells):
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    if value[0] in _MAYBE_ESCAPED:
                        value = escape_cell(value)
                    write_string(n, col, value, text_fmt)
                elif isinstance(value, bool):
                    write_boolean(n, col, value)
                elif isinstance(value, int | float):
                    write_number(n, col, value)
                elif isinstance(value, Decimal):
                    write_number(n, col, float(value), decimal_fmt)
                elif isinstance(value, dt.datetime):
                    if timezone.is_aware(value):
                        value = timezone.localtime(value).replace(tzinfo=None)
                    write_datetime(n, col, value, datetime_fmt)
                elif isinstance(value, dt.date):
                    write_datetime(n, col, dt.datetime(value.year, value.month, value.day), date_fmt)
                else:
                    write_string(n, col, escape_cell(str(value)), text_fmt)
            n += 1
            if progress is not None and (n - start) % PROGRESS_EVERY == 0:
                progress(n - start)
        self.row = n
        return n - start


def xlsx_bytes(header: Sequence, rows: Iterable[Iterable], *, name: str = "Sheet1", **options) -> bytes:
    """One sheet with a header row and the rows, as .xlsx bytes (options: ``Workbook.sheet``)."""
    book = Workbook()
    book.sheet(name, header, **options).write_rows(rows)
    return book.close()


def xlsx_response(content: bytes, *, label, slug: str = "sheet", on=None):
    """.xlsx bytes as a download named ``<label>-<date>.xlsx`` (``unionhome.downloads``)."""
    return downloads.content_response(
        content, label=label, content_type=downloads.XLSX, ext="xlsx", on=on, slug=slug
    )
