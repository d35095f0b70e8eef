"""Files in and out: standards as .xlsx (export and import), assessment reports as PDF and .xlsx."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import xlsxwriter
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import rules
from .exceptions import StandardInvalid

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 1000

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
ITEM_COLUMNS = ("section", "text", "points", "guidance", "evidence_expected", "indicator")
VETO_COLUMNS = ("text", "indicator")


def _write_rows(sheet, rows, bold=None):
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                value = value.isoformat()
            value = rules.escape_cell(value if not hasattr(value, "as_tuple") else float(value))
            sheet.write(r, c, value if value is not None else "", bold if r == 0 and bold else None)


def standard_xlsx(spec: dict) -> bytes:
    """Three sheets: standard (key/value), items, vetoes; the import reads the same layout."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    _write_rows(
        book.add_worksheet("standard"), [("key", "value")] + [(k, spec.get(k)) for k in HEADER_KEYS], bold
    )
    _write_rows(
        book.add_worksheet("items"),
        [ITEM_COLUMNS] + [tuple(i.get(c) for c in ITEM_COLUMNS) for i in spec["items"]],
        bold,
    )
    _write_rows(
        book.add_worksheet("vetoes"),
        [VETO_COLUMNS] + [tuple(v.get(c) for c in VETO_COLUMNS) for v in spec["vetoes"]],
        bold,
    )
    book.close()
    return out.getvalue()


def _check_archive(data: bytes) -> None:
    if len(data) > MAX_IMPORT_BYTES:
        raise StandardInvalid(_("The file is larger than 2 MB."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise StandardInvalid(_("The file unpacks to more than 20 MB and is refused."))
    except zipfile.BadZipFile:
        raise StandardInvalid(_("This is not an .xlsx file.")) from None


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
        if row and _text(row[0]) in HEADER_KEYS:
            spec[_text(row[0])] = row[1] if len(row) > 1 else ""
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
    spec["vetoes"] = table(sheets.get("vetoes", [[]]), VETO_COLUMNS)
    return spec


def assessment_xlsx(context: dict) -> bytes:
    """The assessment's items, scores, evidence list and veto findings in one workbook."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
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
    _write_rows(book.add_worksheet(_("Summary")[:31]), [(_("Field"), _("Value"))] + summary, bold)
    items = [
        (
            _("Section"),
            _("Item"),
            _("Points"),
            _("Self score"),
            _("Reviewer score"),
            _("Comment"),
            _("Evidence"),
        )
    ]
    for s in context["scores"]:
        items.append(
            (
                s.item.section.name,
                s.item.text,
                float(s.item.points),
                float(s.self_score) if s.self_score is not None else None,
                float(s.reviewer_score) if s.reviewer_score is not None else None,
                s.reviewer_comment or s.self_comment,
                "; ".join(e.original_name for e in context["evidence"].get(s.item_id, [])),
            )
        )
    _write_rows(book.add_worksheet(_("Items")[:31]), items, bold)
    vetoes = [(_("Veto item"), _("Value"), _("Threshold"), _("Source"), _("Finding"))]
    for v in result.vetoes:
        vetoes.append(
            (
                v.text,
                v.indicator.shown,
                v.indicator.threshold,
                v.indicator.source,
                context["finding_labels"][v.finding],
            )
        )
    _write_rows(book.add_worksheet(_("Veto items")[:31]), vetoes, bold)
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
    _write_rows(book.add_worksheet(_("Indicators")[:31]), indicators, bold)
    book.close()
    return out.getvalue()


def assessment_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("assessment/report_pdf.html", context)
    return HTML(string=html).write_pdf()
