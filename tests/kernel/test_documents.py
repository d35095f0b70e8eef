"""The kernel's document writers (unionhome.documents): the one formula escaper, the .xlsx
workbook and the PDF renderer."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from branches import rules
from unionhome.documents import pdf, sheets


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+86", "'+86"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # already quoted: quoted again, so that one quote comes off on import
        ("'quoted", "'quoted"),
        ("张三", "张三"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(value, escaped):
    assert sheets.escape_cell(value) == escaped
    assert rules.unescape_formula(escaped) == value


@pytest.mark.parametrize("value", [5, -1, 0.5, -2.5, Decimal("-3.10"), None, True, dt.date(2026, 1, 5)])
def test_numbers_dates_and_none_are_untouched(value):
    assert sheets.escape_cell(value) is value


def _cells(content: bytes, sheet=None) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_workbook_writes_header_formats_and_escaped_text():
    rows = [
        ["=HYPERLINK(1)", 3, Decimal("12.50"), dt.date(2026, 1, 5), None, True],
        ["-5", -5, Decimal("0"), dt.datetime(2026, 1, 5, 9, 30), "", False],
    ]
    content = sheets.xlsx_bytes(
        ["名称", "数", "金额", "日期", "空", "是否"], rows, name="表一", widths=[20] * 6
    )
    cells = _cells(content, "表一")
    assert cells[0] == ["名称", "数", "金额", "日期", "空", "是否"]
    assert cells[1] == ["'=HYPERLINK(1)", 3, 12.5, dt.datetime(2026, 1, 5), None, True]
    assert cells[2] == ["'-5", -5, 0, dt.datetime(2026, 1, 5, 9, 30), None, False]
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws["A1"].font.b
    assert ws["C2"].number_format == "#,##0.00"
    assert ws["D2"].number_format == "yyyy-mm-dd"
    assert ws["D3"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.column_dimensions["A"].width == pytest.approx(20, abs=1)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()  # no cell is a formula


def test_decimals_may_be_rates_and_a_title_row_comes_first():
    book = sheets.Workbook()
    book.sheet("rates", ["率"], title="=标题", decimal_format="percent").write_rows([[Decimal("0.25")]])
    ws = openpyxl.load_workbook(io.BytesIO(book.close())).active
    assert ws["A1"].value == "'=标题" and ws["A3"].value == "率"
    assert ws["A4"].value == 0.25 and ws["A4"].number_format == "0.0%"


def test_constant_memory_mode_streams_rows_to_a_file_with_progress(tmp_path):
    target = tmp_path / "big.xlsx"
    seen = []
    book = sheets.Workbook(str(target), constant_memory=True)
    sheet = book.sheet("big", ["n", "text"], freeze=True)
    count = sheet.write_rows(([n, f"+{n}"] for n in range(2500)), progress=seen.append)
    assert book.close() is None
    assert count == 2500 and seen == [1000, 2000]
    cells = _cells(target.read_bytes())
    assert len(cells) == 2501 and cells[2500] == [2499, "'+2499"]


def test_xlsx_response_is_a_download_with_a_system_made_name():
    response = sheets.xlsx_response(b"PK", label="花名册", slug="roster")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="roster-')
    assert response["X-Content-Type-Options"] == "nosniff"


def _fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_renders_chinese_text_with_the_font_embedded(tmp_path):
    content = pdf.render_html("<p>职工之家 困难职工档案表</p>")
    assert content.startswith(b"%PDF")
    fonts = _fonts(content, tmp_path).splitlines()[2:]  # after the two header lines
    assert any("NotoSansCJK" in line.replace("-", "") for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts)  # every font embedded ("emb" column)
    path = tmp_path / "doc.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "职工之家 困难职工档案表" in text


RARE_NAME = "张\U00020000\U0002a6a5"  # 𠀀 and 𪚥: CJK Extension B, beyond Noto Sans CJK


def _text(content: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_name_with_extension_b_characters_prints_as_glyphs(tmp_path):
    """A missing fallback font fails here (no skip): the image and CI install fonts-hanazono."""
    content = pdf.render_html(f"<p>申请人：{RARE_NAME}</p>")
    fonts = _fonts(content, tmp_path).splitlines()[2:]
    assert any("HanaMin" in line for line in fonts), fonts
    assert all(line.split()[-5] == "yes" for line in fonts)
    assert RARE_NAME in _text(content, tmp_path)


def test_every_pdf_template_names_the_fallback_font():
    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates"
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "font-family" in text and "@page" in text:
            assert "{% pdf_fonts %}" in text, path


def test_the_page_font_stack_falls_back_to_hanazono():
    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text(encoding="utf-8")
    assert '"HanaMinB"' in css and '"HanaMinA"' in css


def test_pdf_renders_a_template_and_returns_a_pdf_download(tmp_path, settings):
    # A new TEMPLATES value (not an in-place change) so that Django rebuilds its template engines.
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}, *settings.TEMPLATES[1:]]
    (tmp_path / "doc_test.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    content = pdf.render("doc_test.html", {"title": "会员信息采集表"})
    assert "NotoSansCJK" in _fonts(content, tmp_path).replace("-", "")
    response = pdf.pdf_response(content, label="会员信息采集表", slug="member-sheet")
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="member-sheet-' in response["Content-Disposition"]


def test_pdf_fetches_static_files_and_nothing_else(tmp_path):
    fetcher = pdf._fetcher()
    response = fetcher.fetch((pdf.static_root() / "favicon.svg").as_uri())
    assert b"<svg" in response.read()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in (
        outside.as_uri(),
        (pdf.static_root() / ".." / "manage.py").as_uri(),
        "http://127.0.0.1:9/x.png",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_image_and_ci_install_the_fallback_font():
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    assert "fonts-hanazono" in (base / "Dockerfile").read_text(encoding="utf-8")
    assert "fonts-hanazono" in (base / ".ci" / "run").read_text(encoding="utf-8")
