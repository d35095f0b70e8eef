"""An export longer than an XLSX sheet holds (1,048,576 rows with the header) goes on to further
sheets, each with the header, instead of losing the rows past the limit (XlsxWriter ignores a write
below the last row without an error)."""

import io

import openpyxl

from branches import roster_io, rules, services
from branches.models import Worker
from tests.branches.roster_files import read_back
from tests.factories import WorkerFactory


def _rows(n: int) -> list[list]:
    return [[f"职工{i}", *[None] * (len(rules.ALL_ROSTER_COLUMNS) - 1)] for i in range(n)]


def test_the_sheet_limit_is_xlsx_s_own():
    assert roster_io.SHEET_ROWS == 1_048_576 - 1  # every row of a sheet but the header


def test_rows_past_a_sheet_s_capacity_go_on_further_sheets_each_with_the_header(monkeypatch):
    monkeypatch.setattr(roster_io, "SHEET_ROWS", 3)
    seen = []
    buffer = io.BytesIO()
    count = roster_io.write_roster(buffer, _rows(7), progress=seen.append)
    assert count == 7
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)
    assert book.sheetnames == ["花名册", "花名册 (2)", "花名册 (3)"]
    sheets = [read_back(buffer.getvalue(), n) for n in range(3)]
    assert all(s[0] == list(rules.ALL_ROSTER_COLUMNS) for s in sheets)
    assert [[r[0] for r in s[1:]] for s in sheets] == [
        ["职工0", "职工1", "职工2"],
        ["职工3", "职工4", "职工5"],
        ["职工6"],
    ]


def test_a_roster_that_fills_a_sheet_exactly_makes_no_empty_sheet(monkeypatch):
    monkeypatch.setattr(roster_io, "SHEET_ROWS", 3)
    buffer = io.BytesIO()
    assert roster_io.write_roster(buffer, _rows(3)) == 3
    assert openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).sheetnames == ["花名册"]


def test_the_progress_counts_the_rows_of_every_sheet(monkeypatch):
    monkeypatch.setattr(roster_io, "SHEET_ROWS", 1500)
    monkeypatch.setattr("unionhome.documents.sheets.PROGRESS_EVERY", 1000)
    seen = []
    roster_io.write_roster(io.BytesIO(), _rows(3200), progress=seen.append)
    assert seen == [1000, 2500]


def test_the_export_of_a_long_roster_keeps_every_worker(world, monkeypatch):
    monkeypatch.setattr(roster_io, "SHEET_ROWS", 2)
    WorkerFactory.create_batch(3, branch=world.branch_a2)
    workers = Worker.objects.filter(branch__path__startswith=world.ent_a.path)
    buffer = io.BytesIO()
    count = services.roster_export(actor=world.users["officer"], workers=workers, target=buffer)
    assert count == workers.count()
    data = buffer.getvalue()
    sheets = len(openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames)
    names = [r[0] for n in range(sheets) for r in read_back(data, n)[1:]]
    assert sorted(names) == sorted(workers.values_list("name", flat=True))
