"""The roster spreadsheet (花名册) on disk: refusing hostile files, reading rows, writing .xlsx.

Every uploaded file is checked before any Excel reader sees it: size, the zip container (not OLE2,
not a Word document, not a zip bomb, no XML entity declarations), then its first sheet is streamed
row by row (``xlsx_stream``: constant memory, ~3× faster than openpyxl's read-only mode), header
and row cap checked before the rows are used.
Writing uses XlsxWriter in constant-memory mode; formula-like cells are escaped.
"""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from xlsxwriter.utility import xl_col_to_name

from unionhome.documents import sheets
from unionhome.forms import clean_text

from . import rules, xlsx_stream
from .exceptions import RosterFileError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_PART = "xl/workbook.xml"
MAX_ZIP_ENTRIES = 10_000
MAX_COMPRESSION_RATIO = 200  # a real worksheet compresses ~10–30×; a bomb thousands of times
XML_HEAD_BYTES = 4096
# What the filetype library (magic bytes) may call an upload: an .xlsx, or a zip it cannot place.
ALLOWED_TYPES = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"}


def limits() -> dict:
    conf = settings.UNIONHOME
    return {
        "max_rows": conf["IMPORT_MAX_ROWS"],
        "max_upload": conf["IMPORT_MAX_UPLOAD_BYTES"],
        "max_uncompressed": conf["IMPORT_MAX_UNCOMPRESSED_BYTES"],
    }


def issue_message(code: str, params: dict | None = None) -> str:
    """The Chinese (translated) reason of a row problem (``rules.RowIssue.code``)."""
    params = params or {}
    messages = {
        "required": _("This cell is required."),
        "too_long": _("Longer than %(limit)s characters."),
        "choice": _("Not one of %(choices)s."),
        "choice_sheet": _(
            "Not one of the 56 ethnic groups (GB 3304, e.g. 汉族, 回族); see the sheet of choices of the template."
        ),
        "membership_status_needs_date": _(
            "A membership status other than 正常 needs the date it took effect (会籍状态日期)."
        ),
        "id_masked": _(
            "The ID number is masked (it contains *): a masked export cannot be imported; use full ID numbers."
        ),
        "id_shape": _("An ID number has 17 digits followed by a digit or X."),
        "id_birth_date": _("The birth date inside the ID number is not a real date."),
        "id_checksum": _("The ID number's check digit is wrong (GB 11643)."),
        "gender_mismatch": _("The gender does not match the ID number."),
        "id_birth_future": _("The birth date in this ID number is in the future."),
        "age_range": _(
            "By this ID number the worker is %(age)s years old; the roster takes workers aged %(low)s to %(high)s."
        ),
        "date_future": _("This date is in the future."),
        "date_before_working_age": _("This date is before the worker turned %(age)s."),
        "phone": _("Enter a phone number of 7 to 15 digits."),
        "unit_code": _("No unit with this code in the unit being imported."),
        "unit_closed": _("This unit is closed."),
        "date": _("Not a date: use an Excel date, 2024-01-05, 2024/1/5 or 2024年1月5日."),
        "member_needs_date": _("A member must have a join date."),
        "card_needs_number": _("A card marked as issued needs its card number."),
        "card_needs_member": _("Only members hold a membership card."),
        "duplicate_id": _("The same ID number is already in row %(other)s of this file."),
        "duplicate_card": _("The same membership card number is already in row %(other)s of this file."),
        "other_enterprise": _(
            "This ID number is active on the roster of another enterprise (%(unit)s); the import does not "
            "move it. The roster import of the officer workspace can start a membership transfer for "
            "such rows once the file has no other problems."
        ),
        "other_enterprise_left": _(
            "This ID number is on the roster of another enterprise (%(unit)s); it is not moved. "
            "A transfer between enterprises is done by an administrator."
        ),
        "transfer_open": _("A membership transfer of this worker is already under way."),
        "other_union": _("This ID number already belongs to a member of another union."),
        "transfer_possible": _(
            "This ID number already belongs to a member of another union; a membership transfer can be "
            "requested once the file has no other problems."
        ),
        "card_taken": _("This membership card number is already used by another worker."),
        "out_of_scope": _("This unit is outside what you may import."),
    }
    template = messages.get(code, _("This value is not valid."))
    return template % params if params else template


@dataclass(frozen=True)
class Problem:
    """A row problem ready to show: row number, column, value and the reason in words."""

    row: int
    column: str
    value: str
    reason: str
    code: str = ""


def describe(issues: Iterable[rules.RowIssue]) -> list[Problem]:
    return [Problem(i.row, i.column, i.value, issue_message(i.code, dict(i.params)), i.code) for i in issues]


