"""The assessment report PDF laid out as the paper form: headers on one line, 无 for an empty veto
table, a signature, date and seal block."""

from __future__ import annotations

import re
import subprocess

from django.urls import reverse


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    run = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return run.stdout.decode()


def _report(client_for, world, assessment) -> str:
    response = client_for(world.users["district"]).get(
        reverse("assessment:assessment_pdf", args=[assessment.pk])
    )
    assert response.status_code == 200
    return _text(response.content)


def test_report_headers_print_whole_on_one_line(
    world, std_home, clear_home_facts, make_assessment, client_for
):
    text = _report(
        client_for, world, make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    )
    lines = text.splitlines()
    for header in ("否决项", "数值", "标准", "数据来源", "结果", "部分", "分值", "自评分", "复核分", "说明"):
        assert any(header in line for line in lines), header
    # a header squeezed to one character per line leaves lines of a single Chinese character
    lonely = [line.strip() for line in text.splitlines() if re.fullmatch(r"\s*[\u4e00-\u9fff]\s*", line)]
    assert lonely == []


def test_an_empty_veto_table_says_none(world, std_small, make_assessment, client_for):
    text = _report(
        client_for,
        world,
        make_assessment(world.branch_a1, std_small, kind="annual", number=1, state="reviewed"),
    )
    veto_part = text.split("否决项", 1)[1].split("考核项目与得分", 1)[0]
    assert "无" in veto_part


def test_the_report_ends_with_signature_date_and_seal(
    world, std_home, clear_home_facts, make_assessment, client_for
):
    text = _report(
        client_for, world, make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    )
    flat = text.replace(" ", "")
    assert "被考核单位（盖章）" in flat and "考核单位（盖章）" in flat
    assert "负责人（签字）：" in flat and "考核人（签字）：" in flat
    assert flat.count("年月日") >= 2


def test_pages_show_scores_to_one_decimal_right_aligned(
    world, std_home, clear_home_facts, make_assessment, client_for
):
    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    client = client_for(world.users["district"])
    page = client.get(reverse("assessment:assessment_detail", args=[a.pk])).content.decode()
    assert 'id="total">100.0</div>' in page and '<td class="num">50.0</td>' in page
    listing = client.get(reverse("assessment:index")).content.decode()
    assert '<td class="num">100.0</td>' in listing


def test_the_report_workbook_keeps_scores_numeric_with_one_decimal_shown(
    world, std_home, clear_home_facts, make_assessment, client_for
):
    import io

    import openpyxl

    a = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="reviewed")
    response = client_for(world.users["officer"]).get(reverse("assessment:assessment_xlsx", args=[a.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["考核项目"]
    headers = [c.value for c in sheet[1]]
    assert headers[2:6] == ["分值", "建议得分", "自评分", "复核分"], headers
    assert sheet[2][3].value is None  # the first item is scored by hand: no suggestion
    for cell in (sheet[2][2], sheet[2][4], sheet[2][5]):  # points, self and reviewer scores
        assert isinstance(cell.value, int | float) and cell.number_format == "0.0", (
            cell.value,
            cell.number_format,
        )
