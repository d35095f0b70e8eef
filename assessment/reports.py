"""Files in and out: standards as .xlsx (export and import), assessment reports as PDF and .xlsx."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
import zlib
from xml.parsers import expat

from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_rowcol_to_cell

from unionhome.documents import pdf
from unionhome.documents.sheets import Workbook

from .exceptions import StandardInvalid

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 1000
MAX_COLUMNS = 50  # the layout uses at most nine; a sheet wider than this is not a standard
SCAN_CHUNK = 64 * 1024

HEADER_KEYS = (
    "code",
    "name",
    "issuer",
    "level",
    "title",
    "kind",
    "effective_date",
    "pass_mark",
    "description",
)
JSON_HEADER_KEYS = ("targets", "gates")  # written and read as JSON text
ITEM_COLUMNS = ("section", "text", "points", "guidance", "evidence_expected", "indicator", "scoring", "step")
VETO_COLUMNS = ("text", "indicator")


def _write_sheet(book: Workbook, name: str, rows, column_formats: dict | None = None) -> None:
    """The first row is the header; dates are written as ISO text (what the import reads back)."""
    header, *body = rows
    book.sheet(name, header, column_formats=column_formats).write_rows(
        [v.isoformat() if isinstance(v, dt.date) else v for v in row] for row in body
    )


def standard_xlsx(spec: dict) -> bytes:
    """Three sheets: standard (key/value), items, vetoes; the import reads the same layout."""
    book = Workbook()
    header = [(k, spec.get(k)) for k in HEADER_KEYS] + [(k, _json(spec.get(k))) for k in JSON_HEADER_KEYS]
    _write_sheet(book, "standard", [("key", "value")] + header)
    items = [
        tuple(_json(i.get(c)) if c == "scoring" else i.get(c) for c in ITEM_COLUMNS) for i in spec["items"]
    ]
    _write_sheet(book, "items", [ITEM_COLUMNS] + items)
    _write_sheet(
        book, "vetoes", [VETO_COLUMNS] + [tuple(v.get(c) for c in VETO_COLUMNS) for v in spec["vetoes"]]
    )
    return book.close()


def _check_archive(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise StandardInvalid(_("The file is larger than 2 MB."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise StandardInvalid(_("The file unpacks to more than 20 MB and is refused."))
    except zipfile.BadZipFile:
        raise StandardInvalid(_("This is not an .xlsx file.")) from None


class _Unreadable(Exception):
    """A part of the package is not well-formed XML (a picture, or a damaged part)."""


class _Doctype(_Unreadable):
    """A part declares a document type (and so possibly entities): refused, never expanded."""


class _FarValue(Exception):
    """A value past the row or column cap, at (row, column)."""


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _first_far_value(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[int, int] | None:
    """(row, column), 1-based, of the first value in ``entry``'s <sheetData> past MAX_ROWS or
    MAX_COLUMNS, or None. Positions as python-calamine reads them: a cell's ``r`` ("CV400000"),
    or the row's ``r`` and the cell's place in the row; a cell without a value (<v>, <is>) does
    not count, as calamine leaves it out."""
    state = {"in_data": 0, "row": 0, "col": 0, "cell": None}

    def start(name, attrs):
        name = name.rsplit(":", 1)[-1]
        if name == "sheetData":
            state["in_data"] += 1
        elif not state["in_data"]:
            return
        elif name == "row":
            number = attrs.get("r", "").strip()
            state["row"] = int(number) if number.isdigit() else state["row"] + 1
            state["col"] = 0
        elif name == "c":
            ref = attrs.get("r", "").strip()
            letters = ref.rstrip("0123456789")
            digits = ref[len(letters) :]
            state["col"] = _column_number(letters) if letters.isalpha() else state["col"] + 1
            state["cell"] = (int(digits) if digits else state["row"], state["col"])
        elif name in ("v", "is") and state["cell"] is not None:
            row, col = state["cell"]
            if row > MAX_ROWS or col > MAX_COLUMNS:
                raise _FarValue(row, col)

    def end(name):
        name = name.rsplit(":", 1)[-1]
        if name == "sheetData":
            state["in_data"] -= 1
        elif name == "c":
            state["cell"] = None

    def doctype(*_args):
        raise _Doctype

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = doctype
    try:
        with archive.open(entry) as part:
            while chunk := part.read(SCAN_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _FarValue as far:
        return far.args
    except (expat.ExpatError, ValueError) as exc:
        raise _Unreadable(str(exc)) from exc
    return None


def _mentions_sheet_data(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(entry) as part:
        while chunk := part.read(SCAN_CHUNK):
            if b"sheetData" in tail + chunk:
                return True
            tail = chunk[-8:]
    return False


def _check_extent(data: bytes) -> None:
    """Refuse a workbook with a value beyond MAX_ROWS rows or MAX_COLUMNS columns before
    python-calamine reads it: calamine holds a sheet as one dense rectangle up to its last value,
    so a single value at CV400000 next to A1 would cost it 40 million cells (over a gigabyte).

    Every part is scanned, whatever its name (a worksheet may be stored under any name), as a
    stream (memory: one chunk). A part that is not well-formed XML is skipped (pictures), unless
    it holds worksheet data: then the file is refused, as is any document type declaration."""
    unreadable = StandardInvalid(_("The file cannot be read as a workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                if entry.is_dir():
                    continue
                try:
                    far = _first_far_value(archive, entry)
                except _Unreadable as exc:
                    if isinstance(exc, _Doctype) or _mentions_sheet_data(archive, entry):
                        raise unreadable from None
                    continue
                if far is not None:
                    row, col = far
                    raise StandardInvalid(
                        _(
                            "A sheet has a value in cell %(cell)s; a standard's sheets have at most "
                            "%(rows)s rows and %(columns)s columns."
                        )
                        % {
                            "cell": xl_rowcol_to_cell(row - 1, col - 1),
                            "rows": MAX_ROWS,
                            "columns": MAX_COLUMNS,
                        }
                    )
    # A damaged or hostile workbook is refused as unreadable; zipfile raises NotImplementedError
    # for a compression method it does not support, which is such a file too.
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        raise unreadable from None


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def _from_json(text: str, what: str):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise StandardInvalid(_("%(what)s is not valid JSON.") % {"what": what}) from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def read_standard_xlsx(data: bytes) -> dict:
    """Parse a standard from the export's layout; raise StandardInvalid with row-by-row problems."""
    from python_calamine import CalamineWorkbook

    _check_archive(data)
    _check_extent(data)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {name: book.get_sheet_by_name(name).to_python() for name in ("standard", "items", "vetoes")
                  if name in book.sheet_names}  # fmt: skip
    except Exception:  # noqa: BLE001 - any reader failure is a bad file for the user
        raise StandardInvalid(_("The file cannot be read as a workbook.")) from None
    missing = [n for n in ("standard", "items") if n not in sheets]
    if missing:
        raise StandardInvalid(_("Sheets missing: %(names)s") % {"names": ", ".join(missing)})
    if any(len(rows) > MAX_ROWS for rows in sheets.values()):
        raise StandardInvalid(_("Too many rows."))
    spec: dict = {}
    for row in sheets["standard"][1:]:
        if row and _text(row[0]) in HEADER_KEYS + JSON_HEADER_KEYS:
            spec[_text(row[0])] = row[1] if len(row) > 1 else ""
    for key in JSON_HEADER_KEYS:
        spec[key] = _from_json(_text(spec.get(key)), key)
    for key in HEADER_KEYS:
        value = spec.get(key)
        if key == "effective_date":
            if isinstance(value, dt.datetime):
                value = value.date()
            elif not isinstance(value, dt.date):
                try:
                    value = dt.date.fromisoformat(_text(value))
                except ValueError:
                    raise StandardInvalid(_("The effective date is not a date (YYYY-MM-DD).")) from None
            spec[key] = value
        else:
            spec[key] = _text(value)
    spec["kind"] = spec["kind"] or "scored"

    def table(rows, columns):
        result = []
        for row in rows[1:]:
            values = [_text(v) for v in row] + [""] * len(columns)
            if not any(values):
                continue
            result.append(dict(zip(columns, values, strict=False)))
        return result

    spec["items"] = table(sheets["items"], ITEM_COLUMNS)
    for n, item in enumerate(spec["items"], start=1):
        item["scoring"] = _from_json(item.get("scoring", ""), _("Item %(n)s scoring") % {"n": n}) or {}
    spec["vetoes"] = table(sheets.get("vetoes", [[]]), VETO_COLUMNS)
    return spec