def refusal_message(problems: list[Problem]) -> str:
    """The one-line summary of a refused file (naming a masked export when that is the cause)."""
    message = _("The file has %(count)s problems; nothing was imported.") % {"count": len(problems)}
    if any(p.code == "id_masked" for p in problems):
        message += " " + _(
            "The ID column contains *: this is a masked export, which cannot be imported as it is. "
            "Fill in the full ID numbers, or ask a colleague who may export them in full."
        )
    if any(p.code in ("other_enterprise", "transfer_possible") for p in problems):
        message += " " + _(
            "Rows of workers active on another enterprise's roster can only become membership transfers: "
            "upload the file in the roster import of the officer workspace and choose in the preview to "
            "start the transfers."
        )
    return message


# --- refusing hostile files ------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse an upload over the size cap (before reading it)."""
    limit = limits()["max_upload"]
    if size > limit:
        raise RosterFileError(
            _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}, code="too_large"
        )


def _open_source(source) -> BinaryIO:
    """A seekable binary file over an upload given as bytes, a path on disk or an open file."""
    if isinstance(source, bytes | bytearray | memoryview):
        return io.BytesIO(source)
    if isinstance(source, str | Path):
        try:
            return open(source, "rb")  # noqa: SIM115 -- closed when the rows have been read
        except OSError as exc:
            raise RosterFileError(
                _("The uploaded file cannot be read any more; upload it again."), code="gone"
            ) from exc
    return source


def check_container(source) -> None:
    """Refuse anything that is not a plain, reasonably sized .xlsx (raises RosterFileError).

    ``source``: the upload as bytes, a path or a seekable binary file (left at its start)."""
    lim = limits()
    file = _open_source(source)
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if not size:
        raise RosterFileError(_("The file is empty."), code="empty")
    check_size(size)
    head = file.read(8192)
    file.seek(0)
    if head.startswith(OLE2_MAGIC):
        if ENCRYPTION_STREAM in file.read():  # bounded by the upload cap checked above
            raise RosterFileError(
                _("The workbook is protected by a password. Remove the password and save it again."),
                code="encrypted",
            )
        raise RosterFileError(
            _("This is an old Excel (.xls) or other Office 97 file. Save it as .xlsx and try again."),
            code="xls",
        )
    if not head.startswith(ZIP_MAGIC):
        raise RosterFileError(
            _("This is not an Excel .xlsx file (it may be CSV, text or another format)."), code="not_xlsx"
        )
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RosterFileError(_("The file is damaged (not a readable .xlsx)."), code="corrupt") from exc
    _check_entries(archive, entries, lim["max_uncompressed"])
    file.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime not in ALLOWED_TYPES:
        raise RosterFileError(
            _("This is not an Excel .xlsx file (it may be CSV, text or another format)."), code="not_xlsx"
        )


