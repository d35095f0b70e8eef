"""The roster import streams: rows are checked and written chunk by chunk, and a problem in a late
chunk still leaves nothing behind; a preview and the import it confirms find the same problems."""

import pytest

from branches import roster_io, services
from branches.exceptions import RosterImportRefused
from branches.models import Worker
from branches.services import imports as roster_imports
from tests.branches.roster_files import row, xlsx
from tests.branches.test_roster_import import refusal, run, state
from tests.factories import WorkerFactory

pytestmark = pytest.mark.usefixtures("chinese")


@pytest.fixture
def small_chunks(monkeypatch):
    """Two rows per chunk, so that a five-row file is written in three goes."""
    monkeypatch.setattr(roster_imports, "IMPORT_CHUNK", 2)


def preview(actor, unit, rows):
    sheet = roster_io.open_roster(xlsx(rows))
    return services.roster_import_preview(actor=actor, unit=unit, rows=sheet.rows())


def test_a_good_file_is_written_chunk_by_chunk(world, small_chunks):
    done = []
    plan = run(world.users["officer"], world.ent_a, [row(n) for n in range(1, 6)], progress=done.append)
    assert done == [2, 4, 5], "the rows read after each chunk"
    assert (plan.total, plan.created) == (5, 5)
    assert set(Worker.objects.filter(name__startswith="新职工").values_list("name", flat=True)) == {
        f"新职工{n}" for n in range(1, 6)
    }


def test_a_problem_in_the_last_chunk_undoes_the_chunks_already_written(world, small_chunks):
    rows = [row(1), row(2), row(3), row(4), row(5, 性别="女")]  # the fifth row's ID is a man's
    assert refusal(world.users["officer"], world.ent_a, rows) == [(6, "性别", "女", "性别与身份证号不符。")]
    assert not Worker.objects.filter(name__startswith="新职工").exists()


def test_a_duplicate_in_a_later_chunk_is_reported_against_the_first_row(world, small_chunks):
    rows = [row(1), row(2), row(3), row(4, 身份证号=row(1)["身份证号"])]
    assert refusal(world.users["officer"], world.ent_a, rows) == [
        (5, "身份证号", row(1)["身份证号"], "该身份证号与本文件第 2 行重复。")
    ]


def test_every_problem_of_every_chunk_is_listed(world, small_chunks):
    rows = [row(1, 状态="x"), row(2), row(3), row(4), row(5, 姓名="")]
    assert [(p[0], p[1]) for p in refusal(world.users["officer"], world.ent_a, rows)] == [
        (2, "状态"),
        (6, "姓名"),
    ]


def test_a_card_the_file_takes_from_one_worker_is_not_free_for_a_later_row(world, small_chunks):
    """Checked against the roster before the import, in the preview and in the import alike."""
    holder = WorkerFactory(branch=world.branch_a1, card_number="HZ-OLD", card_issued=True, is_member=True)
    rows = [
        row(
            1, 身份证号=holder.id_number, 姓名=holder.name, 性别=holder.get_gender_display()
        ),  # takes HZ000001
        row(2),
        row(3, 会员证号="HZ-OLD"),  # in a later chunk, after the holder's row was written
    ]
    rows[0]["会员证号"] = "HZ-NEW"
    expected = [(4, "会员证号", "HZ-OLD", "该会员证号已被其他职工使用。")]
    shown = preview(world.users["officer"], world.ent_a, rows).problems
    assert [(p.row, p.column, p.value, p.reason) for p in shown] == expected
    assert refusal(world.users["officer"], world.ent_a, rows) == expected
    holder.refresh_from_db()
    assert holder.card_number == "HZ-OLD"


def test_missing_workers_are_marked_left_after_a_chunked_import(world, small_chunks):
    plan = run(world.users["officer"], world.branch_a1, [row(1), row(2), row(3)], mark_missing_as_left=True)
    assert plan.missing_active == 1
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == Worker.Status.LEFT


def test_a_row_cap_passed_while_reading_refuses_the_file_and_writes_nothing(world, settings, small_chunks):
    """A sheet whose <dimension> under-states its rows is still stopped at the cap."""
    from tests.branches.roster_files import rezip

    data = xlsx([row(n) for n in range(1, 5)])
    sheet_xml = rezip_read(data, "xl/worksheets/sheet1.xml").replace(b'ref="A1:L5"', b'ref="A1:L2"')
    data = rezip(data, replace={"xl/worksheets/sheet1.xml": sheet_xml})
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_ROWS": 3}
    sheet = roster_io.open_roster(data)
    before = state()
    with pytest.raises(roster_io.RosterFileError) as exc:
        services.roster_import(actor=world.users["officer"], unit=world.ent_a, rows=sheet.rows())
    assert str(exc.value) == "文件超过 3 行，一次最多只能导入 3 行。"
    assert state() == before


def rezip_read(data: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def test_the_refusal_is_raised_after_checking_every_chunk(world, small_chunks):
    with pytest.raises(RosterImportRefused) as exc:
        run(world.users["officer"], world.ent_a, [row(1, 姓名=""), *[row(n) for n in range(2, 8)]])
    assert len(exc.value.problems) == 1
