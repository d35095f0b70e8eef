"""Hostile and wrong files are refused with a clear Chinese message before any row is used."""

import io
import random
import zipfile

import pytest

from branches import roster_io
from branches.apps import check_safe_xml
from branches.exceptions import RosterFileError
from branches.rules import ALL_ROSTER_COLUMNS, ROSTER_COLUMNS
from tests.branches.roster_files import read_back, rezip, row, xlsx

pytestmark = pytest.mark.usefixtures("chinese")


def _word_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def refused(data: bytes) -> str:
    with pytest.raises(RosterFileError) as exc:
        roster_io.open_roster(data)
    return str(exc.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: b"", "文件为空。"),
        (lambda: "姓名,性别\n张三,男\n".encode(), "这不是 Excel .xlsx 文件（可能是 CSV、文本或其他格式）。"),
        (lambda: bytes(range(256)) * 8, "这不是 Excel .xlsx 文件（可能是 CSV、文本或其他格式）。"),
        (lambda: OLE2, "这是旧版 Excel（.xls）或其他 Office 97 格式文件。请另存为 .xlsx 后重试。"),
        (
            lambda: OLE2 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64,
            "工作簿设置了密码保护。请取消密码后重新保存再上传。",
        ),
        (_word_docx, "这是 Word 文档，不是 Excel 工作簿。"),
        (lambda: xlsx([row()])[:300], "文件已损坏（无法作为 .xlsx 读取）。"),
        (lambda: b"PK\x03\x04" + b"\x00" * 200, "文件已损坏（无法作为 .xlsx 读取）。"),
        (
            lambda: rezip(xlsx([row()]), drop=["xl/workbook.xml"]),
            "这不是 Excel .xlsx 文件（其中没有工作簿）。",
        ),
        (
            lambda: rezip(xlsx([row()]), replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS}),
            "文件包含 XML 实体声明，不允许上传。",
        ),
        (
            lambda: rezip(xlsx([row()]), add={"xl/media/padding.bin": b"\x00" * (3 * 1024 * 1024)}),
            "文件解压后将超过 400 MB，已拒绝。",
        ),
    ],
    ids=[
        "empty", "csv", "random-bytes", "xls-renamed", "password-protected", "word-docx",
        "truncated-zip", "corrupt-zip", "no-workbook-part", "xml-entities", "compression-ratio-bomb",
    ],
)  # fmt: skip
def test_hostile_and_wrong_files_are_refused_with_a_clear_message(make, message):
    assert refused(make()) == message


def test_a_file_that_would_inflate_past_the_limit_is_refused(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_UNCOMPRESSED_BYTES": 2 * 1024 * 1024}
    data = rezip(
        xlsx([row()]), add={"xl/media/a.bin": random.Random(1).randbytes(2_500_000)}
    )  # incompressible
    assert refused(data) == "文件解压后将超过 2 MB，已拒绝。"


def test_a_file_over_the_upload_size_is_refused(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_UPLOAD_BYTES": 1024 * 1024}
    data = rezip(xlsx([row()]), add={"xl/media/a.bin": random.Random(2).randbytes(1_200_000)})
    assert refused(data) == "文件超过 1 MB。"


def test_more_rows_than_the_cap_are_refused_before_reading_them(settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_ROWS": 2}
    assert roster_io.open_roster(xlsx([row(1), row(2)])).total == 2
    assert refused(xlsx([row(1), row(2), row(3)])) == "文件有 3 行，一次最多只能导入 2 行。"


def test_missing_columns_are_named():
    header = [c for c in ROSTER_COLUMNS if c not in ("手机号", "状态")]
    assert refused(xlsx([], header=header)) == "表头与模板不符（缺少列：手机号、状态）。"


def test_unknown_columns_are_named():
    header = [*ROSTER_COLUMNS[:-1], "备注"]
    assert refused(xlsx([], header=header)) == "表头与模板不符（缺少列：状态; 多出无法识别的列：备注）。"


def test_reordered_columns_are_refused_with_the_right_order():
    header = list(ROSTER_COLUMNS)
    header[0], header[2] = header[2], header[0]
    assert refused(xlsx([], header=header)) == "列的顺序不对，应为：" + "、".join(ROSTER_COLUMNS) + "。"


def test_an_empty_sheet_has_no_header():
    assert refused(xlsx([], header=[])).startswith("表头与模板不符（缺少列：姓名、性别")


def test_blank_rows_are_skipped_and_row_numbers_kept():
    sheet = roster_io.open_roster(xlsx([row(1), [None] * 12, row(2)]))
    assert [n for n, _cells in sheet.rows()] == [2, 4]


def test_defusedxml_is_active_for_openpyxl():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    assert check_safe_xml() == []


def test_the_start_up_check_fails_when_openpyxl_does_not_use_defusedxml(monkeypatch):
    import openpyxl.xml

    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert [e.id for e in check_safe_xml()] == ["branches.E002"]


def test_the_template_has_the_headers_drop_downs_and_an_explanation_sheet():
    data = roster_io.to_bytes(roster_io.write_template, unit_codes=[("A1", "甲一分会")], max_rows=1000)
    assert read_back(data)[0] == list(ALL_ROSTER_COLUMNS)
    assert read_back(data, 1) == [["组织编码", "所属组织"], ["A1", "甲一分会"]]
    explanation = read_back(data, 2)
    assert explanation[0] == ["列", "填写说明"]
    assert explanation[3] == ["身份证号", "必填。18 位公民身份号码（GB 11643），按此匹配已有职工。"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '"男,女"' in sheet_xml and '"正式,派遣,农民工"' in sheet_xml and '"在职,离职,退休"' in sheet_xml
    assert "组织编码'!$A$2:$A$2" in sheet_xml
    # the template itself is an importable (empty) file
    assert roster_io.open_roster(data).total == 0


def test_the_error_report_lists_row_column_value_and_reason_and_escapes_formulas():
    problems = [roster_io.Problem(3, "姓名", '=HYPERLINK("x")', "此项为必填项。")]
    data = roster_io.to_bytes(roster_io.write_report, problems)
    assert read_back(data) == [
        ["行号", "列", "内容", "原因"],
        [3, "姓名", '\'=HYPERLINK("x")', "此项为必填项。"],
    ]


def test_a_part_with_an_unsupported_compression_method_is_refused_as_damaged():
    data = bytearray(xlsx([row()]))
    entry = data.index(b"PK\x01\x02")  # the first entry of the central directory
    data[entry + 10 : entry + 12] = (99).to_bytes(2, "little")  # a compression method zipfile lacks
    assert refused(bytes(data)) == "文件已损坏（无法作为 .xlsx 读取）。"