def _check_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], max_uncompressed: int) -> None:
    bomb = RosterFileError(
        _("The file would unpack to more than %(limit)s MB; it is refused.")
        % {"limit": max_uncompressed // (1024 * 1024)},
        code="zip_bomb",
    )
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > max_uncompressed:
        raise bomb
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_COMPRESSION_RATIO * max(
            entry.compress_size, 1
        ):
            raise bomb
    names = {e.filename for e in entries}
    if WORKBOOK_PART not in names or "[Content_Types].xml" not in names:
        if "word/document.xml" in names:
            raise RosterFileError(_("This is a Word document, not an Excel workbook."), code="word")
        raise RosterFileError(_("This is not an Excel .xlsx file (no workbook inside)."), code="not_xlsx")
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(entry) as part:
                head = part.read(XML_HEAD_BYTES)
        # zipfile raises NotImplementedError for a compression method it does not support (a
        # hostile or exotic archive): that file is refused as damaged, like any unreadable part.
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise RosterFileError(_("The file is damaged (not a readable .xlsx)."), code="corrupt") from exc
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise RosterFileError(
                _("The file contains XML entity declarations, which are not allowed."), code="xml_entities"
            )


# --- reading ---------------------------------------------------------------------------------


HEADER_MAX_COLUMNS = 64  # a header wider than this is wrong anyway; cells further right are not read


@dataclass
class RosterSheet:
    """The checked first sheet of a roster file: ``rows`` streams (row number, cells) after the header."""

    total: int  # data rows (blank rows included), known before reading them
    _rows: Iterator[tuple[int, list]]
    columns: tuple[str, ...] = rules.ROSTER_COLUMNS  # the twelve, or with the optional real-name ones

    def rows(self) -> Iterator[tuple[int, list]]:
        """Rows cut (or padded) to the header's width: cells under no column are not read."""
        width = len(self.columns)
        for number, cells in self._rows:
            # every character clean_text drops is unprintable: a printable cell is left as it is
            cells = [
                clean_text(c) if isinstance(c, str) and not c.isprintable() else c for c in cells[:width]
            ]
            if not rules.is_blank_row(cells):
                yield number, cells + [None] * (width - len(cells))


def _damaged(exc: Exception) -> RosterFileError:
    if isinstance(exc, xlsx_stream.DoctypeRefused):
        return RosterFileError(
            _("The file contains XML entity declarations, which are not allowed."), code="xml_entities"
        )
    return RosterFileError(_("The file is damaged (not a readable .xlsx)."), code="corrupt")


def _too_many(rows: int, limit: int) -> RosterFileError:
    return RosterFileError(
        _("The file has %(rows)s rows; at most %(limit)s rows can be imported at once.")
        % {"rows": rows, "limit": limit},
        code="too_many_rows",
    )


def _stream(book: xlsx_stream.Workbook, rows: Iterator, header_row: int, max_rows: int):
    """The data rows after the header, refusing a file past the row cap as it is read (its
    <dimension> may be missing or wrong) and turning a damaged part into a clear refusal."""
    try:
        for number, cells in rows:
            if number - header_row > max_rows:
                raise RosterFileError(
                    _(
                        "The file has more than %(limit)s rows; at most %(limit)s rows can be imported at once."
                    )
                    % {"limit": max_rows},
                    code="too_many_rows",
                )
            yield number, cells
    except xlsx_stream.XlsxError as exc:
        raise _damaged(exc) from exc
    finally:
        book.close()


def open_sheet(source) -> tuple[list, Iterator[tuple[int, list]], int]:
    """Check any uploaded workbook (container, row cap) and open its first sheet for streaming:
    (header cells, iterator over the (row number, cells) after it, number of data rows).
    ``source``: the upload as bytes, a path or a seekable binary file."""
    file = _open_source(source)
    check_container(file)
    max_rows = limits()["max_rows"]
    try:
        book = xlsx_stream.Workbook(file)
        if not book.sheet_names or book.sheet_part is None:
            raise RosterFileError(_("The workbook has no sheet."), code="no_sheet")
        last = book.dimension_rows()
        if last is None or last > max_rows + 1:  # no hint, or one to check: count the rows with values
            last = book.last_row_with_values()
        rows = book.rows(HEADER_MAX_COLUMNS)
        header_row, header = 0, []
        for number, cells in rows:
            if any(c is not None for c in cells):
                header_row, header = number, cells
                break
    except xlsx_stream.XlsxError as exc:
        raise _damaged(exc) from exc
    total = max(last - header_row, 0) if header_row else 0
    if total > max_rows:
        raise _too_many(total, max_rows)
    return header, _stream(book, rows, header_row, max_rows), total


def open_roster(source) -> RosterSheet:
    """Check a roster file completely (container, row cap, header) and open its rows for streaming."""
    header, iterator, total = open_sheet(source)
    missing, unknown, wrong_order = rules.header_problems(header)
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(columns)s") % {"columns": "、".join(unknown)})
        raise RosterFileError(
            _("The header row does not match the template (%(problems)s).") % {"problems": "; ".join(parts)},
            code="header",
        )
    columns = rules.header_columns(header)
    if wrong_order:
        raise RosterFileError(
            _("The columns are in the wrong order; they must be: %(columns)s.")
            % {"columns": "、".join(columns)},
            code="header_order",
        )
    return RosterSheet(total=total, _rows=iterator, columns=columns)


def check_path(path: str | Path) -> Path:
    """An uploaded file on disk, refused when over the upload cap or gone (read later, streamed)."""
    path = Path(path)
    try:
        check_size(path.stat().st_size)
    except OSError as exc:
        raise RosterFileError(
            _("The uploaded file cannot be read any more; upload it again."), code="gone"
        ) from exc
    return path


# --- writing ---------------------------------------------------------------------------------


class _Book(sheets.Workbook):
    """The roster's workbook: constant-memory, with the roster's header colour and text columns."""

    def __init__(self, target):
        super().__init__(target, constant_memory=True)
        self.header = self.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})

    def roster_sheet(self, name: str) -> sheets.Sheet:
        widths = (10, 6, 22, 14, 10, 14, 12, 8, 12, 14, 8, 8, 10, 14, 14, 24, 8, 8, 12, 20)
        text_columns, date_columns = (2, 3, 5, 9, 15, 19), (6, 8, 18)
        formats = dict.fromkeys(text_columns, "text") | dict.fromkeys(date_columns, "date")
        return self.sheet(
            name,
            rules.ALL_ROSTER_COLUMNS,
            widths=widths,
            header_format=self.header,
            column_formats=formats,
            freeze=True,
        )


