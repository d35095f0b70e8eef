"""The streaming .xlsx reader gives the values openpyxl gives, for the files real tools write."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches import roster_io
from branches.exceptions import RosterFileError
from branches.xlsx_stream import DoctypeRefused, Workbook, XlsxError
from tests.branches.roster_files import rezip, row, xlsx


def stream_rows(data: bytes) -> list[list]:
    """Our reader's rows with trailing empty cells and empty rows dropped."""
    book = Workbook(io.BytesIO(data))
    return _tidy(cells for _n, cells in book.rows())


def openpyxl_rows(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return _tidy(book.worksheets[0].iter_rows(values_only=True))


def _tidy(rows) -> list[list]:
    out = []
    for cells in rows:
        cells = list(cells)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            out.append(cells)
    return out


# Printable text, CJK, spaces at the ends. Not the OOXML escape form _xHHHH_: openpyxl neither
# writes nor reads it (Excel and XlsxWriter do; see the test of it below).
TEXT = st.one_of(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co")), min_size=1, max_size=12
    ).filter(lambda t: not re.search(r"_x[0-9A-Fa-f]{4}_", t)),
    st.sampled_from(["职工", " 张三 ", "a\tb", "1\n2", "=SUM(A1)", "0012"]),
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)
ROWS = st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=8)


def by_openpyxl(rows) -> bytes:
    """Strings in the shared-string table, dates as formatted numbers."""
    book = openpyxl.Workbook()
    for cells in rows:
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def by_xlsxwriter(rows, constant_memory: bool) -> bytes:
    """constant_memory writes strings inline; the normal mode uses the shared-string table."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"constant_memory": constant_memory, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    sheet = book.add_worksheet()
    date = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, date)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, writer=st.sampled_from(["openpyxl", "xlsxwriter", "xlsxwriter-constant-memory"]))
def test_the_stream_reads_what_openpyxl_reads(rows, writer):
    if writer == "openpyxl":
        data = by_openpyxl(rows)
    else:
        data = by_xlsxwriter(rows, constant_memory=writer.endswith("memory"))
    assert stream_rows(data) == openpyxl_rows(data)


def test_the_ooxml_escape_form_is_read_as_excel_and_xlsxwriter_write_it():
    """Excel stores a control character as _xHHHH_ and a literal "_x0041_" as "_x005F_x0041_"."""
    data = by_xlsxwriter([["_x0041_", "a\x01b"]], constant_memory=False)
    assert b"_x005F_x0041_" in zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml")
    assert stream_rows(data) == [["_x0041_", "a\x01b"]]


def test_row_numbers_follow_the_sheet_and_blank_rows_are_not_yielded():
    book = openpyxl.Workbook()
    book.active["A1"] = "a"
    book.active["C4"] = 3
    out = io.BytesIO()
    book.save(out)
    assert list(Workbook(io.BytesIO(out.getvalue())).rows()) == [(1, ["a"]), (4, [None, None, 3])]


def package(
    sheet: str, *, strings: str | None = None, styles: str | None = None, workbook_pr: str = ""
) -> bytes:
    """A minimal hand-written package, for the forms some writers use and the libraries above do not."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rels = [
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
    ]
    parts = {}
    if strings is not None:
        rels.append(
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {ns}>{strings}</sst>'
    if styles is not None:
        rels.append(
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'styles" Target="styles.xml"/>'
        )
        parts["xl/styles.xml"] = f'<?xml version="1.0"?><styleSheet {ns}>{styles}</styleSheet>'
    parts.update(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "_rels/.rels": (
                '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
            ),
            "xl/workbook.xml": (
                f'<?xml version="1.0"?><workbook {ns} {rel_ns}>{workbook_pr}'
                '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                f'relationships">{"".join(rels)}</Relationships>'
            ),
            "xl/worksheets/sheet1.xml": sheet,
        }
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode() if isinstance(text, str) else text)
    return out.getvalue()


def test_prefixed_names_cells_without_references_rich_text_and_phonetic_runs():
    sheet = (
        '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<x:sheetData><x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c>'
        '<x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>'
        '<x:row><x:c t="str"><x:f>A1&amp;"!"</x:f><x:v>张三!</x:v></x:c><x:c><x:f>1+1</x:f></x:c>'
        '<x:c t="inlineStr"><x:is><x:r><x:t>甲</x:t></x:r><x:r><x:t xml:space="preserve"> 乙</x:t></x:r></x:is></x:c>'
        '<x:c t="d"><x:v>2024-01-05T00:00:00Z</x:v></x:c><x:c><x:v>1.5E3</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    strings = (
        '<si><t>张三</t></si><si><r><t>李</t></r><r><t>四</t></r><rPh sb="0" eb="1"><t>リ</t></rPh></si>'
    )
    data = package(sheet, strings=strings)
    assert list(Workbook(io.BytesIO(data)).rows()) == [
        (1, ["张三", "李四", True, "#N/A"]),
        (2, ["张三!", None, "甲 乙", dt.datetime(2024, 1, 5), 1500.0]),
    ]


