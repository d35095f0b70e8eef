"""Small roster files built inside the tests (no binary fixtures in the repository)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl

from branches.rules import ALL_ROSTER_COLUMNS, ROSTER_COLUMNS
from tests.factories import id_number


def row(n: int = 1, **over) -> dict:
    """A valid roster row for unit A1 (a member with an issued card)."""
    values = {
        "姓名": f"新职工{n}",
        "性别": "男",
        "身份证号": id_number(n, "M", dt.date(1985, 5, 5)),
        "手机号": "13800138000",
        "用工性质": "正式",
        "组织编码": "A1",
        "入职日期": "2020-03-01",
        "是否会员": "是",
        "入会日期": "2020-06-01",
        "会员证号": f"HZ{n:06d}",
        "是否发证": "是",
        "状态": "在职",
    }
    values.update(over)
    return values


def real_name_row(n: int = 1, **over) -> dict:
    """A valid row with the eight optional real-name columns filled in."""
    values = row(
        n,
        民族="回族",
        政治面貌="中共党员",
        学历="大学本科",
        户籍所在地="山西省太原市小店区",
        户口性质="农村",
        会籍状态="正常",
        会籍状态日期=None,
        会籍状态原因=None,
    )
    values.update(over)
    return values


def xlsx_real_name(rows: list[dict | list]) -> bytes:
    """An .xlsx with the twelve columns and the eight optional real-name ones."""
    return xlsx(rows, header=ALL_ROSTER_COLUMNS)


def xlsx(rows: list[dict | list], header=ROSTER_COLUMNS) -> bytes:
    """An .xlsx whose first sheet has the header and the rows (dicts keyed by column, or lists)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(header))
    for r in rows:
        sheet.append([r.get(c) for c in header] if isinstance(r, dict) else list(r))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None, drop=(), add: dict | None = None) -> bytes:
    """Rewrite an .xlsx's zip parts (to plant hostile content)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            content = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, content)
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def read_back(data: bytes, sheet: int = 0) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    ws = book.worksheets[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]