def assessment_xlsx(context: dict) -> bytes:
    """The assessment's items, scores, evidence list and veto findings in one workbook."""
    book = Workbook()
    a = context["assessment"]
    result = context["result"]
    summary = [
        (_("Unit"), a.branch.name),
        (_("Standard"), str(a.standard)),
        (_("Period"), f"{a.get_period_kind_display()} {a.period_start} – {a.period_end}"),
        (_("State"), a.get_state_display()),
        (_("Total"), float(result.total)),
        (_("Rating"), context["rating_label"]),
    ]
    _write_sheet(book, _("Summary"), [(_("Field"), _("Value"))] + summary)
    items = [
        (
            _("Section"),
            _("Item"),
            _("Points"),
            _("Suggested score"),
            _("Self score"),
            _("Reviewer score"),
            _("Comment"),
            _("Evidence"),
        )
    ]
    for s in context["scores"]:
        suggestion = getattr(s, "suggestion", None)
        items.append(
            (
                s.item.section.name,
                s.item.text,
                float(s.item.points),
                float(suggestion.score) if suggestion is not None and suggestion.score is not None else None,
                float(s.self_score) if s.self_score is not None else None,
                float(s.reviewer_score) if s.reviewer_score is not None else None,
                s.reviewer_comment or s.self_comment,
                "; ".join(e.original_name for e in context["evidence"].get(s.item_id, [])),
            )
        )
    _write_sheet(book, _("Items"), items, column_formats={2: "score", 3: "score", 4: "score", 5: "score"})
    vetoes = [(_("Veto item"), _("Value"), _("Threshold"), _("Source"), _("Finding"))]
    for v in result.vetoes:
        vetoes.append(
            (
                v.text,
                _("%(label)s: %(value)s") % {"label": v.indicator.label, "value": v.indicator.shown},
                v.indicator.threshold,
                v.indicator.source,
                context["finding_labels"][v.finding],
            )
        )
    _write_sheet(book, _("Veto items"), vetoes)
    indicators = [(_("Indicator"), _("Value"), _("Threshold"), _("Source"), _("Finding"))]
    for r in result.indicators:
        indicators.append(
            (
                r.label,
                r.shown,
                r.threshold,
                f"{r.source} {r.detail}".strip(),
                context["finding_labels"][r.finding],
            )
        )
    _write_sheet(book, _("Indicators"), indicators)
    return book.close()