@pytest.mark.parametrize(
    ("styles", "workbook_pr", "expected"),
    [
        # zh-CN Excel writes its 年月日 date formats by built-in id (31 here) without a format code
        ('<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs>', "", dt.datetime(2024, 1, 5)),
        (
            '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
            '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176"/></cellXfs>',
            "",
            dt.datetime(2024, 1, 5),
        ),
        ('<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>', '<workbookPr date1904="1"/>',
         dt.datetime(2028, 1, 6)),
        ('<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="49"/></cellXfs>', "", 45296),
    ],
    ids=["cjk-builtin-31", "custom-年月日", "1904-calendar", "text-format-stays-a-number"],
)  # fmt: skip
def test_dates_follow_the_cell_format_and_the_calendar(styles, workbook_pr, expected):
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" s="1"><v>45296</v></c></row></sheetData></worksheet>'
    )
    data = package(sheet, styles=styles, workbook_pr=workbook_pr)
    assert list(Workbook(io.BytesIO(data)).rows()) == [(1, [expected])]


def test_a_document_type_declaration_anywhere_in_the_sheet_is_refused():
    """roster_io looks for one at the start of each part; the parser refuses any it meets later."""
    padding = "<!--" + "x" * 8000 + "-->"
    sheet = (
        f'<?xml version="1.0"?>{padding}<!DOCTYPE worksheet [<!ENTITY e "boom">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>'
    )
    data = package(sheet)
    with pytest.raises(DoctypeRefused):
        list(Workbook(io.BytesIO(data)).rows())
    with pytest.raises(RosterFileError) as exc:
        roster_io.open_roster(data)
    assert exc.value.code == "xml_entities"


def test_a_shared_string_index_out_of_range_is_a_damaged_file():
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>'
    )
    with pytest.raises(XlsxError):
        list(Workbook(io.BytesIO(package(sheet, strings="<si><t>a</t></si>"))).rows())


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_a_sheet_without_a_dimension_is_counted_before_reading(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_ROWS": 2}
    data = xlsx([row(1), row(2), row(3)])
    without = re.sub(rb"<dimension [^>]*>", b"", _sheet_xml(data))
    assert b"<dimension" not in without
    with pytest.raises(RosterFileError) as exc:
        roster_io.open_roster(rezip(data, replace={"xl/worksheets/sheet1.xml": without}))
    assert str(exc.value) == "文件有 3 行，一次最多只能导入 2 行。"


def test_a_dimension_naming_formatted_but_empty_rows_does_not_refuse_a_small_file(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_ROWS": 10}
    data = xlsx([row(1), row(2)])
    ghost = re.sub(rb"<dimension [^>]*>", b'<dimension ref="A1:XFD1048576"/>', _sheet_xml(data))
    sheet = roster_io.open_roster(rezip(data, replace={"xl/worksheets/sheet1.xml": ghost}))
    assert sheet.total == 2
    assert [n for n, _cells in sheet.rows()] == [2, 3]


def test_an_upload_on_disk_is_read_from_its_path(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx([row(1), row(2)]))
    sheet = roster_io.open_roster(roster_io.check_path(path))
    assert [n for n, _cells in sheet.rows()] == [2, 3]


def test_an_upload_gone_from_disk_is_a_clear_refusal(tmp_path):
    with pytest.raises(RosterFileError) as exc:
        roster_io.check_path(tmp_path / "gone.xlsx")
    assert exc.value.code == "gone"


def test_a_large_shared_string_table_is_read_from_disk_with_the_same_values(monkeypatch):
    from branches import xlsx_stream

    rows = [[f"职工{n}", "男" if n % 2 else "女", f"1101{n:014d}", n] for n in range(300)]
    data = by_xlsxwriter(rows, constant_memory=False)
    monkeypatch.setattr(xlsx_stream, "SPILL_STRINGS_BYTES", 0)
    book = Workbook(io.BytesIO(data))
    assert isinstance(book.strings, xlsx_stream._DiskStrings) and len(book.strings) == 602
    assert _tidy(cells for _n, cells in book.rows()) == openpyxl_rows(data) == rows
    book.close()


@pytest.mark.parametrize("index", ["-1", "5"])
def test_a_shared_string_index_outside_the_table_is_refused_on_disk_too(monkeypatch, index):
    from branches import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "SPILL_STRINGS_BYTES", 0)
    sheet = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" t="s"><v>{index}</v></c></row></sheetData></worksheet>'
    )
    with pytest.raises(XlsxError):
        list(Workbook(io.BytesIO(package(sheet, strings="<si><t>a</t></si><si><t>b</t></si>"))).rows())
