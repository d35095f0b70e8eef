import datetime as dt

import pytest

from assessment import services
from assessment.models import Assessment, Evidence
from tests.assessment.conftest import home_spec, small_spec
from tests.conftest import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _logout(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_load_state()


def test_branch_self_checks_officer_accepts_and_the_enterprise_shows_its_veto_panel(
    page, live_server, login, shot, tmp_path
):
    world = build_world()
    district = world.users["district"]
    services.standard_save(actor=district, spec=small_spec())
    home = services.standard_save(actor=district, spec=home_spec())
    year = dt.date.today().year
    annual = services.assessment_create(
        actor=world.users["officer"], branch=world.ent_a, standard=home, period_kind="annual", year=year
    )

    # the branch officer opens this quarter's self-check of the own branch and fills it in
    login("branch")
    page.click("nav >> text=建家考核")
    page.click("#new-assessment")
    page.select_option("#id_unit", label="甲一分会")
    page.select_option("#id_standard", label="小家标准 v1")
    page.select_option("#id_period_kind", "quarterly")
    page.fill("#id_year", str(year))
    page.fill("#id_number", "4")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#score-table")
    a = Assessment.objects.get(branch=world.branch_a1)
    items = {s.item.text: s.item_id for s in a.scores.select_related("item")}
    page.fill(f"input[name=score-{items['班子健全']}]", "55")
    page.fill(f"textarea[name=comment-{items['班子健全']}]", "换届材料齐全")
    page.fill(f"input[name=score-{items['满意率']}]", "38")
    page.click("#save-scores")
    page.wait_for_selector(".alert-success >> text=已保存：")
    evidence = tmp_path / "换届选举材料.pdf"
    evidence.write_bytes(PDF)
    page.select_option("#evidence-item", str(items["班子健全"]))
    page.set_input_files("#evidence-file", str(evidence))
    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector(".alert-success >> text=已上传：")
    assert "换届选举材料.pdf" in page.locator("#score-table").inner_text()
    assert page.locator("#total").inner_text() == "93.0"
    shot("assessment-self-check")
    page.click("#action-submit")
    page.wait_for_selector("#state >> text=已自评")
    _logout(page)

    # the union officer reviews with own scores and accepts
    login("officer")
    page.goto(f"{live_server.url}/office/assessment/{a.pk}/")
    page.fill(f"input[name=score-{items['班子健全']}]", "54")
    page.fill(f"textarea[name=comment-{items['班子健全']}]", "核实无误")
    page.fill(f"input[name=score-{items['满意率']}]", "36")
    page.click("#save-scores")
    page.wait_for_selector(".alert-success >> text=已保存：")
    page.click("#action-review")
    page.wait_for_selector("#state >> text=已复核")
    page.click("#action-accept")
    page.wait_for_selector("#state >> text=已验收")
    assert page.locator("#total").inner_text() == "90.0"
    assert page.locator("#rating").inner_text() == "达到标准"
    shot("assessment-accepted")
    a.refresh_from_db()
    assert a.state == "accepted" and a.total == 90 and Evidence.objects.filter(assessment=a).count() == 1

    # the enterprise's annual assessment: veto panel with live findings, and the total
    page.goto(f"{live_server.url}/office/assessment/{annual.pk}/")
    panel = page.locator("#veto-panel").inner_text()
    assert "入会率低于95%" in panel and "100.00%" in panel  # every worker of A is a member
    assert "60%以上分会达不到模范职工小家标准" in panel and "50.00%" in panel  # A1 meets, A2 has none
    # no congress recorded for A this year: the democracy facts trigger the veto
    assert "未建立职代会制度" in panel and "0次职工代表大会" in panel and "触发否决" in panel
    assert page.locator("#total").inner_text() == "0.0"  # scores to one decimal
    assert "未达到标准" in page.locator("#rating").inner_text()
    shot("assessment-enterprise-veto-panel")
