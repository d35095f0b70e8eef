"""Attachment 1 and the public notice laid out as the paper forms they replace (pdftotext)."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from hardship.models import Application
from tests.hardship.factories import application_in

RARE_NAME = "张\U00020000\U0002a6a5"  # 𠀀 and 𪚥 (CJK Extension B)


def _run(*args: str, content: bytes) -> str:
    return subprocess.run([*args, "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def _text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return _run("pdftotext", "-layout", content=content)


def _attachment1(world, campaign, client_for, **kwargs):
    application = application_in(campaign, world.worker_a1, "submitted", **kwargs)
    response = client_for(world.user("officer")).get(
        reverse("hardship:attachment1_pdf", args=[application.pk])
    )
    assert response.status_code == 200
    return application, response.content


def test_attachment_1_has_the_applicant_s_signature_and_date_line(world, campaign, client_for):
    _application, content = _attachment1(world, campaign, client_for)
    flat = _text(content).replace(" ", "")
    assert "申请人（签字）：" in flat and "本人承诺以上所填内容真实" in flat
    assert flat.count("年月日") >= 2  # the applicant's date and the union's date


def test_attachment_1_leaves_the_union_s_opinion_to_the_union(world, campaign, client_for):
    application, content = _attachment1(world, campaign, client_for)
    flat = _text(content).replace(" ", "")
    opinion = flat.split("企业工会意见", 1)[1]
    assert application.get_state_display() not in flat  # 已提交: the status is not the union's opinion
    assert "负责人（签字）：" in opinion and "（盖章）" in opinion


def test_attachment_1_prints_amounts_in_yuan(world, campaign, client_for):
    _application, content = _attachment1(
        world, campaign, client_for, government_aid=Decimal("1206000"), property_loss=Decimal("0")
    )
    text = _text(content)
    assert "1,206,000.00 元" in text  # government aid
    assert "900.00 元" in text  # per capita
    assert "25,000.00 元" in text  # self-paid medical costs
    assert "1,500.00 元" in text and "1,200.00 元" in text  # members' incomes


def test_attachment_1_footnote_lists_all_four_categories(world, campaign, client_for):
    _application, content = _attachment1(world, campaign, client_for)
    flat = _text(content).replace(" ", "").replace("\n", "")
    for words in (
        "第一类",
        "1,170.00元",
        "第二类",
        "1,560.00元",
        "第三类",
        "2,340.00元",
        "第四类",
        "20,000.00元",
    ):
        assert words in flat, words


def test_a_rare_name_prints_as_glyphs_in_attachment_1(world, campaign, client_for, tmp_path):
    world.worker_a1.name = RARE_NAME
    world.worker_a1.save(update_fields=["name"])
    _application, content = _attachment1(world, campaign, client_for)
    assert RARE_NAME in _text(content)
    path = tmp_path / "a1.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "HanaMin" in fonts, fonts  # the fallback font is embedded, not a box


def test_the_public_notice_is_dated_the_day_it_was_published(world, campaign, client_for):
    published = timezone.localdate() - dt.timedelta(days=3)
    application_in(campaign, world.worker_a1, "on_notice")
    Application.objects.filter(campaign=campaign).update(
        notice_start=published, notice_end=published + dt.timedelta(days=5)
    )
    client = client_for(world.user("officer"))
    text = _text(client.get(reverse("hardship:notice_pdf", args=[campaign.pk, world.ent_a.pk])).content)
    sign = text.strip().splitlines()[-1].strip()
    assert sign == published.isoformat()
    assert timezone.localdate().isoformat() not in text
    page = client.get(reverse("hardship:notice", args=[campaign.pk, world.ent_a.pk])).content.decode()
    assert f"<br>{published.isoformat()}</p>" in page
