"""Browser: an officer downloads the template, uploads a file with errors, reads the report, fixes the
file, imports it and finds the new workers in the roster."""

import datetime as dt

import openpyxl
import pytest

from tests.conftest import build_world
from tests.factories import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(template, target, rows):
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    for r in rows:
        sheet.append(r)
    book.save(target)


def test_officer_imports_a_roster_file_after_fixing_its_errors(page, live_server, login, shot, tmp_path):
    world = build_world()
    login("officer")
    page.goto(f"{live_server.url}/office/roster/")
    page.click("#import-link")
    page.wait_for_selector("#template-link")
    with page.expect_download() as info:
        page.click("#template-link")
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    header = [c.value for c in openpyxl.load_workbook(template).worksheets[0][1]]
    assert header[:3] == ["姓名", "性别", "身份证号"]

    good_id = id_number(11, "F", dt.date(1992, 3, 4))
    bad = [
        [
            "赵六",
            "男",
            good_id,
            "13900001111",
            "正式",
            "A1",
            "2023-05-01",
            "是",
            "2023-06-01",
            "",
            "否",
            "在职",
        ],
        [
            "钱七",
            "女",
            id_number(12, "F", dt.date(1993, 1, 2)),
            "",
            "派遣",
            "A2",
            "2023/5/1",
            "是",
            None,
            "",
            "否",
            "在职",
        ],
    ]
    wrong = tmp_path / "wrong.xlsx"
    fill(template, wrong, bad)
    page.select_option("select[name=unit]", str(world.ent_a.pk))
    page.set_input_files("input[name=file]", str(wrong))
    page.click("#submit-id-submit")
    page.wait_for_selector("#problems")
    report = page.locator("#problems").inner_text()
    assert "性别与身份证号不符。" in report  # row 2: 赵六 has a woman's ID number
    assert "会员必须填写入会日期。" in report  # row 3: a member without a join date
    assert "文件中有 2 处问题，未导入任何数据。" in page.locator("#refusal").inner_text()
    with page.expect_download() as info:
        page.click("#report-link")
    report_file = tmp_path / "errors.xlsx"
    info.value.save_as(report_file)
    errors = openpyxl.load_workbook(report_file).worksheets[0]
    assert [c.value for c in errors[2]][:2] == [2, "性别"]
    shot("roster-import-errors")

    bad[0][1] = "女"
    bad[1][8] = "2023年6月1日"
    fixed = tmp_path / "fixed.xlsx"
    fill(template, fixed, bad)
    page.click("text=上传改正后的文件")
    page.select_option("select[name=unit]", str(world.ent_a.pk))
    page.set_input_files("input[name=file]", str(fixed))
    page.click("#submit-id-submit")
    page.wait_for_selector("#preview")
    assert "将新增 2 名职工" in page.locator("#preview").inner_text()
    shot("roster-import-preview")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#result")
    assert "新增 2 名" in page.locator("#result").inner_text()

    page.click("text=返回花名册")
    page.wait_for_selector("#roster-table")
    table = page.locator("#roster-table").inner_text()
    assert "赵六" in table and "钱七" in table
    assert good_id not in table  # masked on screen
    shot("roster-after-import")


def test_officer_imports_a_file_with_another_enterprises_worker_and_starts_a_transfer(
    page, live_server, login, shot, tmp_path
):
    """Import meets transfer: the preview lists the worker of 乙企业 apart; ticking the box imports
    the other row and starts a transfer that 乙企业's officer then releases."""
    from branches.models import MembershipTransfer, Worker
    from tests.branches.roster_files import real_name_row, xlsx_real_name

    world = build_world()
    other = world.worker_b1
    data = xlsx_real_name(
        [
            real_name_row(1),
            real_name_row(2, 身份证号=other.id_number, 姓名=other.name, 会员证号="HZ-B1", 组织编码="A1G"),
        ]
    )
    path = tmp_path / "roster.xlsx"
    path.write_bytes(data)
    login("officer")
    page.goto(f"{live_server.url}/office/roster/import/")
    page.select_option("select[name=unit]", str(world.ent_a.pk))
    page.set_input_files("input[name=file]", str(path))
    page.click("#submit-id-submit")
    page.wait_for_selector("#claims")
    claims = page.locator("#claims").inner_text()
    # The file's own name and the masked ID are shown; the other union is never named.
    assert other.name in claims and other.masked_id_number in claims and "可申请会员关系转接" in claims
    assert "乙企业工会" not in claims and other.id_number not in claims
    shot("roster-import-claims")
    page.check("input[name=start_transfers]")
    page.click("#confirm-form button[type=submit]")
    page.wait_for_selector("#transfers-started")
    assert "已发起 1 项会员关系转接" in page.locator("#transfers-started").inner_text()
    assert Worker.objects.filter(name="新职工1", branch=world.branch_a1).exists()
    other.refresh_from_db()
    assert other.branch == world.branch_b1  # nothing moves before the release
    transfer = MembershipTransfer.objects.get(worker=other)
    assert transfer.state == "claimed"
    shot("roster-import-transfers-started")