def assessment_pdf(context: dict) -> bytes:
    return pdf.render("assessment/report_pdf.html", context)


def ranking_xlsx(ranking, year: int) -> bytes:
    """总览与排名 as on the page: accepted assessments only, vetoed ones below the rest, totals to one
    place and shares rounded half up."""
    book = Workbook()
    rows = [(_("Rank"), _("Unit"), _("Accepted assessment"), _("Total"), _("Rating"), _("Titles"))]
    for r in ranking.rows:
        a = r.assessment
        rows.append(
            (
                r.rank,
                r.branch.name,
                f"{a.year} {a.get_period_kind_display()} {a.number}" if a else "",
                float(r.total) if r.total is not None else None,
                (_("Vetoed") if r.vetoed else a.get_rating_display()) if a else "",
                "、".join(r.titles),
            )
        )
    _write_sheet(book, str(year), rows)
    summary = [
        (_("Field"), _("Value")),
        (_("Units"), ranking.units),
        (_("Accepted assessments"), ranking.accepted),
        (_("Meeting the standard"), ranking.meeting),
        (_("Meeting the standard (%)"), _share_text(ranking.meeting_share)),
        (_("Vetoed"), ranking.vetoed),
        (_("Vetoed (%)"), _share_text(ranking.vetoed_share)),
    ]
    _write_sheet(book, _("Summary"), summary)
    return book.close()


def _share_text(share) -> str:
    return "" if share is None else f"{share}%"