# The rows of one sheet below its header: an .xlsx sheet holds 1,048,576 rows, and XlsxWriter
# ignores a write past the last one without an error.
SHEET_ROWS = 1_048_576 - 1


def write_roster(target, rows: Iterable[list], *, progress: Callable[[int], None] | None = None) -> int:
    """Write roster rows (lists of cells in ALL_ROSTER_COLUMNS order) to ``target`` (path or file).
    Past ``SHEET_ROWS`` rows the roster goes on to further sheets (``花名册 (2)``…), each with the
    header; ``progress`` counts the rows of every sheet."""
    book = _Book(target)
    rows = iter(rows)
    count, part = 0, 1
    while True:
        name = _("Roster") + ("" if part == 1 else f" ({part})")
        done = count
        count += book.roster_sheet(name).write_rows(
            itertools.islice(rows, SHEET_ROWS),
            progress=None if progress is None else (lambda n, done=done: progress(done + n)),
        )
        following = next(rows, None)
        if following is None:
            break
        rows, part = itertools.chain([following], rows), part + 1
    book.close()
    return count


COLUMN_HELP = {
    "姓名": gettext_lazy("Required. The worker's full name."),
    "性别": gettext_lazy("Required. 男 or 女; must agree with the ID number."),
    "身份证号": gettext_lazy(
        "Required. 18-character citizen ID number (GB 11643); the key that matches existing workers."
    ),
    "手机号": gettext_lazy("Optional. 7 to 15 digits."),
    "用工性质": gettext_lazy("Required. 正式, 派遣 or 农民工."),
    "组织编码": gettext_lazy(
        "Required. The code of the unit (branch or group) the worker belongs to; see the sheet of codes."
    ),
    "入职日期": gettext_lazy("Optional. An Excel date or text such as 2024-01-05, 2024/1/5 or 2024年1月5日."),
    "是否会员": gettext_lazy("Required. 是 or 否."),
    "入会日期": gettext_lazy("Required for members. A date, as above."),
    "会员证号": gettext_lazy("Optional; unique. Required when 是否发证 is 是."),
    "是否发证": gettext_lazy("是 or 否 (empty means 否). 是 needs a member and a card number."),
    "状态": gettext_lazy("在职, 离职 or 退休 (empty means 在职)."),
    "民族": gettext_lazy(
        "Optional column (real-name registration, with the seven after it: all eight or none). "
        "One of the 56 ethnic groups of GB 3304, e.g. 汉族; listed on the sheet of choices."
    ),
    "政治面貌": gettext_lazy(
        "Optional. GB/T 4762: 中共党员, 共青团员, 群众 and the others on the sheet of choices."
    ),
    "学历": gettext_lazy("Optional. 博士研究生 … 小学, 其他 (GB/T 4658); listed on the sheet of choices."),
    "户籍所在地": gettext_lazy("Optional. The household registration place, e.g. 山西省太原市小店区."),
    "户口性质": gettext_lazy("Optional. 城镇 or 农村 (with 用工性质 it identifies migrant workers)."),
    "会籍状态": gettext_lazy("正常, 转出, 保留 or 终止 (empty means 正常)."),
    "会籍状态日期": gettext_lazy(
        "Required when 会籍状态 is not 正常: the date it took effect. A date, as above."
    ),
    "会籍状态原因": gettext_lazy("Optional. The reason for the membership status."),
}


