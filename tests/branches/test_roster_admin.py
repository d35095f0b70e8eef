"""The admin's import/export buttons (django-import-export) use the same checks and services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.models import Branch, Worker
from tests.branches.roster_files import read_back, row, xlsx
from unionhome.models import AccessLog

pytestmark = pytest.mark.usefixtures("chinese")


def admin_import(client, model: str, data: bytes, confirm: bool = True):
    url = reverse(f"admin:branches_{model}_import")
    page = client.post(
        url, {"format": "0", "import_file": SimpleUploadedFile("f.xlsx", data), "resource": "0"}
    )
    if not confirm or page.status_code != 200 or "import_file_name" not in page.content.decode():
        return page
    form = page.context["confirm_form"]
    return client.post(
        reverse(f"admin:branches_{model}_process_import"),
        {**form.initial, "resource": "0"},
        follow=True,
    )


@pytest.fixture
def admin_client_(world, client_for):
    return client_for(world.users["admin"])


def test_admin_imports_workers_through_the_roster_service(world, admin_client_):
    admin_import(admin_client_, "worker", xlsx([row(1), row(2, 组织编码="A1G")]))
    assert Worker.objects.filter(name__startswith="新职工").count() == 2
    assert Worker.objects.get(name="新职工2").branch == world.group_a1


def test_admin_import_shows_the_same_row_errors_and_writes_nothing(world, admin_client_):
    before = Worker.objects.count()
    page = admin_import(admin_client_, "worker", xlsx([row(1), row(2, 性别="女")]), confirm=False)
    text = page.content.decode()
    assert "性别与身份证号不符。" in text
    assert "import_file_name" not in text  # no confirm button
    assert Worker.objects.count() == before


def test_admin_import_refuses_a_hostile_file(world, admin_client_):
    page = admin_import(
        admin_client_, "worker", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, confirm=False
    )
    assert "这是旧版 Excel（.xls）或其他 Office 97 格式文件。" in page.content.decode()


def test_admin_import_refuses_an_id_of_another_enterprise(world, admin_client_):
    page = admin_import(
        admin_client_, "worker", xlsx([row(1, 身份证号=world.worker_b1.id_number)]), confirm=False
    )
    assert "该身份证号是其他企业（乙企业工会）花名册上的在职职工" in page.content.decode()


def test_admin_export_of_workers_is_the_roster_file_with_escaped_formulas_and_logged(world, admin_client_):
    Worker.objects.filter(pk=world.worker_a1.pk).update(name="=cmd()")
    response = admin_client_.post(reverse("admin:branches_worker_export"), {"format": "0", "resource": "0"})
    cells = read_back(response.content)
    assert cells[0][:3] == ["姓名", "性别", "身份证号"]
    assert "'=cmd()" in [r[0] for r in cells[1:]]
    assert AccessLog.objects.filter(
        kind="export", detail="roster_admin", detail_args__rows=len(cells) - 1
    ).exists()


def test_admin_imports_and_exports_units_through_the_branch_services(world, admin_client_):
    data = xlsx(
        [["A3", "甲三分会", "分会", "A"], ["A1", "甲一分会（新名）", "分会", "A"]],
        header=["组织编码", "名称", "类型", "上级编码"],
    )
    admin_import(admin_client_, "branch", data)
    assert Branch.objects.get(code="A3").get_parent() == world.ent_a
    assert Branch.objects.get(code="A1").name == "甲一分会（新名）"
    bad = xlsx([["A4", "甲四", "小组", "A"]], header=["组织编码", "名称", "类型", "上级编码"])
    page = admin_import(admin_client_, "branch", bad, confirm=False)
    assert (
        "只能填写 全国总工会/省总工会/市总工会/区总工会/产业工会/企业工会/分会/工会小组。"
        in page.content.decode()
    )
    assert not Branch.objects.filter(code="A4").exists()
    response = admin_client_.post(reverse("admin:branches_branch_export"), {"format": "0", "resource": "0"})
    assert ["A3", "甲三分会", "分会", "A"] in read_back(response.content)


def test_admin_import_applies_the_row_cap(world, admin_client_, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_MAX_ROWS": 1}
    page = admin_import(admin_client_, "worker", xlsx([row(1), row(2)]), confirm=False)
    assert "文件有 2 行，一次最多只能导入 1 行。" in page.content.decode()
    assert not Worker.objects.filter(name__startswith="新职工").exists()
