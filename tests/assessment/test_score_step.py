"""The score step is set per item (0.1, 0.5 or 1): read from a standard's spec, its workbook and the
editor, and the points are a multiple of it (docs/DOMAIN.md, "Assessment")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import reports, selectors, services
from assessment.exceptions import AssessmentError, StandardInvalid
from assessment.models import Standard, StandardItem
from tests.assessment.conftest import small_spec
from unionhome.models import AuditEvent


def stepped_spec(**over):
    return small_spec(
        code="stepped",
        items=[
            {"section": "组织", "text": "班子健全", "points": "59.9", "step": "0.1"},
            {"section": "民主", "text": "满意率", "points": 40, "step": "1"},
            {"section": "民主", "text": "公开", "points": "0.1", "step": "0.1"},
        ],
        **over,
    )


def test_each_item_keeps_the_step_its_standard_sets(world):
    std = services.standard_save(actor=world.users["district"], spec=stepped_spec())
    steps = {i.text: i.step for i in StandardItem.objects.filter(section__standard=std)}
    assert steps == {"班子健全": Decimal("0.1"), "满意率": Decimal(1), "公开": Decimal("0.1")}
    plain = services.standard_save(actor=world.users["district"], spec=small_spec())
    assert set(StandardItem.objects.filter(section__standard=plain).values_list("step", flat=True)) == {
        Decimal("0.5")
    }
    assert [i["step"] for i in selectors.standard_spec(std)["items"]] == [
        Decimal("0.1"), Decimal(1), Decimal("0.1")]  # fmt: skip


@pytest.mark.parametrize(
    ("step", "points"),
    [("0.2", 40), ("2", 40), ("0", 40), ("NaN", 40), ("x", 40), ("1", "39.5"), ("0.5", "39.9")],
)
def test_a_step_not_allowed_or_not_dividing_the_points_is_refused(world, step, points):
    spec = stepped_spec()
    spec["items"][1].update(step=step, points=points)
    spec["items"][0]["points"] = Decimal(100) - Decimal("0.1") - Decimal(str(points))
    if Decimal(str(points)) % Decimal("0.1") == 0:
        with pytest.raises(StandardInvalid):
            services.standard_save(actor=world.users["district"], spec=spec)
    assert not Standard.objects.filter(code="stepped").exists()
    assert not AuditEvent.objects.filter(action__startswith="assessment.standard").exists()


def test_scores_follow_the_items_own_step(world, make_assessment):
    std = services.standard_save(actor=world.users["district"], spec=stepped_spec())
    a = make_assessment(world.branch_a1, std)
    ids = {s.item.text: s.item_id for s in a.scores.select_related("item")}
    services.assessment_score(
        actor=world.users["admin"],
        assessment=a,
        scores={ids["班子健全"]: (Decimal("57.3"), "见台账"), ids["满意率"]: (Decimal(38), "")},
    )
    assert a.scores.get(item_id=ids["班子健全"]).self_score == Decimal("57.3")
    with pytest.raises(AssessmentError):
        services.assessment_score(
            actor=world.users["admin"], assessment=a, scores={ids["满意率"]: (Decimal("37.5"), "见台账")}
        )
    assert a.scores.get(item_id=ids["满意率"]).self_score == Decimal(38)


def test_the_workbook_carries_the_step_and_an_old_workbook_reads_the_default(world):
    back = reports.read_standard_xlsx(reports.standard_xlsx(stepped_spec()))
    assert [Decimal(i["step"]) for i in back["items"]] == [Decimal("0.1"), Decimal(1), Decimal("0.1")]
    saved = services.standard_save(actor=world.users["district"], spec=back)
    assert StandardItem.objects.filter(section__standard=saved, step=Decimal("0.1")).count() == 2

    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(reports.standard_xlsx(small_spec(code="old"))))
    book["items"].delete_cols(len(reports.ITEM_COLUMNS))  # a workbook from before the step column
    out = io.BytesIO()
    book.save(out)
    old = services.standard_save(
        actor=world.users["district"], spec=reports.read_standard_xlsx(out.getvalue())
    )
    assert set(StandardItem.objects.filter(section__standard=old).values_list("step", flat=True)) == {
        Decimal("0.5")
    }


def test_the_editor_sets_the_step_and_refuses_points_off_it(world, client_for):
    client = client_for(world.users["district"])
    data = {
        "code": "edited", "name": "小家标准", "issuer": "区总", "level": "small_home", "title": "model_small_home",
        "kind": "scored", "effective_date": "2025-01-01", "pass_mark": "80",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-0-section": "组织", "items-0-text": "甲", "items-0-points": "69.9", "items-0-step": "0.1",
        "items-1-section": "组织", "items-1-text": "乙", "items-1-points": "30.1", "items-1-step": "1.0",
        "vetoes-TOTAL_FORMS": "0", "vetoes-INITIAL_FORMS": "0",
    }  # fmt: skip
    page = client.get(reverse("assessment:standard_create")).content.decode()
    assert 'name="items-0-step"' in page
    refused = client.post(reverse("assessment:standard_create"), data)
    assert "分值不是计分步长的整数倍" in refused.content.decode()
    assert not Standard.objects.filter(code="edited").exists()
    data["items-1-step"] = "0.1"
    client.post(reverse("assessment:standard_create"), data)
    std = Standard.objects.get(code="edited")
    assert set(StandardItem.objects.filter(section__standard=std).values_list("step", flat=True)) == {
        Decimal("0.1")
    }
    detail = client.get(std.get_absolute_url()).content.decode()
    assert "0.1" in detail