def write_template(target, *, unit_codes: list[tuple[str, str]], max_rows: int) -> None:
    """The blank roster template: drop-downs on the closed columns, a sheet explaining each column,
    and a sheet listing the unit codes (组织编码) the importing unit may use."""
    book = _Book(target)
    wb = book.book
    sheet = book.roster_sheet(_("Roster")).ws
    last = max_rows
    col_of = {c: i for i, c in enumerate(rules.ROSTER_COLUMNS)}
    for column, labels in rules.CLOSED_COLUMNS.items():
        col = col_of[column]
        sheet.data_validation(
            1,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": list(labels),
                "error_title": column,
                "error_message": _("Choose one of: %(choices)s") % {"choices": "、".join(labels)},
            },
        )
    codes_sheet = wb.add_worksheet(_("Unit codes"))
    codes_sheet.write_row(0, 0, ["组织编码", _("unit")], book.header)
    for i, (code, name) in enumerate(unit_codes, start=1):
        codes_sheet.write_string(i, 0, sheets.escape_cell(code))
        codes_sheet.write_string(i, 1, sheets.escape_cell(name))
    codes_sheet.set_column(0, 0, 16)
    codes_sheet.set_column(1, 1, 30)
    if unit_codes:
        sheet_name = codes_sheet.get_name().replace("'", "''")
        sheet.data_validation(
            1,
            col_of["组织编码"],
            last,
            col_of["组织编码"],
            {"validate": "list", "source": f"='{sheet_name}'!$A$2:$A${len(unit_codes) + 1}"},
        )
    help_sheet = wb.add_worksheet(_("How to fill in"))
    help_sheet.write_row(0, 0, [_("column"), _("how to fill in")], book.header)
    for i, column in enumerate(rules.ALL_ROSTER_COLUMNS, start=1):
        help_sheet.write_string(i, 0, column)
        help_sheet.write_string(i, 1, str(COLUMN_HELP[column]))
    notes = (
        _(
            "Rows are matched by ID number: existing workers are updated, new ones added. "
            "A file with any error changes nothing; the report lists every problem."
        ),
        _(
            "The last eight columns (民族 to 会籍状态原因) are the member facts of the real-name "
            "registration. A file without them (the twelve columns only) still imports and leaves "
            "these facts unchanged; a file with them sets them (an empty cell clears the fact)."
        ),
        _(
            "The drop-downs of 民族, 政治面貌, 学历, 户口性质 and 会籍状态 take their values from the "
            "hidden sheet %(sheet)s (in Excel: right-click a sheet tab → Unhide)."
        )
        % {"sheet": choices_sheet_name()},
    )
    for offset, note in enumerate(notes):
        help_sheet.write_string(len(rules.ALL_ROSTER_COLUMNS) + 2 + offset, 0, str(note))
    help_sheet.set_column(0, 0, 12)
    help_sheet.set_column(1, 1, 90)
    _real_name_validations(book, sheet, last)
    book.close()


def choices_sheet_name() -> str:
    """The name of the template's hidden sheet listing the closed sets of the real-name columns."""
    return _("Choices")


def _real_name_validations(book: _Book, sheet, last: int) -> None:
    """Drop-downs for the closed sets of the real-name columns, their lists on a hidden sheet (the
    56 ethnic groups are too long for an inline list)."""
    choices = book.book.add_worksheet(choices_sheet_name())
    col_of = {c: i for i, c in enumerate(rules.ALL_ROSTER_COLUMNS)}
    name = choices.get_name().replace("'", "''")
    lists = [
        [label for _code, label in rules.CLOSED_SETS[field_name]]
        for field_name in rules.REAL_NAME_CLOSED.values()
    ]
    choices.write_row(0, 0, list(rules.REAL_NAME_CLOSED), book.header)
    for i in range(max(len(labels) for labels in lists)):  # row by row: the workbook is constant-memory
        for n, labels in enumerate(lists):
            if i < len(labels):
                choices.write_string(i + 1, n, labels[i])
    for n, (column, labels) in enumerate(zip(rules.REAL_NAME_CLOSED, lists, strict=True)):
        letter = xl_col_to_name(n)
        sheet.data_validation(
            1,
            col_of[column],
            last,
            col_of[column],
            {
                "validate": "list",
                "source": f"='{name}'!${letter}$2:${letter}${len(labels) + 1}",
                "error_title": column,
                "error_message": _("Choose one of the values listed on the sheet %(sheet)s.")
                % {"sheet": choices_sheet_name()},
            },
        )
    choices.set_column(0, len(rules.REAL_NAME_CLOSED) - 1, 14)
    choices.hide()


def write_report(target, problems: Iterable[Problem]) -> None:
    """The row-by-row error report as .xlsx: row, column, value, reason."""
    book = _Book(target)
    sheet = book.book.add_worksheet(_("Errors"))
    sheet.write_row(0, 0, [_("row"), _("column"), _("value"), _("reason")], book.header)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 70)
    for n, p in enumerate(problems, start=1):
        sheet.write_number(n, 0, p.row)
        sheet.write_string(n, 1, p.column)
        sheet.write_string(n, 2, sheets.escape_cell(p.value))
        sheet.write_string(n, 3, p.reason)
    book.close()


def to_bytes(writer: Callable, *args, **kwargs) -> bytes:
    buffer = io.BytesIO()
    writer(buffer, *args, **kwargs)
    return buffer.getvalue()
